import GeoKit
import GRDB
import Shanshui

extension SpatiaLiteStore: SearchStore {
    public func search(_ text: String, day: Day, limit: Int) async throws -> [SearchHit] {
        let pattern = SearchHit.containsPattern(text), today = day.description
        return try await pool.read { db in
            let cases = try Row.fetchAll(db, sql: """
                SELECT CAST(c.id AS TEXT) AS key, c.number AS label, c.status AS detail,
                       COALESCE((SELECT a.name FROM protected_area a WHERE a.id = c.area_id), '') AS code, \(Self.bounds("c.geom"))
                FROM "case" c WHERE c.replaced_by IS NULL AND c.detected_on <= ?2 AND c.number LIKE ?1 ESCAPE '\\'
                ORDER BY c.number <> ?3, length(c.number), c.number LIMIT ?4
                """, arguments: [pattern, today, text, limit])
            let cells = try Row.fetchAll(db, sql: """
                SELECT g.code AS key, g.name AS label, g.level AS detail, g.code AS code, \(Self.bounds("g.geom"))
                FROM grid_cell g WHERE g.code LIKE ?1 ESCAPE '\\' OR g.name LIKE ?1 ESCAPE '\\'
                ORDER BY (g.code <> ?2 AND g.name <> ?2), length(g.name), g.code LIMIT ?3
                """, arguments: [pattern, text, limit])
            let areas = try Row.fetchAll(db, sql: """
                SELECT CAST(a.id AS TEXT) AS key, a.name AS label, a.kind AS detail, a.code AS code, \(Self.bounds("v.geom"))
                FROM boundary_version v JOIN protected_area a ON a.id = v.area_id
                WHERE v.valid_from <= ?2 AND (v.valid_to IS NULL OR ?2 < v.valid_to) AND v.change <> 'withdraw'
                  AND (a.name LIKE ?1 ESCAPE '\\' OR a.code LIKE ?1 ESCAPE '\\')
                ORDER BY (a.name <> ?3 AND a.code <> ?3), length(a.name), a.id LIMIT ?4
                """, arguments: [pattern, today, text, limit])
            return try [(SearchHit.Kind.case, cases), (.cell, cells), (.area, areas)].flatMap { kind, rows in
                try rows.map { row in
                    SearchHit(kind: kind, key: row["key"], label: row["label"], detail: row["detail"], code: row["code"],
                              box: Envelope(minX: try Self.number(row, "x0"), minY: try Self.number(row, "y0"),
                                            maxX: try Self.number(row, "x1"), maxY: try Self.number(row, "y1")))
                }
            }
        }
    }

    private static func bounds(_ g: String) -> String { "MbrMinX(\(g)) AS x0, MbrMinY(\(g)) AS y0, MbrMaxX(\(g)) AS x1, MbrMaxY(\(g)) AS y1" }

    /// A bound of a feature's box; a feature without geometry has none, which a stored feature never lacks.
    private static func number(_ row: Row, _ column: String) throws -> Double {
        guard let value: Double = row[column] else { throw StoreError.unusable("a searched feature has no geometry (\(column) is empty)") }
        return value
    }
}
