import PostgresNIO
import Shanshui

extension PostGISStore: LayerExtentStore {
    public func extent(_ layer: MapLayer) async throws -> LayerExtent {
        try await read { db in
            guard let row = try await db.rows(PostgresQuery(unsafeSQL: Self.extentSQL(layer)), of: layer.rawValue).first else {
                return LayerExtent(box: nil, start: nil, end: nil)
            }
            return try LayerExtent(minX: try row.get(at: 0, as: Double?.self), minY: try row.get(at: 1, as: Double?.self),
                                   maxX: try row.get(at: 2, as: Double?.self), maxY: try row.get(at: 3, as: Double?.self),
                                   start: try row.get(at: 4, as: String?.self), end: try row.get(at: 5, as: String?.self))
        }
    }

    /// One aggregate row of the layer's extent, from each geometry's bounding box.
    static func extentSQL(_ layer: MapLayer) -> String {
        layer.extentSQL(bounds: "MIN(ST_XMin(g.geom)), MIN(ST_YMin(g.geom)), MAX(ST_XMax(g.geom)), MAX(ST_YMax(g.geom))")
    }
}
