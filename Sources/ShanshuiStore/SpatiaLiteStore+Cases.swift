import Foundation
import GeoKit
import GRDB
import Shanshui

extension SpatiaLiteStore: CaseStore {
    public func cases(_ filter: CaseFilter) async throws -> [Case] {
        let (where_, arguments) = Self.caseFilter(filter)
        return try await pool.read { db in
            try Row.fetchAll(db, sql: #"SELECT \#(CaseRow.columns) FROM "case" c WHERE \#(where_) ORDER BY \#(CaseSort.orderBy(filter.sort))"#,
                             arguments: arguments).map(CaseRow.decode)
        }
    }

    public func `case`(_ idOrNumber: String) async throws -> Case? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: """
                SELECT \(CaseRow.columns)
                FROM "case" c WHERE c.number = ? OR c.id = ?
                """, arguments: [idOrNumber, Int64(idOrNumber)]).map(CaseRow.decode)
        }
    }

    public func events(caseID: Int64) async throws -> [CaseEvent] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM case_event WHERE case_id = ? ORDER BY id", arguments: [caseID]).map { row in
                let r = StoredRow(row, table: "case_event")
                return try CaseEvent(caseID: r["case_id"], at: r["at"], actor: r["actor"], action: r["action"],
                                     from: (r["from_status"] as String?) == nil ? nil : r.value("from_status"),
                                     to: r.value("to_status"), note: r["note"], hash: r["hash"])
            }
        }
    }

    public func update(_ c: Case, expectedRevision: Int, event: CaseEvent) async throws {
        try await pool.write { db in
            try WriterSteps.drive(db) { steps in
                try await CaseChange.update(c, expectedRevision: expectedRevision, event: event, in: SpatiaLiteAreaCommit(steps: steps))
            }
        }
    }

    public func attachments(caseID: Int64) async throws -> [Attachment] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM case_attachment WHERE case_id = ? ORDER BY id", arguments: [caseID]).map { row in
                let r = StoredRow(row, table: "case_attachment")
                let lon: Double? = try r["lon"], lat: Double? = try r["lat"]
                return try Attachment(caseID: r["case_id"], path: r["path"], sha256: r["sha256"], by: r["by"], at: r["at"],
                                  position: lon.flatMap { x in lat.map { Coordinate(x, $0) } }, distanceM: r["distance_m"])
            }
        }
    }

    public func attach(_ a: Attachment, to c: Case, expectedRevision: Int?, event: CaseEvent) async throws {
        try await pool.write { db in
            try WriterSteps.drive(db) { steps in
                try await CaseChange.attach(a, to: c, expectedRevision: expectedRevision, event: event, in: SpatiaLiteAreaCommit(steps: steps))
            }
        }
    }
}

/// The SpatiaLite dialect of `CaseChange`: the writer's statements that change a case (its
/// revision and events are read and appended as in an area's commit).
extension SpatiaLiteAreaCommit {
    func updateCase(_ c: Case) async throws {
        try await steps.run { db in
            try db.execute(sql: """
                UPDATE "case" SET status = ?, severity = ?, verdict = ?, rectification = ?, transfer = ?, supervision = ?,
                    due_on = ?, expanded = ?, overlap_m2 = ?, revision = ?, geom = CastToMultiPolygon(GeomFromWKB(?, 4326)),
                    routing = ?, routed_on = ?, routed = ?
                WHERE id = ?
                """, arguments: [c.status.rawValue, c.severity.rawValue, try CaseRow.json(c.verdict), try CaseRow.json(c.rectification),
                                 try CaseRow.json(c.transfer), try CaseRow.json(c.supervision), c.dueOn.description,
                                 c.expanded, c.overlapM2, c.revision, Data(try c.geometry.wkb),
                                 try CaseRow.json(c.routing), c.routedOn?.description, c.isRouted, c.id])
        }
    }

    func insertAttachment(_ a: Attachment) async throws {
        try await steps.run { db in
            try db.execute(sql: """
                INSERT INTO case_attachment (case_id, path, sha256, by, at, lon, lat, distance_m) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [a.caseID, a.path, a.sha256, a.by, a.at, a.position?.x, a.position?.y, a.distanceM])
        }
    }

    func lastEventHash(caseID: Int64) async throws -> String? {
        // The transaction is the only writer: nothing to lock.
        try await steps.run { db in
            try String.fetchOne(db, sql: "SELECT hash FROM case_event WHERE case_id = ? ORDER BY id DESC LIMIT 1", arguments: [caseID])
        }
    }

    func insertEventRow(_ e: CaseEvent, hash: String) async throws {
        try await steps.run { db in
            try db.cachedStatement(sql: "INSERT INTO case_event (case_id, at, actor, action, from_status, to_status, note, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .execute(arguments: [e.caseID, e.at, e.actor, e.action, e.from?.rawValue, e.to.rawValue, e.note, hash])
        }
    }

    func insertNotice(_ n: Notice, at: String, ignoringDuplicates: Bool) async throws -> Bool {
        try await steps.run { db in try OutboxRow.insert(n, at: at, db, ignoringDuplicates: ignoringDuplicates) }
    }
}

/// Row mapping of cases and their JSON columns (SpatiaLite dialect).
enum CaseRow {
    /// The columns a case is decoded from (`c` is the case table).
    static let columns = """
        c.*, AsBinary(c.geom) AS wkb, (SELECT group_concat(patch_id) FROM case_patch p WHERE p.case_id = c.id) AS patches,
        (SELECT number FROM "case" o WHERE o.id = c.recurrence_of) AS recurrence_number
        """

    static func decode(_ row: Row) throws -> Case {
        let r = StoredRow(row, table: "case")
        // The linked patches come as a comma-separated list (no links: NULL).
        let patches: String? = try r["patches"]
        var c = try Case(id: r["id"], number: r["number"], severity: r.value("severity"), area: r.requiredJSON(CaseArea.self, "area"),
                         activity: r["activity"], geometry: r.geometry("wkb") ?? .multiPolygon([]), overlapM2: r["overlap_m2"],
                         patchIDs: (patches ?? "").split(separator: ",").compactMap { Int64($0) },
                         responsibility: r.json(ResponsibilitySnapshot.self, "responsibility"),
                         detectedOn: r.day("detected_on"), dueOn: r.day("due_on"))
        c.status = try r.value("status")
        c.expanded = try r["expanded"]
        c.verdict = try r.json(Verdict.self, "verdict")
        c.rectification = try r.json(Rectification.self, "rectification")
        c.transfer = try r.json(Transfer.self, "transfer")
        c.supervision = try r.json(Supervision.self, "supervision")
        c.revision = try r["revision"]
        c.routing = try r.json(ResponsibilitySnapshot.self, "routing")
        c.routedOn = try r.optionalDay("routed_on")
        if let id: Int64 = try r["recurrence_of"] { c.recurrenceOf = CaseReference(id: id, number: try r["recurrence_number"]) }
        return c
    }

    static func json<T: Encodable>(_ value: T?) throws -> String? { try JSONColumn.encode(value) }

    /// The stored text of the verdict that keeps a verified case overdue.
    static let overdueVerdict = try! JSONColumn.encode(Case.overdueVerifiedVerdict)!
}
