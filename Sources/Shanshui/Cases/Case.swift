import GeoKit

/// A case (线索/问题) in the problem ledger: a damage patch touching a protected area, the
/// people responsible for the land on the detection day, and where the follow-up stands.
public struct Case: Sendable, Hashable {
    public var id: Int64
    /// Ledger number shown to people, e.g. `2026-000123`.
    public var number: String
    public var status: CaseStatus
    public var severity: Severity
    /// The protected area and zone it touches.
    public var area: CaseArea
    /// Activity type of the patch (mining, construction, road, water_works, reclamation, farming, other).
    public var activity: String
    /// The damage outline (lon/lat), the union of its patches.
    public var geometry: Geometry
    /// Overlap of the damage with the protected area, m².
    public var overlapM2: Double
    /// The ids of the patches that make it (grows when the damage expands in later scans).
    public var patchIDs: [Int64]
    /// True once a later scan found the damage grown.
    public var expanded: Bool
    /// Who answers for the land, as recorded on the detection day (kept for the record).
    public var responsibility: ResponsibilitySnapshot?
    /// Who the case goes to: the people responsible for its cell on `routedOn` (the flagging
    /// day, then the day a cell's assignment changed). Nobody when its `head` is nil.
    public var routing: ResponsibilitySnapshot?
    /// The day `routing` was looked up.
    public var routedOn: Day?
    /// The closed case this one is a recurrence (复发) of: the damage was seen again after it closed.
    public var recurrenceOf: CaseReference?
    /// The after-epoch date of the scan that found it.
    public var detectedOn: Day
    /// When verification is due (and, while rectifying, when rectification is due).
    public var dueOn: Day
    public var verdict: Verdict?
    public var rectification: Rectification?
    public var transfer: Transfer?
    public var supervision: Supervision?
    /// Bumped on every change: the ETag officers' updates are checked against.
    public var revision: Int

    /// Makes a new flagged case.
    public init(id: Int64 = 0, number: String = "", severity: Severity, area: CaseArea, activity: String, geometry: Geometry,
                overlapM2: Double, patchIDs: [Int64], responsibility: ResponsibilitySnapshot?, detectedOn: Day, dueOn: Day,
                routing: ResponsibilitySnapshot? = nil, routedOn: Day? = nil) {
        self.id = id
        self.number = number
        self.status = .flagged
        self.severity = severity
        self.area = area
        self.activity = activity
        self.geometry = geometry
        self.overlapM2 = overlapM2
        self.patchIDs = patchIDs
        self.expanded = false
        self.responsibility = responsibility
        self.routing = routing
        self.routedOn = routedOn
        self.detectedOn = detectedOn
        self.dueOn = dueOn
        self.revision = 1
    }

    /// True when somebody (a grid head) is responsible for the case now.
    public var isRouted: Bool { routing?.head != nil }

    /// True when the current step's due day has passed on `day`.
    public func isOverdue(on day: Day) -> Bool {
        guard day > dueOn else { return false }
        return Self.overdueStatuses.contains(status) || (status == .verified && verdict == Self.overdueVerifiedVerdict)
    }

    /// The statuses in which a case past its due day is overdue whatever its verdict: open, and
    /// neither waiting for acceptance nor verified (stores filter on this list, `CaseFilter.overdueOn`).
    public static let overdueStatuses: [CaseStatus] = CaseStatus.allCases.filter { $0.isOpen && $0 != .accepted && $0 != .verified }

    /// A verified case past its due day is overdue only with this verdict (the damage is real and
    /// awaits its rectification plan); a false positive or a permit only awaits closing.
    public static let overdueVerifiedVerdict = Verdict.confirmed
}

/// Another case named by a case (its id and ledger number).
public struct CaseReference: Sendable, Hashable, Codable {
    public var id: Int64
    public var number: String

    /// Makes the reference.
    public init(id: Int64, number: String) {
        self.id = id
        self.number = number
    }
}

/// The protected area (and zone) a case touches, copied into the case as it was on detection.
public struct CaseArea: Sendable, Hashable, Codable {
    public var id: Int64
    public var code: String
    public var name: String
    public var kind: ProtectedAreaKind
    public var zone: ZoneKind?

    /// Makes the reference.
    public init(id: Int64, code: String, name: String, kind: ProtectedAreaKind, zone: ZoneKind?) {
        self.id = id
        self.code = code
        self.name = name
        self.kind = kind
        self.zone = zone
    }
}

/// The grid cell chain and people responsible for a case's land on its detection day.
/// Names and phones are personal data: public outputs drop this whole value.
public struct ResponsibilitySnapshot: Sendable, Hashable, Codable {
    /// Cells from the village up to the county: (level, code, name).
    public var chain: [CellReference]
    public var unit: String?
    /// `NAME:PHONE`.
    public var head: String?
    /// `NAME:PHONE` each.
    public var staff: [String]

    /// Makes a snapshot.
    public init(chain: [CellReference], unit: String?, head: String?, staff: [String]) {
        self.chain = chain
        self.unit = unit
        self.head = head
        self.staff = staff
    }

    /// The lowest cell (the village), if any.
    public var cell: CellReference? { chain.first }
}

/// A grid cell named in a case.
public struct CellReference: Sendable, Hashable, Codable {
    public var level: String
    public var code: String
    public var name: String

    /// Makes the reference.
    public init(level: String, code: String, name: String) {
        self.level = level
        self.code = code
        self.name = name
    }
}

/// The rectification plan agreed after a confirmed verdict.
public struct Rectification: Sendable, Hashable, Codable {
    public var plan: String
    public var dueOn: Day
    /// How far the work has come, in percent, as last reported from the field (nil before any report).
    public var progress: Int?
    /// Filled on acceptance.
    public var acceptance: String?

    /// Makes a plan.
    public init(plan: String, dueOn: Day, progress: Int? = nil, acceptance: String? = nil) {
        self.plan = plan
        self.dueOn = dueOn
        self.progress = progress
        self.acceptance = acceptance
    }
}

/// A transfer (移送) to another department.
public struct Transfer: Sendable, Hashable, Codable {
    public var department: String
    public var receipt: String

    /// Makes a transfer record.
    public init(department: String, receipt: String) {
        self.department = department
        self.receipt = receipt
    }
}
