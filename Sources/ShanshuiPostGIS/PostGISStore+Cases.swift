import Foundation
import GeoKit
import PostgresNIO
import Shanshui

extension PostGISStore: CaseStore {
    public func cases(_ filter: CaseFilter) async throws -> [Case] {
        try await read { db in try await db.rows(CaseRow.query(CaseRow.select, filter, tail: "ORDER BY \(CaseSort.orderBy(filter.sort))"), of: "case").map(CaseRow.decode) }
    }

    public func `case`(_ idOrNumber: String) async throws -> Case? {
        try await read { db in
            try await db.rows("\(unescaped: CaseRow.select) WHERE c.number = \(idOrNumber) OR c.id = \(Int64(idOrNumber))", of: "case")
                .first.map(CaseRow.decode)
        }
    }

    public func events(caseID: Int64) async throws -> [CaseEvent] {
        try await read { db in
            try await db.rows("SELECT * FROM case_event WHERE case_id = \(caseID) ORDER BY id", of: "case_event").map { r in
                CaseEvent(caseID: try r.get("case_id"), at: try r.get("at"), actor: try r.get("actor"), action: try r.get("action"),
                          from: try r.get("from_status", as: String?.self) == nil ? nil : try r.value("from_status"),
                          to: try r.value("to_status"), note: try r.get("note"),
                          hash: try r.get("hash", as: String?.self))
            }
        }
    }

    public func update(_ c: Case, expectedRevision: Int, event: CaseEvent) async throws {
        try await write { db in
            try await CaseChange.update(c, expectedRevision: expectedRevision, event: event, in: PostGISAreaCommit(db: db))
        }
    }

    public func attachments(caseID: Int64) async throws -> [Attachment] {
        try await read { db in
            try await db.rows("SELECT * FROM case_attachment WHERE case_id = \(caseID) ORDER BY id", of: "case_attachment").map { r in
                let lon: Double? = try r.get("lon"), lat: Double? = try r.get("lat")
                return Attachment(caseID: try r.get("case_id"), path: try r.get("path"), sha256: try r.get("sha256"), by: try r.get("by"),
                                  at: try r.get("at"), position: lon.flatMap { x in lat.map { Coordinate(x, $0) } },
                                  distanceM: try r.get("distance_m"))
            }
        }
    }

    public func attach(_ a: Attachment, to c: Case, expectedRevision: Int?, event: CaseEvent) async throws {
        try await write { db in
            try await CaseChange.attach(a, to: c, expectedRevision: expectedRevision, event: event, in: PostGISAreaCommit(db: db))
        }
    }
}

/// The PostGIS dialect of `CaseChange`: the statements that change a case (its revision, read
/// with a row lock, and its events are those of an area's commit).
extension PostGISAreaCommit {
    func updateCase(_ c: Case) async throws {
        try await db.run(try """
            UPDATE "case" SET status = \(c.status.rawValue), severity = \(c.severity.rawValue), verdict = \(try CaseRow.json(c.verdict)),
                rectification = \(try CaseRow.json(c.rectification)), transfer = \(try CaseRow.json(c.transfer)),
                supervision = \(try CaseRow.json(c.supervision)), due_on = \(c.dueOn.description), expanded = \(c.expanded),
                overlap_m2 = \(c.overlapM2), revision = \(c.revision), geom = ST_Multi(ST_GeomFromWKB(\(Data(try c.geometry.wkb)), 4326)),
                routing = \(try CaseRow.json(c.routing)), routed_on = \(c.routedOn?.description), routed = \(c.isRouted)
            WHERE id = \(c.id)
            """)
    }

    func insertAttachment(_ a: Attachment) async throws {
        try await db.run("""
            INSERT INTO case_attachment (case_id, path, sha256, by, at, lon, lat, distance_m)
            VALUES (\(a.caseID), \(a.path), \(a.sha256), \(a.by), \(a.at), \(a.position?.x), \(a.position?.y), \(a.distanceM))
            """)
    }

    func lastEventHash(caseID: Int64) async throws -> String? {
        try await db.run(#"SELECT id FROM "case" WHERE id = \#(caseID) FOR UPDATE"#)
        return try await db.column("SELECT hash FROM case_event WHERE case_id = \(caseID) ORDER BY id DESC LIMIT 1", String?.self, of: "case_event").first ?? nil
    }

    func insertEventRow(_ e: CaseEvent, hash: String) async throws {
        try await insertEventRows([(e, hash)])
    }

    /// Events with their chain hashes, in statements of many rows (`insertRows`).
    func insertEventRows(_ events: [(event: CaseEvent, hash: String)]) async throws {
        try await insertRows(events.count, "INSERT INTO case_event (case_id, at, actor, action, from_status, to_status, note, hash)") { k, binds in
            let (e, hash) = events[k], n = binds.count
            binds.append(e.caseID)
            binds.append(e.at)
            binds.append(e.actor)
            binds.append(e.action)
            binds.append(e.from?.rawValue)
            binds.append(e.to.rawValue)
            binds.append(e.note)
            binds.append(hash)
            return "(" + Self.placeholders(binds, from: n).joined(separator: ", ") + ")"
        }
    }

    func insertNotice(_ n: Notice, at: String, ignoringDuplicates: Bool) async throws -> Bool {
        try await OutboxRow.insert(n, at: at, db, ignoringDuplicates: ignoringDuplicates)
    }
}

/// Row mapping of cases and their JSON columns (PostGIS dialect).
enum CaseRow {
    static let select = """
        SELECT c.*, ST_AsBinary(c.geom) AS wkb, ARRAY(SELECT patch_id FROM case_patch p WHERE p.case_id = c.id ORDER BY patch_id) AS patches,
            (SELECT number FROM "case" o WHERE o.id = c.recurrence_of) AS recurrence_number
        FROM "case" c
        """

    static func decode(_ r: StoredPostgresRow) throws -> Case {
        var c = Case(id: try r.get("id"), number: try r.get("number"), severity: try r.value("severity"),
                     area: try r.requiredJSON(CaseArea.self, "area"), activity: try r.get("activity"),
                     geometry: try PostGISStore.geometry(try r.get("wkb")) ?? .multiPolygon([]),
                     overlapM2: try r.get("overlap_m2"), patchIDs: try r.get("patches"),
                     responsibility: try r.json(ResponsibilitySnapshot.self, "responsibility"),
                     detectedOn: try r.day("detected_on"), dueOn: try r.day("due_on"))
        c.status = try r.value("status")
        c.expanded = try r.get("expanded")
        c.verdict = try r.json(Verdict.self, "verdict")
        c.rectification = try r.json(Rectification.self, "rectification")
        c.transfer = try r.json(Transfer.self, "transfer")
        c.supervision = try r.json(Supervision.self, "supervision")
        c.revision = try r.get("revision")
        c.routing = try r.json(ResponsibilitySnapshot.self, "routing")
        c.routedOn = try r.optionalDay("routed_on")
        if let id = try r.get("recurrence_of", as: Int64?.self) {
            c.recurrenceOf = CaseReference(id: id, number: try r.get("recurrence_number", as: String?.self) ?? "")
        }
        return c
    }

    static func json<T: Encodable>(_ value: T?) throws -> String? { try JSONColumn.encode(value) }

    /// The stored text of the verdict that keeps a verified case overdue.
    static let overdueVerdict = try! JSONColumn.encode(Case.overdueVerifiedVerdict)!

}
