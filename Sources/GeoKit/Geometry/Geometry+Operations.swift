import CGEOS

/// Overlay, measures and constructions through GEOS, on the calling thread's context.
///
/// Measures here are planar, in the CRS's own units: use `geodesicArea` for lon/lat areas.
extension Geometry {
    /// Area in squared CRS units (planar). For lon/lat use `geodesicArea`.
    public var planarArea: Double {
        get throws { try measure("area", GEOSArea_r) }
    }

    /// Length (perimeter for polygons) in CRS units (planar). For lon/lat use `geodesicLength`.
    public var planarLength: Double {
        get throws { try measure("length", GEOSLength_r) }
    }

    /// The centre of mass (of the highest-dimension parts).
    public func centroid() throws -> Geometry { try unary("centroid", GEOSGetCentroid_r) }

    /// A point guaranteed to lie inside the geometry: where labels and lookups go.
    public func pointOnSurface() throws -> Geometry { try unary("point on surface", GEOSPointOnSurface_r) }

    /// The shared part of two geometries (`GEOSIntersection_r`).
    public func intersection(_ other: Geometry) throws -> Geometry { try binary(other, "intersection", GEOSIntersection_r) }

    /// This geometry less `other` (`GEOSDifference_r`).
    public func difference(_ other: Geometry) throws -> Geometry { try binary(other, "difference", GEOSDifference_r) }

    /// Both geometries merged (`GEOSUnion_r`).
    public func union(_ other: Geometry) throws -> Geometry { try binary(other, "union", GEOSUnion_r) }

    /// The parts in one geometry but not both (`GEOSSymDifference_r`).
    public func symmetricDifference(_ other: Geometry) throws -> Geometry {
        try binary(other, "symmetric difference", GEOSSymDifference_r)
    }

    /// The union of many geometries in one pass (`GEOSUnaryUnion_r`): dissolving zones, cells, patches.
    public static func unaryUnion(_ geometries: [Geometry]) throws -> Geometry {
        try Geometry.geometryCollection(geometries).unary("unary union", GEOSUnaryUnion_r)
    }

    /// The area within `distance` CRS units of the geometry; negative distances shrink polygons.
    public func buffer(_ distance: Double, quadrantSegments: Int = 8) throws -> Geometry {
        try unary("buffer") { GEOSBuffer_r($0, $1, distance, Int32(quadrantSegments)) }
    }

    /// Fewer vertices within `tolerance` CRS units, keeping rings valid and non-crossing
    /// (`GEOSTopologyPreserveSimplify_r`).
    public func simplified(tolerance: Double) throws -> Geometry {
        try unary("simplify") { GEOSTopologyPreserveSimplify_r($0, $1, tolerance) }
    }

    /// The shortest planar distance between two geometries, in CRS units.
    public func distance(to other: Geometry) throws -> Double { try measure(other, "distance", GEOSDistance_r) }

    /// The same shape in GEOS's normal form (rings start at their lowest point, parts sorted):
    /// makes equal shapes compare equal as values.
    public func normalized() throws -> Geometry {
        let context = GEOSContext.current
        let g = try geos(context)
        guard GEOSNormalize_r(context.handle, g.pointer) == 0 else { throw context.error("normalize") }
        return Geometry(geos: g.pointer, context: context)
    }

    // MARK: predicates

    /// True when the geometries share any point.
    public func intersects(_ other: Geometry) throws -> Bool { try predicate(other, "intersects", GEOSIntersects_r) }
    /// True when `other` lies inside this geometry (not only on its boundary).
    public func contains(_ other: Geometry) throws -> Bool { try predicate(other, "contains", GEOSContains_r) }
    /// True when no point of `other` lies outside this geometry.
    public func covers(_ other: Geometry) throws -> Bool { try predicate(other, "covers", GEOSCovers_r) }
    /// True when this geometry lies inside `other`.
    public func within(_ other: Geometry) throws -> Bool { try predicate(other, "within", GEOSWithin_r) }
    /// True when the geometries meet only at their boundaries.
    public func touches(_ other: Geometry) throws -> Bool { try predicate(other, "touches", GEOSTouches_r) }
    /// True when the geometries overlap, each having parts outside the other.
    public func overlaps(_ other: Geometry) throws -> Bool { try predicate(other, "overlaps", GEOSOverlaps_r) }
    /// True when the geometries cover the same points (`GEOSEquals_r`), whatever their vertex order.
    public func topologicallyEquals(_ other: Geometry) throws -> Bool { try predicate(other, "equals", GEOSEquals_r) }

    /// The discrete Hausdorff distance (`GEOSHausdorffDistance_r`, in coordinate units): how far
    /// the farthest vertex of either geometry lies from the other. Small when the two are one
    /// shape up to rounding (a boundary reprojected there and back), whatever their vertex order.
    public func hausdorffDistance(to other: Geometry) throws -> Double {
        try measure(other, "Hausdorff distance", GEOSHausdorffDistance_r)
    }

    // MARK: plumbing

    typealias UnaryOp = (GEOSContextHandle_t?, OpaquePointer?) -> OpaquePointer?
    typealias BinaryOp = (GEOSContextHandle_t?, OpaquePointer?, OpaquePointer?) -> OpaquePointer?
    typealias Predicate = (GEOSContextHandle_t?, OpaquePointer?, OpaquePointer?) -> CChar
    typealias Measure = (GEOSContextHandle_t?, OpaquePointer?, UnsafeMutablePointer<Double>?) -> Int32
    typealias BinaryMeasure = (GEOSContextHandle_t?, OpaquePointer?, OpaquePointer?, UnsafeMutablePointer<Double>?) -> Int32

    func unary(_ what: String, _ op: UnaryOp) throws -> Geometry {
        let context = GEOSContext.current
        let g = try geos(context)
        let out = try context.own(op(context.handle, g.pointer), what)
        return Geometry(geos: out.pointer, context: context)
    }

    func binary(_ other: Geometry, _ what: String, _ op: BinaryOp) throws -> Geometry {
        let context = GEOSContext.current
        let a = try geos(context), b = try other.geos(context)
        let out = try context.own(op(context.handle, a.pointer, b.pointer), what)
        return Geometry(geos: out.pointer, context: context)
    }

    func predicate(_ other: Geometry, _ what: String, _ op: Predicate) throws -> Bool {
        let context = GEOSContext.current
        let a = try geos(context), b = try other.geos(context)
        let r = op(context.handle, a.pointer, b.pointer)
        guard r != 2 else { throw context.error(what) }
        return r == 1
    }

    func measure(_ other: Geometry, _ what: String, _ op: BinaryMeasure) throws -> Double {
        let context = GEOSContext.current
        let a = try geos(context), b = try other.geos(context)
        var value = 0.0
        guard op(context.handle, a.pointer, b.pointer, &value) == 1 else { throw context.error(what) }
        return value
    }

    func measure(_ what: String, _ op: Measure) throws -> Double {
        let context = GEOSContext.current
        let g = try geos(context)
        var value = 0.0
        guard op(context.handle, g.pointer, &value) == 1 else { throw context.error(what) }
        return value
    }
}
