import CGEOS

/// Whether a geometry is valid in the OGC sense, and if not why and where.
public enum Validity: Hashable, Sendable {
    case valid
    /// GEOS's reason ("Self-intersection", "Ring Self-intersection", "Too few points") and its location.
    case invalid(reason: String, location: Coordinate?)

    /// True for `.valid`.
    public var isValid: Bool { self == .valid }
}

extension Geometry {
    /// Checks OGC validity with GEOS (`GEOSisValidDetail_r`): imported boundaries are often invalid.
    public func validity() throws -> Validity {
        let context = GEOSContext.current
        let g = try geos(context)
        var reason: UnsafeMutablePointer<CChar>?
        var location: OpaquePointer?
        let r = GEOSisValidDetail_r(context.handle, g.pointer, 0, &reason, &location)
        guard r != 2 else { throw context.error("validity check") }
        if r == 1 { return .valid }
        var at: Coordinate?
        if let location {
            if case .point(let c) = Geometry(geos: location, context: context) { at = c }
            GEOSGeom_destroy_r(context.handle, location)
        }
        return .invalid(reason: context.string(reason) ?? "invalid geometry", location: at)
    }

    /// A valid version of this geometry (`GEOSMakeValidWithParams_r`, structure method).
    ///
    /// Polygonal input gives polygonal output: a bowtie becomes two triangles, collapsed
    /// parts (lines, points) are dropped, so the area is what the rings enclose.
    public func makeValid() throws -> Geometry {
        let context = GEOSContext.current
        let ctx = context.handle
        let g = try geos(context)
        guard let params = GEOSMakeValidParams_create_r(ctx) else { throw context.error("make valid") }
        defer { GEOSMakeValidParams_destroy_r(ctx, params) }
        GEOSMakeValidParams_setMethod_r(ctx, params, GEOS_MAKE_VALID_STRUCTURE)
        GEOSMakeValidParams_setKeepCollapsed_r(ctx, params, 0)
        let out = try context.own(GEOSMakeValidWithParams_r(ctx, g.pointer, params), "make valid")
        let repaired = Geometry(geos: out.pointer, context: context)
        guard isPolygonal else { return repaired }
        let polygons = repaired.polygons
        return polygons.count == 1 ? .polygon(polygons[0]) : .multiPolygon(polygons)
    }
}
