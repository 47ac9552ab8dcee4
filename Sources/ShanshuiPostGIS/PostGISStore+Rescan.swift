import PostgresNIO
import Shanshui

extension PostGISStore {
    /// Inside an area's commit: takes the replaced cases out of the ledger (their history stays)
    /// and deletes the replaced scans' patches in the area, cutting links to them.
    static func replaceEarlier(_ r: AreaScanResult, _ db: PostgresConnection) async throws {
        for (c, event) in r.replacedCases {
            try await CaseRow.checkRevision(of: c, expected: c.revision, db)
            try await db.run(#"UPDATE "case" SET replaced_by = \#(r.scanID), revision = \#(c.revision + 1) WHERE id = \#(c.id)"#)
            try await db.run("DELETE FROM case_patch WHERE case_id = \(c.id)")
            try await CaseRow.insert(event, db)
        }
        for old in r.replacedScans {
            try await db.run("""
                UPDATE patch SET previous_patch_id = NULL
                WHERE previous_patch_id IN (SELECT id FROM patch WHERE scan_id = \(old) AND area_id = \(r.areaID))
                """)
            try await db.run("DELETE FROM case_patch WHERE patch_id IN (SELECT id FROM patch WHERE scan_id = \(old) AND area_id = \(r.areaID))")
            try await db.run("DELETE FROM patch WHERE scan_id = \(old) AND area_id = \(r.areaID)")
            try await db.run("UPDATE scan_area SET patches = 0, damage_m2 = 0 WHERE scan_id = \(old) AND area_id = \(r.areaID)")
        }
    }
}
