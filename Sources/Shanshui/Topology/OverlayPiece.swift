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

    /// The overlaps as above, examined (intersection, area, location) for the first `limit`
    /// pairs whose bounding boxes overlap; the pairs past it are only counted from the index,
    /// so areas stacked on one another (every pair overlapping: n² pairs) cost seconds.
    /// - Returns: the measured parts and how many more pairs had overlapping boxes unexamined.
    static func overlaps(among geometries: [Geometry], tolerance: Double, sliverThinness: Double,
                         measuringAtMost limit: Int) throws -> (pairs: [(i: Int, j: Int, piece: OverlayPiece)], unmeasured: Int) {
        let tree = try STRtree(geometries)
        var prepared: [Int: PreparedGeometry] = [:]
        var out: [(i: Int, j: Int, piece: OverlayPiece)] = []
        var examined = 0
        var unexamined = 0
        for (i, a) in geometries.enumerated() {
            guard let box = a.envelope else { continue }
            let later = tree.queryUnordered(box).filter { $0 > i }
            guard examined < limit else {
                unexamined += later.count
                continue
            }
            for j in later.sorted() {
                guard examined < limit else {
                    unexamined += 1
                    continue
                }
                examined += 1
                // Each geometry goes to GEOS once; pairs are then tested GEOS to GEOS.
                if prepared[i] == nil { prepared[i] = try PreparedGeometry(a) }
                if prepared[j] == nil { prepared[j] = try PreparedGeometry(geometries[j]) }
                guard try prepared[i]!.intersects(prepared[j]!) else { continue }
                for part in try pieces(of: a.intersection(geometries[j]), tolerance: tolerance, sliverThinness: sliverThinness) {
                    out.append((i, j, part))
                }
            }
            prepared[i] = nil
        }
        return (out, unexamined)
    }
}
