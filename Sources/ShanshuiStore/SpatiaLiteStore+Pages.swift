import Foundation
import GeoKit
import GRDB
import Shanshui

extension SpatiaLiteStore: LayerPageStore {
    public func areaCount(_ query: AreaQuery) async throws -> Int {
        try await count("boundary_version v JOIN protected_area a ON a.id = v.area_id", Self.areaFilter(query, geometry: "v"))
    }

    public func areas(_ query: AreaQuery, offset: Int, limit: Int) async throws -> [AreaVersion] {
        let (filter, base) = Self.areaFilter(query, geometry: "v")
        let arguments = base + [limit, offset]
        return try await pool.read { db in
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT \(Self.areaColumns), v.*, AsBinary(v.geom) AS wkb
                FROM boundary_version v JOIN protected_area a ON a.id = v.area_id
                WHERE \(filter) ORDER BY a.id LIMIT ? OFFSET ?
                """), arguments: arguments).map { row in
                AreaVersion(area: try Self.area(row, prefix: "a_"), version: try Self.version(row, zones: []))
            }
        }
    }

    public func zoneCount(_ query: AreaQuery) async throws -> Int {
        try await count("zone z JOIN boundary_version v ON v.id = z.version_id JOIN protected_area a ON a.id = v.area_id",
                        Self.areaFilter(query, geometry: "z"))
    }

    public func zones(_ query: AreaQuery, offset: Int, limit: Int) async throws -> [AreaZone] {
        let (filter, base) = Self.areaFilter(query, geometry: "z")
        let arguments = base + [limit, offset]
        return try await pool.read { db in
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT \(Self.areaColumns), v.*, z.kind AS z_kind, z.area_km2 AS z_area_km2, AsBinary(z.geom) AS z_wkb
                FROM zone z JOIN boundary_version v ON v.id = z.version_id JOIN protected_area a ON a.id = v.area_id
                WHERE \(filter) ORDER BY a.id, z.id LIMIT ? OFFSET ?
                """), arguments: arguments).map { row in
                AreaZone(area: try Self.area(row, prefix: "a_"), version: try Self.version(row, zones: []), zone: try Self.zone(row, prefix: "z_"))
            }
        }
    }

    public func cellCount(_ query: CellQuery) async throws -> Int {
        try await count("grid_cell c", Self.cellFilter(query))
    }

    public func cells(_ query: CellQuery, offset: Int, limit: Int) async throws -> [GridCell] {
        let (filter, base) = Self.cellFilter(query)
        let arguments = base + [limit, offset]
        return try await pool.read { db in
            try Row.fetchAll(db.cachedStatement(sql: "\(Self.selectCell) c WHERE \(filter) ORDER BY c.code LIMIT ? OFFSET ?"), arguments: arguments).map(Self.cell)
        }
    }

    public func assignments(cellCodes: [String], asOf day: Day) async throws -> [Assignment] {
        guard !cellCodes.isEmpty else { return [] }
        return try await pool.read { db in
            var rows: [Row] = []
            for start in stride(from: 0, to: cellCodes.count, by: 900) {
                let chunk = Array(cellCodes[start..<min(cellCodes.count, start + 900)])
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                rows += try Row.fetchAll(db.cachedStatement(sql: """
                    SELECT * FROM grid_assignment
                    WHERE cell_code IN (\(marks)) AND valid_from <= ? AND (valid_to IS NULL OR ? < valid_to)
                    ORDER BY cell_code, valid_from
                    """), arguments: StatementArguments(chunk) + [day.description, day.description])
            }
            return try Self.assignments(rows, db)
        }
    }

    public func caseCount(_ filter: CaseFilter) async throws -> Int {
        try await count(#""case" c"#, Self.caseFilter(filter))
    }

    public func cases(_ filter: CaseFilter, offset: Int, limit: Int) async throws -> [Case] {
        let (where_, base) = Self.caseFilter(filter)
        let arguments = base + [limit, offset]
        return try await pool.read { db in
            try Row.fetchAll(db.cachedStatement(sql: #"SELECT \#(CaseRow.columns) FROM "case" c WHERE \#(where_) ORDER BY \#(CaseSort.orderBy(filter.sort)) LIMIT ? OFFSET ?"#),
                             arguments: arguments).map(CaseRow.decode)
        }
    }

    // MARK: SQL (SpatiaLite dialect)

    private func count(_ from: String, _ filter: (String, StatementArguments)) async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM \(from) WHERE \(filter.0)"), arguments: filter.1) ?? 0 }
    }

    private static let areaColumns = "a.id AS a_id, a.code AS a_code, a.name AS a_name, a.kind AS a_kind, a.level AS a_level, a.authority AS a_authority"


    /// Versions in force on the day (`v`, areas `a`), narrowed; the box meets the geometry of `table`.
    private static func areaFilter(_ q: AreaQuery, geometry table: String) -> (String, StatementArguments) {
        var clauses = ["v.valid_from <= ? AND (v.valid_to IS NULL OR ? < v.valid_to) AND v.change <> 'withdraw'"]
        var arguments: StatementArguments = [q.day.description, q.day.description]
        if let kind = q.kind { clauses.append("a.kind = ?"); arguments += [kind.rawValue] }
        if let id = q.areaID { clauses.append("a.id = ?"); arguments += [id] }
        if let zone = q.zone { clauses.append("z.kind = ?"); arguments += [zone.rawValue] }
        boxClause(q.box, table: table == "z" ? "zone" : "boundary_version", alias: table, &clauses, &arguments)
        return (clauses.joined(separator: " AND "), arguments)
    }

    private static func cellFilter(_ q: CellQuery) -> (String, StatementArguments) {
        var clauses = ["1"]
        var arguments: StatementArguments = []
        if let code = q.code { clauses.append("c.code = ?"); arguments += [code] }
        if let level = q.level { clauses.append("c.level = ?"); arguments += [level.name] }
        boxClause(q.box, table: "grid_cell", alias: "c", &clauses, &arguments)
        return (clauses.joined(separator: " AND "), arguments)
    }

    /// The WHERE clause of a case filter (`c` is the case table); replaced cases are left out.
    static func caseFilter(_ f: CaseFilter) -> (String, StatementArguments) {
        var clauses = ["c.replaced_by IS NULL"]
        var arguments: StatementArguments = []
        if let status = f.status { clauses.append("c.status = ?"); arguments += [status.rawValue] }
        if f.supervised { clauses.append("c.supervision IS NOT NULL") }
        if let area = f.areaID { clauses.append("c.area_id = ?"); arguments += [area] }
        if let cell = f.cellCode { clauses.append("instr(c.cell_codes, ?) > 0"); arguments += [CellCodeIndex.term(cell)] }
        if let scan = f.scanID { clauses.append("c.scan_id = ?"); arguments += [scan] }
        if f.unrouted { clauses.append("c.routed = 0 AND c.status NOT IN ('closed', 'transferred')") }
        if let id = f.id { clauses.append("c.id = ?"); arguments += [id] }
        if let day = f.overdueOn {
            let marks = Case.overdueStatuses.map { _ in "?" }.joined(separator: ", ")
            clauses.append("c.due_on < ? AND (c.status IN (\(marks)) OR (c.status = ? AND c.verdict = ?))")
            arguments += [day.description] + StatementArguments(Case.overdueStatuses.map(\.rawValue))
                + [CaseStatus.verified.rawValue, CaseRow.overdueVerdict]
        }
        if let activity = f.activity { clauses.append("c.activity = ?"); arguments += [activity] }
        if let severity = f.severity { clauses.append("c.severity = ?"); arguments += [severity.rawValue] }
        if let day = f.detectedBy { clauses.append("c.detected_on <= ?"); arguments += [day.description] }
        if let day = f.detectedFrom { clauses.append("c.detected_on >= ?"); arguments += [day.description] }
        if let day = f.dueBy { clauses.append("c.due_on <= ?"); arguments += [day.description] }
        if let confidence = f.minConfidence {
            clauses.append("EXISTS (SELECT 1 FROM case_patch cp JOIN patch p ON p.id = cp.patch_id WHERE cp.case_id = c.id AND p.confidence >= ?)")
            arguments += [confidence]
        }
        boxClause(f.box, table: "case", alias: "c", &clauses, &arguments)
        return (clauses.joined(separator: " AND "), arguments)
    }

    /// A box through the table's spatial index, then the geometry itself must meet it (an
    /// envelope that meets the box is not enough).
    static func boxClause(_ box: Envelope?, table: String, alias: String, _ clauses: inout [String], _ arguments: inout StatementArguments) {
        guard let b = box else { return }
        clauses.append("""
            \(alias).ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name = '\(table)'
                AND search_frame = BuildMbr(?, ?, ?, ?, 4326))
            AND Intersects(\(alias).geom, BuildMbr(?, ?, ?, ?, 4326))
            """)
        arguments += [b.minX, b.minY, b.maxX, b.maxY, b.minX, b.minY, b.maxX, b.maxY]
    }
}
