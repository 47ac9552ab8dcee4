import GeoKit
import PostgresNIO
import Shanshui

extension PostGISStore: SearchStore {
    public func search(_ text: String, day: Day, limit: Int) async throws -> [SearchHit] {
        let pattern = SearchHit.containsPattern(text), today = day.description
        return try await read { db in
            let cases = try await db.rows("""
                SELECT c.id::text AS key, c.number AS label, c.status AS detail,
                       COALESCE((SELECT a.name FROM protected_area a WHERE a.id = c.area_id), '') AS code, \(unescaped: Self.bounds("c.geom"))
                FROM "case" c WHERE c.replaced_by IS NULL AND c.detected_on <= \(today) AND c.number ILIKE \(pattern) ESCAPE '\\'
                ORDER BY c.number <> \(text), length(c.number), c.number LIMIT \(limit)
                """, of: "case")
            let cells = try await db.rows("""
                SELECT g.code AS key, g.name AS label, g.level AS detail, g.code AS code, \(unescaped: Self.bounds("g.geom"))
                FROM grid_cell g WHERE g.code ILIKE \(pattern) ESCAPE '\\' OR g.name ILIKE \(pattern) ESCAPE '\\'
                ORDER BY (g.code <> \(text) AND g.name <> \(text)), length(g.name), g.code LIMIT \(limit)
                """, of: "grid_cell")
            let areas = try await db.rows("""
                SELECT a.id::text AS key, a.name AS label, a.kind AS detail, a.code AS code, \(unescaped: Self.bounds("v.geom"))
                FROM boundary_version v JOIN protected_area a ON a.id = v.area_id
                WHERE v.valid_from <= \(today) AND (v.valid_to IS NULL OR \(today) < v.valid_to) AND v.change <> 'withdraw'
                  AND (a.name ILIKE \(pattern) ESCAPE '\\' OR a.code ILIKE \(pattern) ESCAPE '\\')
                ORDER BY (a.name <> \(text) AND a.code <> \(text)), length(a.name), a.id LIMIT \(limit)
                """, of: "boundary_version")
            return try [(SearchHit.Kind.case, cases), (.cell, cells), (.area, areas)].flatMap { kind, rows in
                try rows.map { r in
                    SearchHit(kind: kind, key: try r.get("key"), label: try r.get("label"), detail: try r.get("detail"), code: try r.get("code"),
                              box: Envelope(minX: try r.get("x0"), minY: try r.get("y0"), maxX: try r.get("x1"), maxY: try r.get("y1")))
                }
            }
        }
    }

    private static func bounds(_ g: String) -> String {
        "ST_XMin(\(g)) AS x0, ST_YMin(\(g)) AS y0, ST_XMax(\(g)) AS x1, ST_YMax(\(g)) AS y1"
    }
}
