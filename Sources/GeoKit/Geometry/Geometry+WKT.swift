import CGEOS

/// Well-known text and binary, the exchange forms of SQL stores and OGR.
extension Geometry {
    /// Parses WKT (`POLYGON ((...))`).
    /// - Throws: `GEOSError` with GEOS's parse message.
    public init(wkt: String) throws {
        let context = GEOSContext.current
        guard let reader = GEOSWKTReader_create_r(context.handle) else { throw context.error("WKT reader") }
        defer { GEOSWKTReader_destroy_r(context.handle, reader) }
        let g = try context.own(GEOSWKTReader_read_r(context.handle, reader, wkt), "WKT")
        self.init(geos: g.pointer, context: context)
    }

    /// Parses ISO or extended WKB (as OGR and SpatiaLite's `AsBinary` write it).
    /// - Throws: `GEOSError` with GEOS's parse message.
    public init(wkb: [UInt8]) throws {
        let context = GEOSContext.current
        guard let reader = GEOSWKBReader_create_r(context.handle) else { throw context.error("WKB reader") }
        defer { GEOSWKBReader_destroy_r(context.handle, reader) }
        let g = try context.own(wkb.withUnsafeBufferPointer {
            GEOSWKBReader_read_r(context.handle, reader, $0.baseAddress, $0.count)
        }, "WKB")
        self.init(geos: g.pointer, context: context)
    }

    /// WKT with trailing zeros trimmed, full precision.
    public var wkt: String {
        get throws {
            let context = GEOSContext.current
            let g = try geos(context)
            guard let writer = GEOSWKTWriter_create_r(context.handle) else { throw context.error("WKT writer") }
            defer { GEOSWKTWriter_destroy_r(context.handle, writer) }
            GEOSWKTWriter_setTrim_r(context.handle, writer, 1)
            GEOSWKTWriter_setOutputDimension_r(context.handle, writer, 2)
            guard let text = context.string(GEOSWKTWriter_write_r(context.handle, writer, g.pointer)) else {
                throw context.error("WKT")
            }
            return text
        }
    }

    /// 2-D little-endian WKB.
    public var wkb: [UInt8] {
        get throws {
            let context = GEOSContext.current
            let g = try geos(context)
            guard let writer = GEOSWKBWriter_create_r(context.handle) else { throw context.error("WKB writer") }
            defer { GEOSWKBWriter_destroy_r(context.handle, writer) }
            GEOSWKBWriter_setOutputDimension_r(context.handle, writer, 2)
            GEOSWKBWriter_setByteOrder_r(context.handle, writer, Int32(GEOS_WKB_NDR.rawValue))
            var size = 0
            guard let bytes = GEOSWKBWriter_write_r(context.handle, writer, g.pointer, &size) else {
                throw context.error("WKB")
            }
            defer { GEOSFree_r(context.handle, bytes) }
            return Array(UnsafeBufferPointer(start: bytes, count: size))
        }
    }
}
