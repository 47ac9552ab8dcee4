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
            var found: [String: Int] = [:]
            for code in batch.expectedAssignmentCounts.keys {
                found[code] = try Int.fetchOne(db, sql: "SELECT count(*) FROM grid_assignment WHERE cell_code = ?", arguments: [code])
            }
            try ConcurrentChangeError.check(expected: batch.expectedAssignmentCounts, found: found, noun: "cell")
            for cell in batch.newCells {
                try db.execute(sql: """
                    INSERT INTO grid_cell (code, name, level, parent_code, area_km2, source, geom)
                    VALUES (?, ?, ?, ?, ?, ?, CastToMultiPolygon(GeomFromWKB(?, 4326)))
                    """, arguments: [cell.code, cell.name, cell.level.name, cell.parentCode, cell.areaKm2, cell.source,
                                     Data(try cell.geometry.wkb)])
            }
            for cell in batch.updatedCells {
                try db.execute(sql: """
                    UPDATE grid_cell SET name = ?, level = ?, parent_code = ?, area_km2 = ?, source = ?,
                                         geom = CastToMultiPolygon(GeomFromWKB(?, 4326))
                    WHERE code = ?
                    """, arguments: [cell.name, cell.level.name, cell.parentCode, cell.areaKm2, cell.source,
                                     Data(try cell.geometry.wkb), cell.code])
            }
            for a in batch.assignments {
                try db.execute(sql: """
                    UPDATE grid_assignment SET valid_to = ?1
                    WHERE cell_code = ?2 AND valid_from < ?1 AND (valid_to IS NULL OR valid_to > ?1)
                    """, arguments: [a.validFrom.description, a.cellCode])
                try db.execute(sql: "INSERT INTO grid_assignment (cell_code, unit, valid_from, valid_to) VALUES (?, ?, ?, ?)",
                               arguments: [a.cellCode, a.unit, a.validFrom.description, a.validTo?.description])
                let id = db.lastInsertedRowID
                for (role, people) in [("head", [a.head]), ("staff", a.staff)] {
                    for (position, person) in people.enumerated() {
                        try db.execute(sql: "INSERT INTO grid_person (assignment_id, role, position, name, phone) VALUES (?, ?, ?, ?, ?)",
                                       arguments: [id, role, position, person.name, person.phone])
                    }
                }
            }
        }
    }

    public func gridVersion() async throws -> Int64 {
        try requestReads.read { db in try Int64.fetchOne(db.cachedStatement(sql: "SELECT version FROM write_version WHERE name = 'grid'")) ?? 0 }
    }

    // MARK: SQL (SpatiaLite dialect)

    static let selectCell = "SELECT code, name, level, parent_code, source, area_km2, AsBinary(geom) AS wkb FROM grid_cell"

    static func cell(_ row: Row) throws -> GridCell {
        let wkb: Data? = row["wkb"]
        let geometry = try wkb.map { try Geometry(wkb: [UInt8]($0)) } ?? .multiPolygon([])
        let level: String = row["level"]
        return GridCell(code: row["code"], name: row["name"], level: try GridLevel(parsing: level),
                        parentCode: row["parent_code"], geometry: geometry, source: row["source"], areaKm2: row["area_km2"])
    }

    /// The assignments of these rows with their people, read in one query per thousand assignments.
    static func assignments(_ rows: [Row], _ db: Database) throws -> [Assignment] {
        let ids = rows.map { $0["id"] as Int64 }
        var people: [Int64: [(role: String, person: Person)]] = [:]
        for start in stride(from: 0, to: ids.count, by: 900) {
            let chunk = Array(ids[start..<min(ids.count, start + 900)])
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            for p in try Row.fetchAll(db, sql: "SELECT assignment_id, role, name, phone FROM grid_person WHERE assignment_id IN (\(marks)) ORDER BY role, position",
                                      arguments: StatementArguments(chunk)) {
                people[p["assignment_id"], default: []].append((p["role"], try Person(name: p["name"], phone: p["phone"])))
            }
        }
        return try zip(rows, ids).map { row, id in
            let code: String = row["cell_code"]
            let persons = people[id] ?? []
            guard let head = persons.first(where: { $0.role == "head" })?.person else {
                throw StoreError.unusable("the workspace holds an assignment of cell \(code) without a grid head")
            }
            let validTo: String? = row["valid_to"]
            return try Assignment(cellCode: code, unit: row["unit"], head: head,
                                  staff: persons.filter { $0.role == "staff" }.map(\.person),
                                  validFrom: try Day(row["valid_from"]), validTo: try validTo.map(Day.init))
        }
    }
}
