import Foundation
import GeoKit
import GRDB
import Shanshui

extension SpatiaLiteStore: GridStore {
    public func cells() async throws -> [GridCell] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "\(Self.selectCell) ORDER BY code").map(Self.cell)
        }
    }

    public func cell(code: String) async throws -> GridCell? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "\(Self.selectCell) WHERE code = ?", arguments: [code]).map(Self.cell)
        }
    }

    public func assignments(cellCode: String) async throws -> [Assignment] {
        try await pool.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM grid_assignment WHERE cell_code = ? ORDER BY valid_from, id",
                                        arguments: [cellCode])
            return try Self.assignments(rows, db)
        }
    }

    public func assignments(asOf day: Day) async throws -> [Assignment] {
        try await pool.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT * FROM grid_assignment
                WHERE valid_from <= ?1 AND (valid_to IS NULL OR ?1 < valid_to)
                ORDER BY cell_code, valid_from
                """, arguments: [day.description])
            return try Self.assignments(rows, db)
        }
    }

    public func commit(_ batch: GridBatch) async throws {
        // The write transaction is IMMEDIATE (GRDB's default for writes): it holds the write lock
        // from its first statement, so the counts read here cannot change before it commits.
        try await pool.write { db in
            try WriterSteps.drive(db) { steps in try await GridCommit.run(batch, in: SpatiaLiteGridCommit(steps: steps)) }
        }
    }

    public func gridVersion() async throws -> Int64 {
        try requestReads.gridVersion()
    }

    // MARK: SQL (SpatiaLite dialect)

    static let selectCell = "SELECT code, name, level, parent_code, source, area_km2, AsBinary(geom) AS wkb FROM grid_cell"

    static func cell(_ row: Row) throws -> GridCell {
        let r = StoredRow(row, table: "grid_cell")
        let level: String = try r["level"]
        guard let gridLevel = try? GridLevel(parsing: level) else {
            throw StoredValueError(table: "grid_cell", column: "level", value: level, expected: "a grid level")
        }
        return try GridCell(code: r["code"], name: r["name"], level: gridLevel, parentCode: r["parent_code"],
                            geometry: r.geometry("wkb") ?? .multiPolygon([]), source: r["source"], areaKm2: r["area_km2"])
    }

    /// The assignments of these rows with their people, read in one query per thousand assignments.
    static func assignments(_ rows: [Row], _ db: Database) throws -> [Assignment] {
        let ids = try rows.map { try StoredRow($0, table: "grid_assignment")["id"] as Int64 }
        var people: [Int64: [(role: String, person: Person)]] = [:]
        for start in stride(from: 0, to: ids.count, by: 900) {
            let chunk = Array(ids[start..<min(ids.count, start + 900)])
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            let sql = "SELECT assignment_id, role, name, phone FROM grid_person WHERE assignment_id IN (\(marks)) ORDER BY role, position"
            for p in try Row.fetchAll(db.cachedStatement(sql: sql), arguments: StatementArguments(chunk)) {
                let r = StoredRow(p, table: "grid_person")
                people[try r["assignment_id"], default: []].append((try r["role"], try Person(name: r["name"], phone: r["phone"])))
            }
        }
        return try zip(rows, ids).map { row, id in
            let r = StoredRow(row, table: "grid_assignment")
            let code: String = try r["cell_code"]
            let persons = people[id] ?? []
            guard let head = persons.first(where: { $0.role == "head" })?.person else {
                throw StoreError.unusable("the workspace holds an assignment of cell \(code) without a grid head")
            }
            return try Assignment(cellCode: code, unit: r["unit"], head: head, staff: persons.filter { $0.role == "staff" }.map(\.person),
                                  validFrom: r.day("valid_from"), validTo: r.optionalDay("valid_to"))
        }
    }
}
