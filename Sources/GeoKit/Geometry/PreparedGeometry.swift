import CGEOS

/// A geometry prepared once (`GEOSPrepare_r`) for many fast predicate tests against it:
/// the cell, zone or reserve that millions of points or patches are tested against.
///
/// Owns GEOS objects in the creating thread's context: not `Sendable`, keep it on one thread.
public final class PreparedGeometry {
    /// The geometry as given.
    public let geometry: Geometry
    private let base: GEOSGeometry
    private let prepared: OpaquePointer

    /// Prepares `geometry`.
    /// - Throws: `GEOSError` when GEOS cannot build it.
    public init(_ geometry: Geometry) throws {
        let context = GEOSContext.current
        self.geometry = geometry
        base = try geometry.geos(context)
        guard let p = GEOSPrepare_r(context.handle, base.pointer) else { throw context.error("prepare") }
        prepared = p
    }

    deinit { GEOSPreparedGeom_destroy_r(base.context.handle, prepared) }

    /// True when `other` lies inside (not only on the boundary).
    public func contains(_ other: Geometry) throws -> Bool { try test(other, "contains", GEOSPreparedContains_r) }
    /// True when no point of `other` lies outside.
    public func covers(_ other: Geometry) throws -> Bool { try test(other, "covers", GEOSPreparedCovers_r) }
    /// True when they share any point.
    public func intersects(_ other: Geometry) throws -> Bool { try test(other, "intersects", GEOSPreparedIntersects_r) }

    /// True when they share any point, testing the other's GEOS geometry as it stands (no
    /// conversion per test: the pairwise overlap searches test millions of pairs).
    public func intersects(_ other: PreparedGeometry) throws -> Bool {
        let ctx = base.context
        let r = GEOSPreparedIntersects_r(ctx.handle, prepared, other.base.pointer)
        guard r != 2 else { throw ctx.error("intersects") }
        return r == 1
    }

    /// The geodesic area (m²) that `other` (lon/lat) shares with this geometry: nothing is
    /// measured when they are apart, `other`'s own area when it lies inside, and only otherwise
    /// the area of their intersection (`other ∩ geometry`) — most patches lie wholly inside the
    /// area, zone or cell they are measured against, and an intersection is the dear part.
    /// - Parameter area: `other`'s geodesic area when the caller has it (several overlaps of one patch).
    public func geodesicOverlap(_ other: Geometry, area: Double? = nil) throws -> Double {
        let ctx = base.context
        let g = try other.geos(ctx)
        let touches = GEOSPreparedIntersects_r(ctx.handle, prepared, g.pointer)
        guard touches != 2 else { throw ctx.error("intersects") }
        guard touches == 1 else { return 0 }
        let inside = GEOSPreparedContains_r(ctx.handle, prepared, g.pointer)
        guard inside != 2 else { throw ctx.error("contains") }
        return inside == 1 ? area ?? other.geodesicArea : try other.intersection(geometry).geodesicArea
    }

    /// True when the point lies inside or on the boundary: the grid-lookup test.
    public func covers(_ point: Coordinate) throws -> Bool {
        let ctx = base.context
        guard let p = GEOSGeom_createPointFromXY_r(ctx.handle, point.x, point.y) else { throw ctx.error("point") }
        defer { GEOSGeom_destroy_r(ctx.handle, p) }
        let r = GEOSPreparedCovers_r(ctx.handle, prepared, p)
        guard r != 2 else { throw ctx.error("covers") }
        return r == 1
    }

    private typealias PreparedPredicate = (GEOSContextHandle_t?, OpaquePointer?, OpaquePointer?) -> CChar

    private func test(_ other: Geometry, _ what: String, _ op: PreparedPredicate) throws -> Bool {
        let ctx = base.context
        let g = try other.geos(ctx)
        let r = op(ctx.handle, prepared, g.pointer)
        guard r != 2 else { throw ctx.error(what) }
        return r == 1
    }
}
