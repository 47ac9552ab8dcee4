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

    /// The overlaps between every two of `geometries` (lon/lat), found through an STRtree and
    /// prepared geometries, as the positions of the pair (i < j) and each overlapping part.
    static func overlaps(among geometries: [Geometry], tolerance: Double, sliverThinness: Double) throws -> [(i: Int, j: Int, piece: OverlayPiece)] {
        let tree = try STRtree(geometries)
        var out: [(i: Int, j: Int, piece: OverlayPiece)] = []
        for (i, a) in geometries.enumerated() {
            guard let box = a.envelope else { continue }
            let prepared = try PreparedGeometry(a)
            for j in tree.query(box) where j > i {
                guard try prepared.intersects(geometries[j]) else { continue }
                for part in try pieces(of: a.intersection(geometries[j]), tolerance: tolerance, sliverThinness: sliverThinness) {
                    out.append((i, j, part))
                }
            }
        }
        return out
    }
}
