import Foundation
import GeoKit

/// A case as one flat record: listings, map layers (its features' properties), exports and
/// notices. The people responsible are named fields (`unit`, `head`, `staff`, `routed_*`), so
/// the public view leaves out exactly those.
public struct CaseRecordShape: RedactableShape {
    public var id: Int64
    public var number: String
    public var status: CaseStatus
    public var severity: Severity
    public var overdue: Bool
    public var supervised: Bool
    public var supervisionLevel: String?
    public var expanded: Bool
    public var recurrenceOf: String?
    public var areaId: Int64
    public var areaCode: String
    public var areaName: String
    public var areaKind: ProtectedAreaKind
    public var zone: ZoneKind?
    public var activity: String
    public var overlapM2: Double
    public var detectedOn: Day
    public var dueOn: Day
    public var verdict: String?
    public var transferDepartment: String?
    public var transferReceipt: String?
    public var villageCode: String?
    public var villageName: String?
    public var townshipCode: String?
    public var townshipName: String?
    public var countyCode: String?
    public var countyName: String?
    public var cellCode: String?
    public var routed: Bool
    public var routedOn: Day?
    // On the detection day (the record), then now (whom the case goes to).
    public var unit: String?
    public var head: String?
    public var staff: String
    public var routedUnit: String?
    public var routedHead: String?
    public var routedStaff: String

    /// The fields anyone may see (anonymous callers of a public service).
    public static let publicFields: Set<String> = [
        "id", "number", "status", "severity", "overdue", "supervised", "supervision_level", "expanded", "area_id", "area_code",
        "area_name", "area_kind", "zone", "activity", "overlap_m2", "detected_on", "due_on", "verdict", "transfer_department",
        "village_code", "village_name", "township_code", "township_name", "county_code", "county_name", "cell_code",
        "recurrence_of", "routed", "routed_on",
    ]

    /// The record of `c`, judged overdue or not on `today`.
    public init(_ c: Case, today: Day) {
        (id, number, status, severity) = (c.id, c.number, c.status, c.severity)
        overdue = c.isOverdue(on: today)
        supervised = c.supervision != nil
        supervisionLevel = c.supervision?.level
        expanded = c.expanded
        recurrenceOf = c.recurrenceOf?.number
        (areaId, areaCode, areaName, areaKind, zone) = (c.area.id, c.area.code, c.area.name, c.area.kind, c.area.zone)
        activity = c.activity
        overlapM2 = rounded(c.overlapM2, places: 1)
        (detectedOn, dueOn) = (c.detectedOn, c.dueOn)
        verdict = c.verdict?.name
        (transferDepartment, transferReceipt) = (c.transfer?.department, c.transfer?.receipt)
        let chain = c.responsibility?.chain ?? []
        func cell(_ level: String) -> CellReference? { chain.first { $0.level == level } }
        (villageCode, villageName) = (cell("village")?.code, cell("village")?.name)
        (townshipCode, townshipName) = (cell("township")?.code, cell("township")?.name)
        (countyCode, countyName) = (cell("county")?.code, cell("county")?.name)
        cellCode = c.responsibility?.cell?.code
        routed = c.isRouted
        routedOn = c.routedOn
        (unit, head, staff) = (c.responsibility?.unit, c.responsibility?.head, c.responsibility?.staff.joined(separator: ", ") ?? "")
        (routedUnit, routedHead, routedStaff) = (c.routing?.unit, c.routing?.head, c.routing?.staff.joined(separator: ", ") ?? "")
    }
}

extension CaseRecordShape {
    /// The record as JSON, built member by member: the same value as its `Encodable` form
    /// (`JSONValue.encoding`; a test compares the two), without the encoder's boxes and key
    /// conversions, which were a third of a case page's time.
    public var json: JSONValue {
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        return .object([
            ("id", .int(id)), ("number", .string(number)), ("status", .string(status.rawValue)), ("severity", .string(severity.rawValue)),
            ("overdue", .bool(overdue)), ("supervised", .bool(supervised)), ("supervision_level", text(supervisionLevel)),
            ("expanded", .bool(expanded)), ("recurrence_of", text(recurrenceOf)), ("area_id", .int(areaId)),
            ("area_code", .string(areaCode)), ("area_name", .string(areaName)), ("area_kind", .string(areaKind.rawValue)),
            ("zone", text(zone?.rawValue)), ("activity", .string(activity)), ("overlap_m2", .double(overlapM2)),
            ("detected_on", .string(detectedOn.description)), ("due_on", .string(dueOn.description)), ("verdict", text(verdict)),
            ("transfer_department", text(transferDepartment)), ("transfer_receipt", text(transferReceipt)),
            ("village_code", text(villageCode)), ("village_name", text(villageName)), ("township_code", text(townshipCode)),
            ("township_name", text(townshipName)), ("county_code", text(countyCode)), ("county_name", text(countyName)),
            ("cell_code", text(cellCode)), ("routed", .bool(routed)), ("routed_on", text(routedOn?.description)),
            ("unit", text(unit)), ("head", text(head)), ("staff", .string(staff)),
            ("routed_unit", text(routedUnit)), ("routed_head", text(routedHead)), ("routed_staff", .string(routedStaff)),
        ])
    }
}

/// One event of a case's history. Anonymous callers see when and what changed, not who did it
/// or their note.
public struct CaseEventShape: RedactableShape {
    public var at: String
    public var actor: String
    public var action: String
    public var from: CaseStatus?
    public var to: CaseStatus
    public var note: String?

    public static let publicFields: Set<String> = ["at", "action", "from", "to"]

    /// Shapes the domain value(s) given.
    public init(_ e: CaseEvent) {
        (at, actor, action, from, to, note) = (e.at, e.actor, e.action, e.from, e.to, e.note)
    }
}

/// A field photo attached to a case (GPS and the officer's name: signed-in callers only).
public struct AttachmentShape: Shape {
    public var path: String
    public var sha256: String
    public var by: String
    public var at: String
    public var distanceM: Double?

    /// Shapes the domain value(s) given.
    public init(_ a: Attachment) {
        (path, sha256, by, at, distanceM) = (a.path, a.sha256, a.by, a.at, a.distanceM)
    }
}

/// One case in full: its record, revision (the ETag), damage outline, what may be done next,
/// its history, links to its before/after chips and, for signed-in callers, its attachments.
/// The CLI's `cases show --json` and `GET /api/v1/cases/{id}` print this same shape.
public struct CaseDetailShape: Shape {
    public var record: JSONValue
    public var revision: Int
    public var geometry: JSONValue
    public var allowedActions: [String]
    /// What the caller may do now: the allowed actions if their role may move cases, else none.
    public var yourActions: [String]
    /// `geo:` link of the damage's centroid, for the phone's navigation app.
    public var geoUri: String?
    /// The rectification plan, its due day, the progress last reported from the field and the acceptance
    /// (nil before a plan, and for anonymous callers).
    public var rectification: Rectification?
    public var history: [JSONValue]
    public var chips: [String]
    /// Nil (left out) for anonymous callers.
    public var attachments: [AttachmentShape]?

    /// The detail of `c` as `audience` sees it; `evidence` is the workspace's evidence folder;
    /// `mayAct` whether the caller's role may move cases (the CLI's operator may).
    public init(_ c: Case, events: [CaseEvent], attachments: [Attachment], audience: Audience, evidence: String,
                mayAct: Bool = true, today: Day) {
        record = audience.view(CaseRecordShape(c, today: today)).json
        revision = c.revision
        geometry = c.geometry.geoJSONValue
        allowedActions = CaseLifecycle.allowedActions(for: c)
        yourActions = mayAct ? allowedActions : []
        geoUri = MyCases.centroid(of: c).map(MyCases.geoURI)
        rectification = audience == .signedIn ? c.rectification : nil  // its plan and notes are people's words, like event notes
        history = events.map { audience.view(CaseEventShape($0)).json }
        chips = Self.chips(c, evidence: evidence)
        self.attachments = audience == .signedIn ? attachments.map(AttachmentShape.init) : nil
    }

    /// The before/after chips of a case as API links: public imagery, shown to anyone; field photos never.
    public static func chips(_ c: Case, evidence: String) -> [String] {
        let folder = URL(fileURLWithPath: evidence).appendingPathComponent(c.number).path
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter(EvidenceFiles.isChip).sorted()
        return files.map { "/api/v1/cases/\(c.id)/evidence/\($0)" }
    }

    enum CodingKeys: CodingKey { case revision, geometry, allowedActions, yourActions, geoUri, rectification, history, chips, attachments }

    /// The record's fields first (flat), then the rest; `attachments` only when present.
    public func encode(to encoder: any Encoder) throws {
        var flat = encoder.container(keyedBy: JSONKey.self)
        for (key, value) in record.objectValue ?? [] { try flat.encode(value, forKey: JSONKey(key)) }
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(revision, forKey: .revision)
        try c.encode(geometry, forKey: .geometry)
        try c.encode(allowedActions, forKey: .allowedActions)
        try c.encode(yourActions, forKey: .yourActions)
        try c.encode(geoUri, forKey: .geoUri)
        try c.encode(rectification, forKey: .rectification)
        try c.encode(history, forKey: .history)
        try c.encode(chips, forKey: .chips)
        if let attachments { try c.encode(attachments, forKey: .attachments) }
    }
}
