import CPROJ

/// Transforms coordinates between two CRSs with PROJ, always in x/y (lon/lat, easting/northing) order.
///
/// Owns its PROJ objects: not `Sendable`, make one per task or thread.
public final class Transformer {
    /// Where coordinates come from.
    public let source: CRS
    /// Where they go.
    public let target: CRS
    private let pj: PJHandle?

    /// Prepares the best available transformation from `source` to `target`.
    /// - Throws: `PROJError` when PROJ finds no operation between them.
    public init(from source: CRS, to target: CRS) throws {
        self.source = source
        self.target = target
        if source == target {
            pj = nil
            return
        }
        let context = PROJContext()
        context.reset()
        guard let raw = proj_create_crs_to_crs(context.handle, source.wkt, target.wkt, nil) else {
            throw context.error("no transformation from \(source) to \(target)")
        }
        defer { proj_destroy(raw) }
        // EPSG:4326 and 4490 are latitude-first officially; normalise to lon/lat.
        guard let normalised = proj_normalize_for_visualization(context.handle, raw) else {
            throw context.error("no transformation from \(source) to \(target)")
        }
        pj = PJHandle(normalised, context: context)
    }

    /// True when source and target are the same CRS and nothing moves.
    public var isIdentity: Bool { pj == nil }

    /// True when the last coordinate transformed crossed between datums on different ellipsoids
    /// by a ballpark operation: PROJ knew no published transformation there and ignored the
    /// datums' offset (tens of metres to over a hundred between Beijing 1954 or Xian 1980 and
    /// WGS 84). CGCS2000 and WGS 84 share an ellipsoid and agree within a metre, so their
    /// ballpark counts as none.
    public var lastCrossedDatumsByBallpark: Bool {
        guard let pj, let a = source.semiMajorAxis, let b = target.semiMajorAxis, abs(a - b) > 1,
              let used = proj_trans_get_last_used_operation(pj.pointer) else { return false }
        defer { proj_destroy(used) }
        return proj_coordoperation_has_ballpark_transformation(pj.context.handle, used) != 0
    }

    /// Transforms one coordinate.
    /// - Throws: `PROJError` when the point is outside the transformation's domain.
    public func transform(_ c: Coordinate) throws -> Coordinate {
        guard let pj else { return c }
        let out = proj_trans(pj.pointer, PJ_FWD, proj_coord(c.x, c.y, 0, 0))
        guard out.xyzt.x.isFinite, out.xyzt.y.isFinite else {
            throw PROJError(code: Int(proj_errno(pj.pointer)),
                            message: "cannot transform (\(c.x), \(c.y)) from \(source) to \(target)")
        }
        return Coordinate(out.xyzt.x, out.xyzt.y)
    }

    /// Transforms many coordinates in one PROJ call.
    /// - Throws: `PROJError` naming the first coordinate that could not be transformed.
    public func transform(_ coordinates: [Coordinate]) throws -> [Coordinate] {
        guard let pj, !coordinates.isEmpty else { return coordinates }
        var xs = coordinates.map(\.x)
        var ys = coordinates.map(\.y)
        let n = coordinates.count
        let stride = MemoryLayout<Double>.stride
        xs.withUnsafeMutableBufferPointer { x in
            ys.withUnsafeMutableBufferPointer { y in
                _ = proj_trans_generic(pj.pointer, PJ_FWD, x.baseAddress, stride, n,
                                       y.baseAddress, stride, n, nil, 0, 0, nil, 0, 0)
            }
        }
        var out = [Coordinate]()
        out.reserveCapacity(n)
        for i in 0..<n {
            guard xs[i].isFinite, ys[i].isFinite else {
                throw PROJError(code: Int(proj_errno(pj.pointer)),
                                message: "cannot transform (\(coordinates[i].x), \(coordinates[i].y)) from \(source) to \(target)")
            }
            out.append(Coordinate(xs[i], ys[i]))
        }
        return out
    }

    /// Transforms every coordinate of a geometry.
    public func transform(_ geometry: Geometry) throws -> Geometry {
        guard pj != nil else { return geometry }
        switch geometry {
        case .point(let c): return .point(try transform(c))
        case .lineString(let c): return .lineString(try transform(c))
        case .multiPoint(let c): return .multiPoint(try transform(c))
        case .polygon(let p): return .polygon(try transform(p))
        case .multiLineString(let ls): return .multiLineString(try ls.map { try transform($0) })
        case .multiPolygon(let ps): return .multiPolygon(try ps.map { try transform($0) })
        case .geometryCollection(let gs): return .geometryCollection(try gs.map { try transform($0) })
        }
    }

    /// Transforms a bounding box by densifying its edges, so curved edges in the target are covered.
    public func transform(_ box: Envelope, densifyPoints: Int = 21) throws -> Envelope {
        guard pj != nil else { return box }
        var ring = [Coordinate]()
        for i in 0..<densifyPoints {
            let t = Double(i) / Double(densifyPoints - 1)
            ring.append(Coordinate(box.minX + t * box.width, box.minY))
            ring.append(Coordinate(box.minX + t * box.width, box.maxY))
            ring.append(Coordinate(box.minX, box.minY + t * box.height))
            ring.append(Coordinate(box.maxX, box.minY + t * box.height))
        }
        guard let out = Envelope(covering: try transform(ring)) else { return box }
        return out
    }

    private func transform(_ p: Polygon) throws -> Polygon {
        Polygon(exterior: try transform(p.exterior), holes: try p.holes.map { try transform($0) })
    }
}

extension Transformer {
    /// This thread's transformer from `source` to `target`, prepared on its first use here:
    /// preparing one creates a PROJ context and searches PROJ's database (milliseconds), and a
    /// scan asks for the same few pairs for every protected area and every worker thread.
    /// Like any transformer it is for the calling thread only; do not hand it to another.
    /// - Throws: `PROJError` when PROJ finds no operation between them (not remembered).
    public static func cached(from source: CRS, to target: CRS) throws -> Transformer {
        let cache = perThread.value
        let key = [source, target]
        if let known = cache.byPair[key] { return known }
        let made = try Transformer(from: source, to: target)
        cache.byPair[key] = made
        return made
    }

    private static let perThread = ThreadLocal { TransformerCache() }
}

/// One thread's transformers by (source, target).
private final class TransformerCache {
    var byPair: [[CRS]: Transformer] = [:]
}
