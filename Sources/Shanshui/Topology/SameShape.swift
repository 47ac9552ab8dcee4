import GeoKit

extension Geometry {
    /// How far apart (degrees, about a centimetre) two lon/lat outlines may lie and still be one
    /// shape: a boundary delivered again in another CRS comes back moved by rounding only.
    static let sameShapeTolerance = 1e-7

    /// True when both cover the same polygons, whatever the vertex order, the single or multi
    /// form, or rounding within `sameShapeTolerance` (discrete Hausdorff distance): the one test
    /// of whether a re-imported protected area, zone or grid cell changed.
    func sameShape(as other: Geometry) throws -> Bool {
        let a = try Geometry.multiPolygon(polygons).normalized(), b = try Geometry.multiPolygon(other.polygons).normalized()
        return try a == b || a.hausdorffDistance(to: b) <= Geometry.sameShapeTolerance
    }
}
