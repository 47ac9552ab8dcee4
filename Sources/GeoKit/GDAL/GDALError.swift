import CGDAL

/// A failure reported by GDAL/OGR, with GDAL's own error number and message.
public struct GDALError: Error, CustomStringConvertible, Sendable {
    /// The CPLErrorNum (`CPLE_OpenFailed` = 4, `CPLE_FileIO` = 3, ...), 0 when GDAL set none.
    public var code: Int
    /// What was attempted, then GDAL's message.
    public var message: String
    public var description: String { message }

    /// Makes an error with our own message.
    public init(code: Int = 0, message: String) {
        self.code = code
        self.message = message
    }

    /// Reads and clears this thread's last GDAL error; call right after the failing call.
    static func last(_ what: String) -> GDALError {
        let code = Int(CPLGetLastErrorNo())
        let text = CPLGetLastErrorMsg().map { String(cString: $0) } ?? ""
        CPLErrorReset()
        return GDALError(code: code, message: text.isEmpty ? what : "\(what): \(text)")
    }
}

/// GDAL's one-time set-up: register drivers, silence the stderr printer (errors are read and
/// thrown), tune network reads.
enum GDAL {
    static let registered: Bool = {
        GDALAllRegister()
        CPLSetErrorHandler(CPLQuietErrorHandler)
        GDALPath.configureRemoteReads()
        return true
    }()

    /// Makes sure drivers are registered before any GDAL call.
    static func ensureRegistered() { _ = registered }

    /// GDAL's release name, e.g. "GDAL 3.6.2, released 2023/01/02".
    static var version: String {
        ensureRegistered()
        return GDALVersionInfo("--version").map { String(cString: $0) } ?? "GDAL"
    }
}

/// A NULL-terminated `char**` string list, as GDAL's options take, freed on deinit.
final class CStringList {
    private(set) var pointer: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?

    init(_ strings: [String] = []) {
        for s in strings { pointer = CSLAddString(pointer, s) }
    }

    deinit { CSLDestroy(pointer) }

    /// The list as the `const char* const*` most GDAL functions take.
    var constPointer: UnsafePointer<UnsafePointer<CChar>?>? {
        pointer.map { UnsafeRawPointer($0).assumingMemoryBound(to: UnsafePointer<CChar>?.self) }
    }
}
