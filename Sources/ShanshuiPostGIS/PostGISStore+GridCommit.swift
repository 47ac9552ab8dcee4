import Foundation
import PostgresNIO
import Shanshui

/// The PostGIS dialect of `GridCommit`: the statements on one connection inside its transaction,
/// with advisory locks on the cells so that writers of the same cells queue.
struct PostGISGridCommit: GridCommitTransaction {
    let db: PostgresConnection

    func assignmentCounts(cellCodes: [String]) async throws -> [String: Int] {
        try await db.lock(cellCodes.map { "grid_assignment:" + $0 })
        return try await db.counts(cellCodes) {
            "SELECT cell_code, count(*) FROM grid_assignment WHERE cell_code = ANY(\($0)) GROUP BY cell_code"
        }
    }

    func insertCell(_ cell: GridCell) async throws {
        try await db.run(try """
            INSERT INTO grid_cell (code, name, level, parent_code, area_km2, source, geom)
            VALUES (\(cell.code), \(cell.name), \(cell.level.name), \(cell.parentCode), \(cell.areaKm2), \(cell.source),
                    ST_Multi(ST_GeomFromWKB(\(Data(try cell.geometry.wkb)), 4326)))
            """)
    }

    func updateCell(_ cell: GridCell) async throws {
        try await db.run(try """
            UPDATE grid_cell SET name = \(cell.name), level = \(cell.level.name), parent_code = \(cell.parentCode),
                                 area_km2 = \(cell.areaKm2), source = \(cell.source),
                                 geom = ST_Multi(ST_GeomFromWKB(\(Data(try cell.geometry.wkb)), 4326))
            WHERE code = \(cell.code)
            """)
    }

    func closeAssignments(cellCode: String, on day: Day) async throws {
        let from = day.description
        try await db.run("""
            UPDATE grid_assignment SET valid_to = \(from)
            WHERE cell_code = \(cellCode) AND valid_from < \(from) AND (valid_to IS NULL OR valid_to > \(from))
            """)
    }

    func insertAssignment(_ a: Assignment) async throws -> Int64 {
        try await db.column("""
            INSERT INTO grid_assignment (cell_code, unit, valid_from, valid_to)
            VALUES (\(a.cellCode), \(a.unit), \(a.validFrom.description), \(a.validTo?.description)) RETURNING id
            """, Int64.self, of: "grid_assignment")[0]
    }

    func insertPerson(_ person: Person, assignmentID: Int64, role: String, position: Int) async throws {
        try await db.run("""
            INSERT INTO grid_person (assignment_id, role, position, name, phone)
            VALUES (\(assignmentID), \(role), \(position), \(person.name), \(person.phone))
            """)
    }
}
