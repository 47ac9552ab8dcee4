import Foundation
import GeoKit
import PostgresNIO
import Shanshui

// Each query is planned with its values, so `$n IS NULL OR …` folds away and a given box goes
// through the GiST index; ST_Intersects then tests the geometry itself, not only its box.
extension PostGISStore: LayerPageStore {
    public func areaCount(_ query: AreaQuery) async throws -> Int {
        try await read { db in
            try await db.column(Self.areaQuery("SELECT COUNT(*)", Self.areaTables, query, geometry: "v", tail: ""), Int.self, of: "boundary_version")[0]
        }
    }

    public func areas(_ query: AreaQuery, offset: Int, limit: Int) async throws -> [AreaVersion] {
        try await read { db in
            try await db.rows(Self.areaQuery("SELECT \(Self.areaColumns), v.*, ST_AsBinary(v.geom) AS wkb", Self.areaTables, query,
                                             geometry: "v", tail: "ORDER BY a.id LIMIT \(limit) OFFSET \(offset)"), of: "boundary_version").map { row in
                AreaVersion(area: try Self.pagedArea(row.of("protected_area")), version: try Self.version(row, zones: []))
            }
        }
    }

    public func zoneCount(_ query: AreaQuery) async throws -> Int {
        try await read { db in
            try await db.column(Self.areaQuery("SELECT COUNT(*)", Self.zoneTables, query, geometry: "z", tail: ""), Int.self, of: "zone")[0]
        }
    }

    public func zones(_ query: AreaQuery, offset: Int, limit: Int) async throws -> [AreaZone] {
        try await read { db in
            try await db.rows(Self.areaQuery("""
                SELECT \(Self.areaColumns), v.*, NULL::bytea AS wkb, z.kind AS z_kind, z.area_km2 AS z_area_km2, ST_AsBinary(z.geom) AS z_wkb
                """, Self.zoneTables, query, geometry: "z", tail: "ORDER BY a.id, z.id LIMIT \(limit) OFFSET \(offset)"), of: "zone").map { row in
                let zone = Zone(kind: try row.value("z_kind"), geometry: try Self.geometry(try row.get("z_wkb")) ?? .multiPolygon([]), areaKm2: try row.get("z_area_km2"))
                return AreaZone(area: try Self.pagedArea(row.of("protected_area")), version: try Self.version(row.of("boundary_version"), zones: []), zone: zone)
            }
        }
    }

    public func cellCount(_ query: CellQuery) async throws -> Int {
        try await read { db in try await db.column(Self.cellQuery("SELECT COUNT(*) FROM grid_cell c", query, tail: ""), Int.self, of: "grid_cell")[0] }
    }

    public func cells(_ query: CellQuery, offset: Int, limit: Int) async throws -> [GridCell] {
        try await read { db in
            try await db.rows(Self.cellQuery("\(Self.selectCell) c", query, tail: "ORDER BY c.code LIMIT \(limit) OFFSET \(offset)"), of: "grid_cell").map(Self.cell)
        }
    }

    public func assignments(cellCodes: [String], asOf day: Day) async throws -> [Assignment] {
        guard !cellCodes.isEmpty else { return [] }
        return try await read { db in
            try await Self.assignments(db, """
                SELECT * FROM grid_assignment
                WHERE cell_code = ANY(\(cellCodes)) AND valid_from <= \(day.description) AND (valid_to IS NULL OR \(day.description) < valid_to)
                ORDER BY cell_code, valid_from
                """)
        }
    }

    public func caseCount(_ filter: CaseFilter) async throws -> Int {
        try await read { db in try await db.column(CaseRow.query(#"SELECT COUNT(*) FROM "case" c"#, filter, tail: ""), Int.self, of: "case")[0] }
    }

    public func cases(_ filter: CaseFilter, offset: Int, limit: Int) async throws -> [Case] {
        try await read { db in
            try await db.rows(CaseRow.query(CaseRow.select, filter, tail: "ORDER BY \(CaseSort.orderBy(filter.sort)) LIMIT \(limit) OFFSET \(offset)"), of: "case").map(CaseRow.decode)
        }
    }

    // MARK: SQL (PostGIS dialect)

    private static let areaTables = "boundary_version v JOIN protected_area a ON a.id = v.area_id"
    private static let zoneTables = "zone z JOIN boundary_version v ON v.id = z.version_id JOIN protected_area a ON a.id = v.area_id"
    private static let areaColumns = "a.id AS a_id, a.code AS a_code, a.name AS a_name, a.kind AS a_kind, a.level AS a_level, a.authority AS a_authority"

    private static func pagedArea(_ row: StoredPostgresRow) throws -> ProtectedArea {
        ProtectedArea(id: try row.get("a_id"), code: try row.get("a_code"), name: try row.get("a_name"), kind: try row.value("a_kind"),
                      level: try row.get("a_level"), authority: try row.get("a_authority"))
    }

    /// Versions in force on the day (`v`, areas `a`, zones `z`), narrowed; the box meets the geometry of `alias`.
    private static func areaQuery(_ select: String, _ tables: String, _ q: AreaQuery, geometry alias: String, tail: String) -> PostgresQuery {
        let day = q.day.description, kind = q.kind?.rawValue, zone = q.zone?.rawValue, b = q.box
        return """
            \(unescaped: select) FROM \(unescaped: tables)
            WHERE v.valid_from <= \(day) AND (v.valid_to IS NULL OR \(day) < v.valid_to) AND v.change <> 'withdraw'
              AND (\(kind)::text IS NULL OR a.kind = \(kind)) AND (\(q.areaID)::bigint IS NULL OR a.id = \(q.areaID))
              AND (\(zone)::text IS NULL OR \(unescaped: alias == "z" ? "z.kind" : "NULL") = \(zone))
              AND (\(b?.minX)::float8 IS NULL OR ST_Intersects(\(unescaped: alias).geom, ST_MakeEnvelope(\(b?.minX), \(b?.minY), \(b?.maxX), \(b?.maxY), 4326)))
            \(unescaped: tail)
            """
    }

    private static func cellQuery(_ select: String, _ q: CellQuery, tail: String) -> PostgresQuery {
        let level = q.level?.name, b = q.box
        return """
            \(unescaped: select)
            WHERE (\(q.code)::text IS NULL OR c.code = \(q.code)) AND (\(level)::text IS NULL OR c.level = \(level))
              AND (\(b?.minX)::float8 IS NULL OR ST_Intersects(c.geom, ST_MakeEnvelope(\(b?.minX), \(b?.minY), \(b?.maxX), \(b?.maxY), 4326)))
            \(unescaped: tail)
            """
    }
}

extension CaseRow {
    /// A case query (`select` names `"case" c`) with the filter; replaced cases are left out.
    static func query(_ select: String, _ filter: CaseFilter, tail: String) -> PostgresQuery {
        let status = filter.status?.rawValue, b = filter.box, cell = filter.cellCode.map(CellCodeIndex.term)
        let detectedFrom = filter.detectedFrom?.description
        let overdue = filter.overdueOn?.description, overdueStatuses = Case.overdueStatuses.map(\.rawValue)
        let severity = filter.severity?.rawValue, detectedBy = filter.detectedBy?.description, dueBy = filter.dueBy?.description
        return """
            \(unescaped: select)
            WHERE c.replaced_by IS NULL AND (\(status)::text IS NULL OR c.status = \(status)) AND (NOT \(filter.supervised) OR c.supervision IS NOT NULL)
              AND (\(filter.areaID)::bigint IS NULL OR c.area_id = \(filter.areaID))
              AND (\(cell)::text IS NULL OR strpos(c.cell_codes, \(cell)) > 0)
              AND (\(filter.scanID)::bigint IS NULL OR c.scan_id = \(filter.scanID))
              AND (NOT \(filter.unrouted) OR (NOT c.routed AND c.status NOT IN ('closed', 'transferred')))
              AND (\(filter.id)::bigint IS NULL OR c.id = \(filter.id))
              AND (\(overdue)::text IS NULL OR (c.due_on < \(overdue) AND (c.status = ANY(\(overdueStatuses))
                   OR (c.status = \(CaseStatus.verified.rawValue) AND c.verdict = \(CaseRow.overdueVerdict)))))
              AND (\(filter.activity)::text IS NULL OR c.activity = \(filter.activity))
              AND (\(severity)::text IS NULL OR c.severity = \(severity))
              AND (\(detectedBy)::text IS NULL OR c.detected_on <= \(detectedBy))
              AND (\(detectedFrom)::text IS NULL OR c.detected_on >= \(detectedFrom))
              AND (\(dueBy)::text IS NULL OR c.due_on <= \(dueBy))
              AND (\(filter.minConfidence)::float8 IS NULL OR EXISTS (SELECT 1 FROM case_patch cp JOIN patch p ON p.id = cp.patch_id
                   WHERE cp.case_id = c.id AND p.confidence >= \(filter.minConfidence)))
              AND (\(b?.minX)::float8 IS NULL OR ST_Intersects(c.geom, ST_MakeEnvelope(\(b?.minX), \(b?.minY), \(b?.maxX), \(b?.maxY), 4326)))
            \(unescaped: tail)
            """
    }
}
