import PostgresNIO
import Shanshui

extension PostGISStore: LayerExtentStore {
    public func extent(_ layer: MapLayer) async throws -> LayerExtent {
        try await read { db in
            guard let row = try await db.rows(PostgresQuery(unsafeSQL: Self.extentSQL(layer))).first else {
                return LayerExtent(box: nil, start: nil, end: nil)
            }
            return try LayerExtent(minX: try row[0].decode(Double?.self), minY: try row[1].decode(Double?.self),
                                   maxX: try row[2].decode(Double?.self), maxY: try row[3].decode(Double?.self),
                                   start: try row[4].decode(String?.self), end: try row[5].decode(String?.self))
        }
    }

    /// One aggregate row: minX, minY, maxX, maxY (from each geometry's bounding box), first day,
    /// last day (NULL while any version or assignment is open-ended). Fixed text, no user input.
    static func extentSQL(_ layer: MapLayer) -> String {
        let bounds = "MIN(ST_XMin(g.geom)), MIN(ST_YMin(g.geom)), MAX(ST_XMax(g.geom)), MAX(ST_YMax(g.geom))"
        let validity = "MIN(g.valid_from), CASE WHEN COUNT(*) = COUNT(g.valid_to) THEN MAX(g.valid_to) END"
        switch layer {
        case .protectedAreas:
            return "SELECT \(bounds), \(validity) FROM boundary_version g"
        case .redLines:
            return "SELECT \(bounds), \(validity) FROM boundary_version g JOIN protected_area a ON a.id = g.area_id WHERE a.kind = 'ecological_red_line'"
        case .zones:
            return """
                SELECT \(bounds), MIN(v.valid_from), CASE WHEN COUNT(*) = COUNT(v.valid_to) THEN MAX(v.valid_to) END
                FROM zone g JOIN boundary_version v ON v.id = g.version_id
                """
        case .patches:
            return """
                SELECT \(bounds), MIN(b.date), MAX(e.date) FROM patch g JOIN scan s ON s.id = g.scan_id
                JOIN epoch b ON b.id = s.before_epoch JOIN epoch e ON e.id = s.after_epoch
                """
        case .cases:
            return "SELECT \(bounds), MIN(g.detected_on), MAX(g.detected_on) FROM \"case\" g"
        case .cells:
            return """
                SELECT \(bounds), (SELECT MIN(valid_from) FROM grid_assignment),
                       (SELECT CASE WHEN COUNT(*) = COUNT(valid_to) THEN MAX(valid_to) END FROM grid_assignment)
                FROM grid_cell g
                """
        }
    }
}
