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

    /// Patches stored in statements of up to `patchesPerInsert` rows: the ids are drawn from the
    /// column's sequence first, in order (the ids one insert at a time would get), so each patch's
    /// id is known without relying on the order `RETURNING` gives rows in.
    func insertPatches(_ patches: [ScanPatch]) async throws -> [Int64] {
        guard !patches.isEmpty else { return [] }
        let ids = try await db.column("SELECT nextval(pg_get_serial_sequence('patch', 'id')) FROM generate_series(1, \(patches.count))",
                                      Int64.self, of: "patch")
        guard ids.count == patches.count else { throw StoreError.constraint("drew \(ids.count) patch ids for \(patches.count) patches") }
        for start in stride(from: 0, to: patches.count, by: Self.patchesPerInsert) {
            var binds = PostgresBindings()
            var rows: [String] = []
            for k in start..<min(patches.count, start + Self.patchesPerInsert) {
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
                rows.append("(" + (1...10).map { "$\(n + $0)" }.joined(separator: ", ") + ", ST_Multi(ST_GeomFromWKB($\(n + 11), 4326)))")
            }
            try await db.run(PostgresQuery(unsafeSQL: """
                INSERT INTO patch (id, scan_id, area_id, activity, change, area_m2, perimeter_m, confidence, properties, previous_patch_id, geom)
                VALUES \(rows.joined(separator: ", "))
                """, binds: binds))
        }
        return ids
    }

    /// Rows per patch insert: 11 parameters each, well within PostgreSQL's 65,535.
    static let patchesPerInsert = 500

    func lockCaseNumbering() async throws {
        try await db.run("SELECT pg_advisory_xact_lock(7346002)")  // across every process sharing the database
    }

    func countCaseNumbers(matching pattern: String) async throws -> Int {
        try await db.column(#"SELECT COUNT(*) FROM "case" WHERE number LIKE \#(pattern)"#, Int.self, of: "case")[0]
    }

    func insertCase(_ c: Case, number: String, cellCodes: String, scanID: Int64) async throws -> Int64 {
        try await insertCase(c, number: number, cellCodes: cellCodes, scanID: scanID, linkedTo: [])
    }

    func insertCase(_ c: Case, number: String, cellCodes: String, scanID: Int64, linkedTo patchIDs: [Int64]) async throws -> Int64 {
        // One round trip for the case and its links: a stitch stores hundreds of cases.
        try await db.column(try """
            WITH c AS (
                INSERT INTO "case" (number, status, severity, area_id, area, activity, overlap_m2, expanded, responsibility, cell_codes,
                                    detected_on, due_on, scan_id, revision, geom, routing, routed_on, routed, recurrence_of)
                VALUES (\(number), \(c.status.rawValue), \(c.severity.rawValue), \(c.area.id), \(try CaseRow.json(c.area)), \(c.activity),
                        \(c.overlapM2), false, \(try CaseRow.json(c.responsibility)), \(cellCodes), \(c.detectedOn.description),
                        \(c.dueOn.description), \(scanID), \(c.revision), ST_Multi(ST_GeomFromWKB(\(Data(try c.geometry.wkb)), 4326)),
                        \(try CaseRow.json(c.routing)), \(c.routedOn?.description), \(c.isRouted), \(c.recurrenceOf?.id))
                RETURNING id),
            linked AS (INSERT INTO case_patch (case_id, patch_id) SELECT c.id, p FROM c, unnest(\(patchIDs)::bigint[]) AS p),
            marked AS (UPDATE patch SET case_id = (SELECT id FROM c) WHERE id = ANY(\(patchIDs)::bigint[]))
            SELECT id FROM c
            """, Int64.self, of: "case")[0]
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
