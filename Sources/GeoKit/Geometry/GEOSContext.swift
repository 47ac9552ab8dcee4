import CGEOS

/// A failure inside GEOS, or a geometry GEOS cannot represent, with GEOS's own message.
public struct GEOSError: Error, CustomStringConvertible, Sendable {
    /// What was attempted and GEOS's message, e.g. "WKT: ParseException: Expected word...".
    public var message: String
    public var description: String { message }
    public init(_ message: String) { self.message = message }
}

/// Owns a reentrant GEOS context (`GEOS_init_r`) and the last message its handler got.
///
/// Geometries belong to the context that made them; each thread uses its own (`current`).
final class GEOSContext {
    let handle: GEOSContextHandle_t
    fileprivate var lastError: String?

    /// The calling thread's context.
    static var current: GEOSContext { perThread.value }
    private static let perThread = ThreadLocal { GEOSContext() }

    init() {
        guard let h = GEOS_init_r() else { fatalError("GEOS_init_r returned NULL") }
        handle = h
        GEOSContext_setErrorMessageHandler_r(h, { message, userData in
            guard let message, let userData else { return }
            Unmanaged<GEOSContext>.fromOpaque(userData).takeUnretainedValue().lastError = String(cString: message)
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    deinit { GEOS_finish_r(handle) }

    /// An error for a failed call, carrying GEOS's last message.
    func error(_ what: String) -> GEOSError {
        defer { lastError = nil }
        return GEOSError("\(what): \(lastError ?? "GEOS reported a failure")")
    }

    /// Wraps a freshly returned GEOS geometry pointer, or throws GEOS's message when it is NULL.
    func own(_ pointer: OpaquePointer?, _ what: String) throws -> GEOSGeometry {
        guard let pointer else { throw error(what) }
        return GEOSGeometry(pointer, context: self)
    }

    /// Takes a C string GEOS allocated, frees it with `GEOSFree_r`.
    func string(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        defer { GEOSFree_r(handle, pointer) }
        return String(cString: pointer)
    }
}

/// Owns one GEOS geometry (`GEOSGeom_destroy_r` on deinit) and the context it belongs to.
final class GEOSGeometry {
    let pointer: OpaquePointer
    let context: GEOSContext

    init(_ pointer: OpaquePointer, context: GEOSContext) {
        self.pointer = pointer
        self.context = context
    }

    deinit { GEOSGeom_destroy_r(context.handle, pointer) }
}
