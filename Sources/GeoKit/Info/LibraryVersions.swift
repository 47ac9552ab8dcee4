import CGDAL
import CGEOS
import CPROJ
import CSpatiaLite

/// The versions of the C libraries this process runs on, for `shanshui version` and bug reports.
public struct LibraryVersions: Sendable, Hashable {
    /// e.g. "3.6.2"
    public var gdal: String
    /// e.g. "3.11.1-CAPI-1.17.1"
    public var geos: String
    /// e.g. "9.1.1"
    public var proj: String
    /// e.g. "5.0.1"
    public var spatialite: String
    /// e.g. "3.40.1"
    public var sqlite: String

    /// Reads each library's own version string at run time (not the headers'), so what is
    /// reported is what is loaded.
    public static var current: LibraryVersions {
        GDAL.ensureRegistered()
        let info = proj_info()
        return LibraryVersions(
            gdal: GDALVersionInfo("RELEASE_NAME").map { String(cString: $0) } ?? "?",
            geos: GEOSversion().map { String(cString: $0) } ?? "?",
            proj: "\(info.major).\(info.minor).\(info.patch)",
            spatialite: spatialite_version().map { String(cString: $0) } ?? "?",
            sqlite: sqlite3_libversion().map { String(cString: $0) } ?? "?")
    }
}
