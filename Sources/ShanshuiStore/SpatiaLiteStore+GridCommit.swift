import Foundation
import GRDB
import Shanshui

/// The SpatiaLite dialect of `GridCommit`: each statement run on the writer's connection inside
/// its transaction (`WriterSteps`); SQLite has one writer at a time, so nothing needs a lock.
struct SpatiaLiteGridCommit: GridCommitTransaction {
    let steps: WriterSteps

    func assignmentCounts(cellCodes: [String]) async throws -> [String: Int] {
        try await steps.run { db in
            var found: [String: Int] = [:]
            for code in cellCodes {
                found[code] = try Int.fetchOne(db, sql: "SELECT count(*) FROM grid_assignment WHERE cell_code = ?", arguments: [code])
            }
            return found
        }
    }

    func insertCell(_ cell: GridCell) async throws {
        try await steps.run { db in
            try db.execute(sql: """
                INSERT INTO grid_cell (code, name, level, parent_code, area_km2, source, geom)
                VALUES (?, ?, ?, ?, ?, ?, CastToMultiPolygon(GeomFromWKB(?, 4326)))
                """, arguments: [cell.code, cell.name, cell.level.name, cell.parentCode, cell.areaKm2, cell.source,
                                 Data(try cell.geometry.wkb)])
        }
    }

    func updateCell(_ cell: GridCell) async throws {
        try await steps.run { db in
            try db.execute(sql: """
                UPDATE grid_cell SET name = ?, level = ?, parent_code = ?, area_km2 = ?, source = ?,
                                     geom = CastToMultiPolygon(GeomFromWKB(?, 4326))
                WHERE code = ?
                """, arguments: [cell.name, cell.level.name, cell.parentCode, cell.areaKm2, cell.source,
                                 Data(try cell.geometry.wkb), cell.code])
        }
    }

    func closeAssignments(cellCode: String, on day: Day) async throws {
        try await steps.run { db in
            try db.execute(sql: """
                UPDATE grid_assignment SET valid_to = ?1
                WHERE cell_code = ?2 AND valid_from < ?1 AND (valid_to IS NULL OR valid_to > ?1)
                """, arguments: [day.description, cellCode])
        }
    }

    func insertAssignment(_ a: Assignment) async throws -> Int64 {
        try await steps.run { db in
            try db.execute(sql: "INSERT INTO grid_assignment (cell_code, unit, valid_from, valid_to) VALUES (?, ?, ?, ?)",
                           arguments: [a.cellCode, a.unit, a.validFrom.description, a.validTo?.description])
            return db.lastInsertedRowID
        }
    }

    func insertPerson(_ person: Person, assignmentID: Int64, role: String, position: Int) async throws {
        try await steps.run { db in
            try db.execute(sql: "INSERT INTO grid_person (assignment_id, role, position, name, phone) VALUES (?, ?, ?, ?, ?)",
                           arguments: [assignmentID, role, position, person.name, person.phone])
        }
    }
}
