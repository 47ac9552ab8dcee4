import GRDB
import Shanshui

extension SpatiaLiteStore: LayerExtentStore {
    public func extent(_ layer: MapLayer) async throws -> LayerExtent {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: Self.extentSQL(layer))) else { return LayerExtent(box: nil, start: nil, end: nil) }
            return try LayerExtent(minX: row[0], minY: row[1], maxX: row[2], maxY: row[3], start: row[4], end: row[5])
        }
    }

    /// One aggregate row of the layer's extent, from each geometry's MBR header.
    static func extentSQL(_ layer: MapLayer) -> String {
        layer.extentSQL(bounds: "MIN(MbrMinX(g.geom)), MIN(MbrMinY(g.geom)), MAX(MbrMaxX(g.geom)), MAX(MbrMaxY(g.geom))")
    }
}
