import GeoKit

/// One polygonal part of an overlay result (a gap, an overlap), with where it is and how large,
/// for the topology checks of the registry and the grid.
struct OverlayPiece {
    /// A point inside the part (lon/lat).
    var location: Coordinate
    /// Geodesic area in m².
    var area: Double
    /// True when the part is thin (4πA/P² below the threshold): digitising noise more than a real gap.
    var isSliver: Bool

    /// The parts of `g` (lon/lat) of at least `tolerance` m².
    static func pieces(of g: Geometry, tolerance: Double, sliverThinness: Double) throws -> [OverlayPiece] {
        try g.polygons.compactMap { p in
            let polygon = Geometry.polygon(p)
            let area = polygon.geodesicArea
            guard area >= tolerance else { return nil }
            let perimeter = polygon.geodesicLength
            let thinness = perimeter > 0 ? 4 * Double.pi * area / (perimeter * perimeter) : 1
            guard case .point(let at) = try polygon.pointOnSurface() else { return nil }
            return OverlayPiece(location: at, area: area, isSliver: thinness < sliverThinness)
        }
    }
}
