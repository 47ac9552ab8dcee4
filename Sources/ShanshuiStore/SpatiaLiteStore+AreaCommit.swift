import Foundation
import GRDB
import Shanshui

/// The SpatiaLite dialect of `AreaCommit` (and of `CaseChange`, in `SpatiaLiteStore+Cases`): the statements of one area's commit, each run on the
/// writer's connection inside its transaction (`WriterSteps`). SQLite has one writer at a time,
/// so nothing needs a row lock.
struct SpatiaLiteAreaCommit: AreaCommitTransaction {
    let steps: WriterSteps

    func areaStatus(scanID: Int64, areaID: Int64) async throws -> String? {
        try await steps.run { db in
            try String.fetchOne(db, sql: "SELECT status FROM scan_area WHERE scan_id = ? AND area_id = ?", arguments: [scanID, areaID])
        }
    }

    func caseRevision(caseID: Int64) async throws -> Int? {
        try await steps.run { db in try Int.fetchOne(db, sql: #"SELECT revision FROM "case" WHERE id = ?"#, arguments: [caseID]) }
    }

    func markReplaced(caseID: Int64, by scanID: Int64, revision: Int) async throws {
        try await steps.run { db in
            try db.execute(sql: #"UPDATE "case" SET replaced_by = ?, revision = ? WHERE id = ?"#, arguments: [scanID, revision, caseID])
            try db.execute(sql: "DELETE FROM case_patch WHERE case_id = ?", arguments: [caseID])
        }
    }

    func deletePatches(scanID: Int64, areaID: Int64) async throws {
        try await steps.run { db in
            let replaced = "SELECT id FROM patch WHERE scan_id = ?1 AND area_id = ?2"
            let arguments: StatementArguments = [scanID, areaID]
            try db.execute(sql: "UPDATE patch SET previous_patch_id = NULL WHERE previous_patch_id IN (\(replaced))", arguments: arguments)
            try db.execute(sql: "DELETE FROM case_patch WHERE patch_id IN (\(replaced))", arguments: arguments)
            try db.execute(sql: "DELETE FROM patch WHERE scan_id = ?1 AND area_id = ?2", arguments: arguments)
            try db.execute(sql: "UPDATE scan_area SET patches = 0, damage_m2 = 0 WHERE scan_id = ?1 AND area_id = ?2", arguments: arguments)
        }
    }

    /// One insert per patch, of one statement compiled once: the writer's connection is in
    /// process, so statements cost no round trip.
    func insertPatches(_ patches: [ScanPatch]) async throws -> [Int64] {
        try await steps.run { db in
            let insert = try db.cachedStatement(sql: """
                INSERT INTO patch (scan_id, area_id, activity, change, area_m2, perimeter_m, confidence, properties, previous_patch_id, geom)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, CastToMultiPolygon(GeomFromWKB(?, 4326)))
                """)
            return try patches.map { p in
                try insert.execute(arguments: [p.scanID, p.areaID, p.activity, p.lineage.rawValue, p.areaM2, p.perimeterM, p.confidence,
                                               p.properties.serialized(), p.previousPatchID, Data(try p.geometry.wkb)])
                return db.lastInsertedRowID
            }
        }
    }

    func lockCaseNumbering() async throws {}  // the transaction is the only writer

    func countCaseNumbers(matching pattern: String) async throws -> Int {
        try await steps.run { db in try Int.fetchOne(db, sql: #"SELECT COUNT(*) FROM "case" WHERE number LIKE ?"#, arguments: [pattern]) ?? 0 }
    }

    /// Statements compiled once per connection (`cachedStatement`): an area's commit stores
    /// hundreds of cases, links and events.
    func insertCase(_ c: Case, number: String, cellCodes: String, scanID: Int64) async throws -> Int64 {
        try await steps.run { db in
            try db.cachedStatement(sql: """
                INSERT INTO "case" (number, status, severity, area_id, area, activity, overlap_m2, expanded, responsibility, cell_codes,
                                    detected_on, due_on, scan_id, revision, geom, routing, routed_on, routed, recurrence_of)
                VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, CastToMultiPolygon(GeomFromWKB(?, 4326)), ?, ?, ?, ?)
                """).execute(arguments: [number, c.status.rawValue, c.severity.rawValue, c.area.id, try CaseRow.json(c.area), c.activity,
                                 c.overlapM2, try CaseRow.json(c.responsibility), cellCodes, c.detectedOn.description,
                                 c.dueOn.description, scanID, c.revision, Data(try c.geometry.wkb), try CaseRow.json(c.routing),
                                 c.routedOn?.description, c.isRouted, c.recurrenceOf?.id])
            return db.lastInsertedRowID
        }
    }

    func extendCase(_ c: Case) async throws {
        try await steps.run { db in
            try db.execute(sql: """
                UPDATE "case" SET expanded = ?, overlap_m2 = ?, revision = ?, geom = CastToMultiPolygon(GeomFromWKB(?, 4326)) WHERE id = ?
                """, arguments: [c.expanded, c.overlapM2, c.revision, Data(try c.geometry.wkb), c.id])
        }
    }

    func link(caseID: Int64, patchID: Int64) async throws {
        try await steps.run { db in
            try db.cachedStatement(sql: "INSERT INTO case_patch (case_id, patch_id) VALUES (?, ?)").execute(arguments: [caseID, patchID])
            try db.cachedStatement(sql: "UPDATE patch SET case_id = ? WHERE id = ?").execute(arguments: [caseID, patchID])
        }
    }

    func finishArea(scanID: Int64, areaID: Int64, patches: Int, damageM2: Double) async throws {
        try await steps.run { db in
            try db.execute(sql: "UPDATE scan_area SET status = 'done', patches = ?, damage_m2 = ? WHERE scan_id = ? AND area_id = ?",
                           arguments: [patches, damageM2, scanID, areaID])
        }
    }
}
