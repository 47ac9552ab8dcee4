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

    /// One aggregate row of the layer's extent, from each geometry's bounding box.
    static func extentSQL(_ layer: MapLayer) -> String {
        layer.extentSQL(bounds: "MIN(ST_XMin(g.geom)), MIN(ST_YMin(g.geom)), MAX(ST_XMax(g.geom)), MAX(ST_YMax(g.geom))")
    }
}
