import CGEOS

// Conversion between `Geometry` values and GEOS geometries, in one context.
extension Geometry {
    /// A GEOS copy of this geometry in `context`.
    /// - Throws: `GEOSError` for shapes GEOS refuses (a ring of fewer than 4 positions, an unclosed ring).
    func geos(_ context: GEOSContext) throws -> GEOSGeometry {
        GEOSGeometry(try makeRaw(context), context: context)
    }

    /// Reads a GEOS geometry (not owned) back into a value.
    init(geos pointer: OpaquePointer, context: GEOSContext) {
        let ctx = context.handle
        switch Int32(GEOSGeomTypeId_r(ctx, pointer)) {
        case Int32(GEOS_POINT.rawValue):
            let c = Geometry.coordinates(of: pointer, context)
            self = c.isEmpty ? .multiPoint([]) : .point(c[0])
        case Int32(GEOS_LINESTRING.rawValue), Int32(GEOS_LINEARRING.rawValue):
            self = .lineString(Geometry.coordinates(of: pointer, context))
        case Int32(GEOS_POLYGON.rawValue):
            self = .polygon(Geometry.polygon(of: pointer, context))
        case Int32(GEOS_MULTIPOINT.rawValue):
            self = .multiPoint(Geometry.parts(of: pointer, context).flatMap { Geometry.coordinates(of: $0, context) })
        case Int32(GEOS_MULTILINESTRING.rawValue):
            self = .multiLineString(Geometry.parts(of: pointer, context).map { Geometry.coordinates(of: $0, context) })
        case Int32(GEOS_MULTIPOLYGON.rawValue):
            self = .multiPolygon(Geometry.parts(of: pointer, context).map { Geometry.polygon(of: $0, context) })
        default:
            self = .geometryCollection(Geometry.parts(of: pointer, context).map { Geometry(geos: $0, context: context) })
        }
    }

    private static func parts(of pointer: OpaquePointer, _ context: GEOSContext) -> [OpaquePointer] {
        let n = GEOSGetNumGeometries_r(context.handle, pointer)
        guard n > 0, GEOSisEmpty_r(context.handle, pointer) == 0 else { return [] }
        return (0..<n).compactMap { GEOSGetGeometryN_r(context.handle, pointer, $0) }
    }

    private static func polygon(of pointer: OpaquePointer, _ context: GEOSContext) -> Polygon {
        let ctx = context.handle
        guard GEOSisEmpty_r(ctx, pointer) == 0, let shell = GEOSGetExteriorRing_r(ctx, pointer) else {
            return Polygon(exterior: [])
        }
        let holes = (0..<max(0, GEOSGetNumInteriorRings_r(ctx, pointer))).compactMap {
            GEOSGetInteriorRingN_r(ctx, pointer, $0).map { coordinates(of: $0, context) }
        }
        return Polygon(exterior: coordinates(of: shell, context), holes: holes)
    }

    private static func coordinates(of pointer: OpaquePointer, _ context: GEOSContext) -> [Coordinate] {
        let ctx = context.handle
        guard GEOSisEmpty_r(ctx, pointer) == 0, let seq = GEOSGeom_getCoordSeq_r(ctx, pointer) else { return [] }
        var size: UInt32 = 0
        GEOSCoordSeq_getSize_r(ctx, seq, &size)
        return [Coordinate](unsafeUninitializedCapacity: Int(size)) { buffer, count in
            buffer.withMemoryRebound(to: Double.self) { doubles in
                _ = GEOSCoordSeq_copyToBuffer_r(ctx, seq, doubles.baseAddress, 0, 0)
            }
            count = Int(size)
        }
    }

    /// Builds an owned GEOS pointer; on failure nothing is leaked.
    private func makeRaw(_ context: GEOSContext) throws -> OpaquePointer {
        let ctx = context.handle
        switch self {
        case .point(let c):
            return try raw(GEOSGeom_createPointFromXY_r(ctx, c.x, c.y), context, "Point")
        case .lineString(let cs):
            if cs.isEmpty { return try raw(GEOSGeom_createEmptyLineString_r(ctx), context, "LineString") }
            return try raw(GEOSGeom_createLineString_r(ctx, try Geometry.sequence(cs, context)), context, "LineString")
        case .polygon(let p):
            return try Geometry.makePolygon(p, context)
        case .multiPoint(let cs):
            return try Geometry.collection(GEOS_MULTIPOINT, cs.map { Geometry.point($0) }, context)
        case .multiLineString(let ls):
            return try Geometry.collection(GEOS_MULTILINESTRING, ls.map { Geometry.lineString($0) }, context)
        case .multiPolygon(let ps):
            return try Geometry.collection(GEOS_MULTIPOLYGON, ps.map { Geometry.polygon($0) }, context)
        case .geometryCollection(let gs):
            return try Geometry.collection(GEOS_GEOMETRYCOLLECTION, gs, context)
        }
    }

    private func raw(_ pointer: OpaquePointer?, _ context: GEOSContext, _ what: String) throws -> OpaquePointer {
        guard let pointer else { throw context.error("cannot make a GEOS \(what)") }
        return pointer
    }

    private static func sequence(_ cs: [Coordinate], _ context: GEOSContext) throws -> OpaquePointer {
        let seq = cs.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: Double.self) { doubles in
                GEOSCoordSeq_copyFromBuffer_r(context.handle, doubles.baseAddress, UInt32(cs.count), 0, 0)
            }
        }
        guard let seq else { throw context.error("cannot make a coordinate sequence") }
        return seq
    }

    private static func makeRing(_ cs: [Coordinate], _ context: GEOSContext) throws -> OpaquePointer {
        guard cs.count >= 4 else {
            throw GEOSError("a polygon ring needs at least 4 positions, this one has \(cs.count)")
        }
        guard cs.first == cs.last else {
            throw GEOSError("a polygon ring must be closed (first position equal to last)")
        }
        guard let ring = GEOSGeom_createLinearRing_r(context.handle, try sequence(cs, context)) else {
            throw context.error("cannot make a linear ring")
        }
        return ring
    }

    private static func makePolygon(_ p: Polygon, _ context: GEOSContext) throws -> OpaquePointer {
        let ctx = context.handle
        if p.exterior.isEmpty {
            guard let empty = GEOSGeom_createEmptyPolygon_r(ctx) else { throw context.error("empty polygon") }
            return empty
        }
        let shell = try makeRing(p.exterior, context)
        var holes = [OpaquePointer?]()
        do {
            for h in p.holes { holes.append(try makeRing(h, context)) }
        } catch {
            GEOSGeom_destroy_r(ctx, shell)
            for h in holes { GEOSGeom_destroy_r(ctx, h) }
            throw error
        }
        let polygon = holes.withUnsafeMutableBufferPointer {
            GEOSGeom_createPolygon_r(ctx, shell, $0.baseAddress, UInt32($0.count))
        }
        guard let polygon else { throw context.error("cannot make a polygon") }
        return polygon
    }

    private static func collection(_ type: GEOSGeomTypes, _ members: [Geometry], _ context: GEOSContext) throws -> OpaquePointer {
        let ctx = context.handle
        var parts = [OpaquePointer?]()
        do {
            for m in members { parts.append(try m.makeRaw(context)) }
        } catch {
            for p in parts { GEOSGeom_destroy_r(ctx, p) }
            throw error
        }
        let made = parts.withUnsafeMutableBufferPointer {
            GEOSGeom_createCollection_r(ctx, Int32(type.rawValue), $0.baseAddress, UInt32($0.count))
        }
        guard let made else { throw context.error("cannot make a geometry collection") }
        return made
    }
}
