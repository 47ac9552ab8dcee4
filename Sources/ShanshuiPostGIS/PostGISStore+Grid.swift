import Foundation
import GeoKit
import PostgresNIO
import Shanshui

extension PostGISStore: GridStore {
    public func cells() async throws -> [GridCell] {
        try await read { db in try await db.rows("\(unescaped: Self.selectCell) ORDER BY code", of: "grid_cell").map(Self.cell) }
    }

    public func cell(code: String) async throws -> GridCell? {
        try await read { db in try await db.rows("\(unescaped: Self.selectCell) WHERE code = \(code)", of: "grid_cell").first.map(Self.cell) }
    }

    public func assignments(cellCode: String) async throws -> [Assignment] {
        try await read { db in
            try await Self.assignments(db, "SELECT * FROM grid_assignment WHERE cell_code = \(cellCode) ORDER BY valid_from, id")
        }
    }

    public func assignments(asOf day: Day) async throws -> [Assignment] {
        try await read { db in
            try await Self.assignments(db, """
                SELECT * FROM grid_assignment
                WHERE valid_from <= \(day.description) AND (valid_to IS NULL OR \(day.description) < valid_to)
                ORDER BY cell_code, valid_from
                """)
        }
    }

    public func commit(_ batch: GridBatch) async throws {
        try await write { db in try await GridCommit.run(batch, in: PostGISGridCommit(db: db)) }
    }

    public func gridVersion() async throws -> Int64 {
        try await read { db in try await db.column("SELECT version FROM write_version WHERE name = 'grid'", Int64.self, of: "write_version").first ?? 0 }
    }

    // MARK: SQL (PostGIS dialect)

    static let selectCell = "SELECT code, name, level, parent_code, source, area_km2, ST_AsBinary(geom) AS wkb FROM grid_cell"

    /// A cell's stored level. - Throws: `StoredValueError` naming it when it is not a grid level.
    static func level(_ text: String) throws -> GridLevel {
        guard let level = try? GridLevel(parsing: text) else {
            throw StoredValueError(table: "grid_cell", column: "level", value: text, expected: "a grid level")
        }
        return level
    }

    static func cell(_ row: StoredPostgresRow) throws -> GridCell {
        let geometry = try geometry(try row.get("wkb")) ?? .multiPolygon([])
        return GridCell(code: try row.get("code"), name: try row.get("name"), level: try Self.level(try row.get("level")),
                        parentCode: try row.get("parent_code"), geometry: geometry, source: try row.get("source"),
                        areaKm2: try row.get("area_km2"))
    }

    /// The assignments a query selects, with their people read in one more query.
    static func assignments(_ db: PostgresConnection, _ query: PostgresQuery) async throws -> [Assignment] {
        let rows = try await db.rows(query, of: "grid_assignment")
        let ids = try rows.map { try $0.get("id", as: Int64.self) }
        var people: [Int64: [(role: String, person: Person)]] = [:]
        if !ids.isEmpty {
            for p in try await db.rows("""
                SELECT assignment_id, role, name, phone FROM grid_person WHERE assignment_id = ANY(\(ids)) ORDER BY role, position
                """, of: "grid_person") {
                people[try p.get("assignment_id"), default: []].append((try p.get("role"), try Person(name: try p.get("name"), phone: try p.get("phone"))))
            }
        }
        return try zip(rows, ids).map { row, id in
            let code: String = try row.get("cell_code")
            let persons = people[id] ?? []
            guard let head = persons.first(where: { $0.role == "head" })?.person else {
                throw StoreError.unusable("the workspace holds an assignment of cell \(code) without a grid head")
            }
            return try Assignment(cellCode: code, unit: try row.get("unit"), head: head,
                                  staff: persons.filter { $0.role == "staff" }.map(\.person),
                                  validFrom: try row.day("valid_from"), validTo: try row.optionalDay("valid_to"))
        }
    }
}
