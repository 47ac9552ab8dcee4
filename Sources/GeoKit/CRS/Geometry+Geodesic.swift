import CPROJ

/// Areas and lengths of lon/lat geometries on the WGS84 ellipsoid (Karney's geodesics in PROJ's
/// `geodesic.h`): right anywhere on Earth, near the poles and across large extents, and never
/// computed in degrees. CGCS2000's ellipsoid differs from WGS84's by 0.1 mm in the semi-minor axis.
extension Geometry {
    /// Area in m² of the polygonal parts, holes subtracted; 0 for points and lines.
    public var geodesicArea: Double { geodesicAreaAndPerimeter.area }

    /// Length in metres of lines, or perimeter of polygons (all rings).
    public var geodesicLength: Double {
        switch self {
        case .point, .multiPoint: 0
        case .lineString(let c): Geometry.pathLength(c)
        case .multiLineString(let ls): ls.reduce(0) { $0 + Geometry.pathLength($1) }
        case .polygon, .multiPolygon: polygons.reduce(0) { t, p in t + p.rings.reduce(0) { $0 + Geometry.pathLength($1) } }
        case .geometryCollection(let gs): gs.reduce(0) { $0 + $1.geodesicLength }
        }
    }

    /// Area in m² (holes subtracted) and perimeter in metres (all rings) of the polygonal parts,
    /// from one pass over each ring: what `geodesicArea` and `geodesicLength` give apart, for
    /// outlines that need both (a patch's measures).
    public var geodesicAreaAndPerimeter: (area: Double, perimeter: Double) {
        polygons.reduce((0, 0)) { total, p in
            let exterior = Geometry.ringMeasures(p.exterior)
            let holes = p.holes.map(Geometry.ringMeasures)
            return (total.0 + exterior.area - holes.reduce(0) { $0 + $1.area },
                    total.1 + exterior.perimeter + holes.reduce(0) { $0 + $1.perimeter })
        }
    }

    /// The geodesic distance in metres between two lon/lat positions.
    public static func geodesicDistance(_ a: Coordinate, _ b: Coordinate) -> Double {
        var s12 = 0.0
        withWGS84 { g in geod_inverse(g, a.y, a.x, b.y, b.x, &s12, nil, nil) }
        return s12
    }

    /// The geodesic distance in metres from `a` to `b` and the bearing at `a` (degrees clockwise
    /// from north, 0…360), as a phone points the way.
    public static func geodesicDistanceAndBearing(_ a: Coordinate, _ b: Coordinate) -> (metres: Double, bearing: Double) {
        var s12 = 0.0, azi1 = 0.0, azi2 = 0.0
        withWGS84 { g in geod_inverse(g, a.y, a.x, b.y, b.x, &s12, &azi1, &azi2) }
        return (s12, (azi1 + 360).truncatingRemainder(dividingBy: 360))
    }

    private static func withWGS84<T>(_ body: (UnsafePointer<geod_geodesic>) -> T) -> T {
        var g = geod_geodesic()
        geod_init(&g, 6_378_137.0, 1 / 298.257223563)
        return body(&g)
    }

    /// A ring's area (m², unsigned) and perimeter (m, the closing edge included); a ring of
    /// fewer than three distinct positions has neither.
    private static func ringMeasures(_ ring: [Coordinate]) -> (area: Double, perimeter: Double) {
        var points = ring
        if points.count > 1, points.first == points.last { points.removeLast() }
        guard points.count >= 3 else { return (0, 0) }
        var lats = points.map(\.y), lons = points.map(\.x)
        var area = 0.0, perimeter = 0.0
        withWGS84 { g in geod_polygonarea(g, &lats, &lons, Int32(points.count), &area, &perimeter) }
        return (abs(area), perimeter)
    }

    /// The sum of the geodesic distances along `path`, with the ellipsoid's constants set up once
    /// for the path (not once per segment, as `geodesicDistance` does).
    private static func pathLength(_ path: [Coordinate]) -> Double {
        withWGS84 { g in
            zip(path, path.dropFirst()).reduce(0) { total, segment in
                var s12 = 0.0
                geod_inverse(g, segment.0.y, segment.0.x, segment.1.y, segment.1.x, &s12, nil, nil)
                return total + s12
            }
        }
    }
}
