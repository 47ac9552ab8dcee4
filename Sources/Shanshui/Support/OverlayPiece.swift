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
        try overlaps(among: geometries, tolerance: tolerance, sliverThinness: sliverThinness, measuringAtMost: .max).pairs
    }

    /// The overlaps as above, measured (intersection, area, location) for the first `limit`
    /// overlapping pairs only; the pairs past it are counted with prepared geometries, which is
    /// cheap, so areas stacked on one another (every pair overlapping: n² pairs) cost seconds.
    /// - Returns: the measured parts and how many more pairs intersect without being measured.
    static func overlaps(among geometries: [Geometry], tolerance: Double, sliverThinness: Double,
                         measuringAtMost limit: Int) throws -> (pairs: [(i: Int, j: Int, piece: OverlayPiece)], unmeasured: Int) {
        let tree = try STRtree(geometries)
        var out: [(i: Int, j: Int, piece: OverlayPiece)] = []
        var measured = 0
        var unmeasured = 0
        for (i, a) in geometries.enumerated() {
            guard let box = a.envelope else { continue }
            let prepared = try PreparedGeometry(a)
            for j in tree.query(box) where j > i {
                guard try prepared.intersects(geometries[j]) else { continue }
                guard measured < limit else {
                    unmeasured += 1
                    continue
                }
                measured += 1
                for part in try pieces(of: a.intersection(geometries[j]), tolerance: tolerance, sliverThinness: sliverThinness) {
                    out.append((i, j, part))
                }
            }
        }
        return (out, unmeasured)
    }
}
