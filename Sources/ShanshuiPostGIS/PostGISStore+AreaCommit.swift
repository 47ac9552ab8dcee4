import Foundation
import PostgresNIO
import Shanshui

/// The PostGIS dialect of `AreaCommit` (and of `CaseChange`, in `PostGISStore+Cases`): the statements of one area's commit on one connection
/// inside its transaction, with row locks where two workers could meet.
struct PostGISAreaCommit: AreaCommitTransaction {
    let db: PostgresConnection

    func areaStatus(scanID: Int64, areaID: Int64) async throws -> String? {
        // The row lock makes a second worker committing the same area wait, then find it done.
        try await db.column("SELECT status FROM scan_area WHERE scan_id = \(scanID) AND area_id = \(areaID) FOR UPDATE", String.self, of: "scan_area").first
    }

    func caseRevision(caseID: Int64) async throws -> Int? {
        try await db.column(#"SELECT revision FROM "case" WHERE id = \#(caseID) FOR UPDATE"#, Int.self, of: "case").first
    }

    func markReplaced(caseID: Int64, by scanID: Int64, revision: Int) async throws {
        try await db.run(#"UPDATE "case" SET replaced_by = \#(scanID), revision = \#(revision) WHERE id = \#(caseID)"#)
        try await db.run("DELETE FROM case_patch WHERE case_id = \(caseID)")
    }

    func deletePatches(scanID: Int64, areaID: Int64) async throws {
        try await db.run("""
            UPDATE patch SET previous_patch_id = NULL
            WHERE previous_patch_id IN (SELECT id FROM patch WHERE scan_id = \(scanID) AND area_id = \(areaID))
            """)
        try await db.run("DELETE FROM case_patch WHERE patch_id IN (SELECT id FROM patch WHERE scan_id = \(scanID) AND area_id = \(areaID))")
        try await db.run("DELETE FROM patch WHERE scan_id = \(scanID) AND area_id = \(areaID)")
        try await db.run("UPDATE scan_area SET patches = 0, damage_m2 = 0 WHERE scan_id = \(scanID) AND area_id = \(areaID)")
    }

    /// Patches stored in statements of many rows, with ids drawn first (`drawIDs`).
    func insertPatches(_ patches: [ScanPatch]) async throws -> [Int64] {
        guard !patches.isEmpty else { return [] }
        let ids = try await drawIDs(patches.count, table: "patch")
        try await insertRows(patches.count, """
            INSERT INTO patch (id, scan_id, area_id, activity, change, area_m2, perimeter_m, confidence, properties, previous_patch_id, geom)
            """) { k, binds in
            let p = patches[k], n = binds.count
            binds.append(ids[k])
            binds.append(p.scanID)
            binds.append(p.areaID)
            binds.append(p.activity)
            binds.append(p.lineage.rawValue)
            binds.append(p.areaM2)
            binds.append(p.perimeterM)
            binds.append(p.confidence)
            binds.append(p.properties.serialized())
            binds.append(p.previousPatchID)
            try binds.append(Data(try p.geometry.wkb))
            let v = Self.placeholders(binds, from: n)
            return "(" + v[0..<10].joined(separator: ", ") + ", ST_Multi(ST_GeomFromWKB(\(v[10]), 4326)))"
        }
        return ids
    }

    /// `count` ids drawn from `table`'s id sequence, in order (the ids one insert at a time would
    /// get), so each row's id is known before it is stored, without relying on the order
    /// `RETURNING` gives rows in.
    private func drawIDs(_ count: Int, table: String) async throws -> [Int64] {
        let ids = try await db.column(PostgresQuery(unsafeSQL: """
            SELECT nextval(pg_get_serial_sequence('"\(table)"', 'id')) FROM generate_series(1, \(count))
            """), Int64.self, of: table)
        guard ids.count == count else { throw StoreError.constraint("drew \(ids.count) \(table) ids for \(count) rows") }
        return ids
    }

    /// Inserts `count` rows in statements of up to `rowsPerInsert` rows each (a stitch stores
    /// hundreds; each statement is a round trip): `head` is the INSERT up to VALUES, and `row`
    /// appends row `k`'s values to the statement's bindings and returns its tuple of placeholders.
    func insertRows(_ count: Int, _ head: String, row: (_ k: Int, _ binds: inout PostgresBindings) throws -> String) async throws {
        for start in stride(from: 0, to: count, by: Self.rowsPerInsert) {
            var binds = PostgresBindings()
            var rows: [String] = []
            for k in start..<min(count, start + Self.rowsPerInsert) { rows.append(try row(k, &binds)) }
            try await db.run(PostgresQuery(unsafeSQL: head + " VALUES " + rows.joined(separator: ", "), binds: binds))
        }
    }

    /// The placeholders (`$1`…) of the values appended to `binds` since it held `start` of them.
    static func placeholders(_ binds: PostgresBindings, from start: Int) -> [String] {
        (start..<binds.count).map { "$\($0 + 1)" }
    }

    /// Rows per insert statement: at most 19 parameters each, well within PostgreSQL's 65,535.
    static let rowsPerInsert = 500

    func lockCaseNumbering() async throws {
        try await db.run("SELECT pg_advisory_xact_lock(7346002)")  // across every process sharing the database
    }

    func countCaseNumbers(matching pattern: String) async throws -> Int {
        try await db.column(#"SELECT COUNT(*) FROM "case" WHERE number LIKE \#(pattern)"#, Int.self, of: "case")[0]
    }

    func insertCase(_ c: Case, number: String, cellCodes: String, scanID: Int64) async throws -> Int64 {
        let ids = try await drawIDs(1, table: "case")
        try await insertCaseRows([(c, number, cellCodes)], ids: ids, scanID: scanID)
        return ids[0]
    }

    /// New cases in a few statements: ids drawn first, so the events' chain hashes can be
    /// computed before they are stored; then the cases, their links and their events, each in
    /// statements of many rows.
    func insertNewCases(_ cases: [NewCase], scanID: Int64) async throws -> [Int64] {
        guard !cases.isEmpty else { return [] }
        let ids = try await drawIDs(cases.count, table: "case")
        try await insertCaseRows(cases.map { ($0.case, $0.number, $0.cellCodes) }, ids: ids, scanID: scanID)
        let links = zip(ids, cases).flatMap { id, c in c.patchIDs.map { (id, $0) } }
        if !links.isEmpty {
            let caseIDs = links.map(\.0), patchIDs = links.map(\.1)
            try await db.run("INSERT INTO case_patch (case_id, patch_id) SELECT * FROM unnest(\(caseIDs)::bigint[], \(patchIDs)::bigint[])")
            try await db.run("UPDATE patch SET case_id = v.c FROM unnest(\(caseIDs)::bigint[], \(patchIDs)::bigint[]) AS v(c, p) WHERE patch.id = v.p")
        }
        let events = zip(ids, cases).map { id, c in
            var e = c.event
            e.caseID = id
            return e
        }
        // A case stored in this transaction has no earlier event to chain to.
        try await insertEventRows(events.map { ($0, AuditChain.hash(previous: "", $0)) })
        for e in events { try await insertNotices(of: e) }
        return ids
    }

    /// The rows of `cases` with the given ids, in statements of many rows.
    private func insertCaseRows(_ cases: [(case: Case, number: String, cellCodes: String)], ids: [Int64], scanID: Int64) async throws {
        try await insertRows(cases.count, """
            INSERT INTO "case" (id, number, status, severity, area_id, area, activity, overlap_m2, expanded, responsibility, cell_codes,
                                detected_on, due_on, scan_id, revision, geom, routing, routed_on, routed, recurrence_of)
            """) { k, binds in
            let c = cases[k].case, n = binds.count
            binds.append(ids[k])
            binds.append(cases[k].number)
            binds.append(c.status.rawValue)
            binds.append(c.severity.rawValue)
            binds.append(c.area.id)
            binds.append(try CaseRow.json(c.area))
            binds.append(c.activity)
            binds.append(c.overlapM2)
            binds.append(try CaseRow.json(c.responsibility))
            binds.append(cases[k].cellCodes)
            binds.append(c.detectedOn.description)
            binds.append(c.dueOn.description)
            binds.append(scanID)
            binds.append(c.revision)
            try binds.append(Data(try c.geometry.wkb))
            binds.append(try CaseRow.json(c.routing))
            binds.append(c.routedOn?.description)
            binds.append(c.isRouted)
            binds.append(c.recurrenceOf?.id)
            let v = Self.placeholders(binds, from: n)
            return "(" + v[0..<8].joined(separator: ", ") + ", false, " + v[8..<14].joined(separator: ", ")
                + ", ST_Multi(ST_GeomFromWKB(\(v[14]), 4326)), " + v[15...].joined(separator: ", ") + ")"
        }
    }

    func extendCase(_ c: Case) async throws {
        try await db.run(try """
            UPDATE "case" SET expanded = \(c.expanded), overlap_m2 = \(c.overlapM2), revision = \(c.revision),
                              geom = ST_Multi(ST_GeomFromWKB(\(Data(try c.geometry.wkb)), 4326))
            WHERE id = \(c.id)
            """)
    }

    func link(caseID: Int64, patchID: Int64) async throws {
        // One round trip: a stitch links every patch of its new cases.
        try await db.run("WITH linked AS (INSERT INTO case_patch (case_id, patch_id) VALUES (\(caseID), \(patchID))) UPDATE patch SET case_id = \(caseID) WHERE id = \(patchID)")
    }

    func finishArea(scanID: Int64, areaID: Int64, patches: Int, damageM2: Double) async throws {
        try await db.run("""
            UPDATE scan_area SET status = 'done', patches = \(patches), damage_m2 = \(damageM2)
            WHERE scan_id = \(scanID) AND area_id = \(areaID)
            """)
    }
}
