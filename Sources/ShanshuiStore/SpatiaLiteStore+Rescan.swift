import GRDB
import Shanshui

extension SpatiaLiteStore {
    /// Inside an area's commit: takes the replaced cases out of the ledger (their history stays)
    /// and deletes the replaced scans' patches in the area, cutting links to them.
    func replaceEarlier(_ r: AreaScanResult, _ db: Database) throws {
        for (c, event) in r.replacedCases {
            let current = try Int.fetchOne(db, sql: #"SELECT revision FROM "case" WHERE id = ?"#, arguments: [c.id])
            guard current == c.revision else { throw StaleCaseError(number: c.number, expected: c.revision, actual: current ?? 0) }
            try db.execute(sql: #"UPDATE "case" SET replaced_by = ?, revision = ? WHERE id = ?"#, arguments: [r.scanID, c.revision + 1, c.id])
            try db.execute(sql: "DELETE FROM case_patch WHERE case_id = ?", arguments: [c.id])
            try CaseRow.insert(event, db)
        }
        for old in r.replacedScans {
            let replaced = "SELECT id FROM patch WHERE scan_id = ?1 AND area_id = ?2"
            let arguments: StatementArguments = [old, r.areaID]
            try db.execute(sql: "UPDATE patch SET previous_patch_id = NULL WHERE previous_patch_id IN (\(replaced))", arguments: arguments)
            try db.execute(sql: "DELETE FROM case_patch WHERE patch_id IN (\(replaced))", arguments: arguments)
            try db.execute(sql: "DELETE FROM patch WHERE scan_id = ?1 AND area_id = ?2", arguments: arguments)
            try db.execute(sql: "UPDATE scan_area SET patches = 0, damage_m2 = 0 WHERE scan_id = ?1 AND area_id = ?2", arguments: arguments)
        }
    }
}
