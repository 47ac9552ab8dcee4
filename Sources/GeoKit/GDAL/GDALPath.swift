import CGDAL
import Foundation

/// The path GDAL opens for a dataset as a user names it: a local file, a GDAL virtual path, or
/// a URL. Every raster and vector open goes through `resolve(_:)`, so an image on a web server
/// or in a bucket is read the same way as a local one, fetching only the byte ranges it needs.
public enum GDALPath {
    /// URL schemes users write, and the GDAL virtual file system that reads each.
    private static let schemes: [(scheme: String, prefix: String)] = [
        ("http://", "/vsicurl/http://"), ("https://", "/vsicurl/https://"),
        ("s3://", "/vsis3/"), ("gs://", "/vsigs/"),
    ]

    /// GDAL's network file systems.
    private static let remotePrefixes = ["/vsicurl/", "/vsis3/", "/vsigs/", "/vsiaz/", "/vsiadls/", "/vsioss/",
                                         "/vsiswift/", "/vsiwebhdfs/"]

    /// The path GDAL should open for `location`.
    ///
    /// `http://` and `https://` URLs become `/vsicurl/<url>`, `s3://bucket/key` becomes
    /// `/vsis3/bucket/key` and `gs://bucket/key` becomes `/vsigs/bucket/key`; a path or URL
    /// ending in `.zip` is read through `/vsizip/`. Local paths and paths already starting with
    /// `/vsi` are returned unchanged.
    /// - Parameter location: a file path, a GDAL virtual path or a URL, as the user wrote it.
    /// - Returns: the path to hand to GDAL.
    public static func resolve(_ location: String) -> String {
        guard !location.hasPrefix("/vsi") else { return location }
        let lower = location.lowercased()
        var path = location
        if let match = schemes.first(where: { lower.hasPrefix($0.scheme) }) {
            path = match.prefix + location.dropFirst(match.scheme.count)
        }
        return lower.hasSuffix(".zip") ? "/vsizip/" + path : path
    }

    /// `location` made independent of the current folder: a relative local path becomes
    /// absolute; URLs, virtual paths and absolute paths are returned unchanged. Stored paths
    /// (epochs, masks) must mean the same thing to every process that reads them later.
    public static func anchored(_ location: String) -> String {
        guard !location.isEmpty, !location.hasPrefix("/"), !schemes.contains(where: { location.lowercased().hasPrefix($0.scheme) }) else {
            return location
        }
        return FileManager.default.currentDirectoryPath + "/" + location
    }

    /// True when `location` is read over the network (a URL, or a path through `/vsicurl/`,
    /// `/vsis3/`, `/vsigs/`..., also inside `/vsizip/`).
    /// - Parameter location: a file path, a GDAL virtual path or a URL.
    /// - Returns: whether GDAL reads it through a network file system.
    public static func isRemote(_ location: String) -> Bool {
        let path = resolve(location)
        return remotePrefixes.contains { path.contains($0) }
    }

    /// GDAL settings for reading over the network, applied once before the first open; a setting
    /// the user gave (environment or `--config`) is left alone.
    ///
    /// A COG opens with a HEAD and a range GET or two; without `GDAL_DISABLE_READDIR_ON_OPEN`
    /// GDAL would first list the "directory" and probe some forty sidecar names (`.aux.xml`,
    /// `.ovr`, `.msk`, `_rpc.txt`...) with a request each. It is set for the network file systems
    /// only, because local formats such as ENVI find their header through the directory listing.
    static func configureRemoteReads() {
        if CPLGetConfigOption("GDAL_DISABLE_READDIR_ON_OPEN", nil) == nil {
            for prefix in remotePrefixes {
                VSISetPathSpecificOption(prefix, "GDAL_DISABLE_READDIR_ON_OPEN", "EMPTY_DIR")
            }
        }
        // Retry throttled or failing servers (429, 5xx) a few times, a second apart at first
        // (GDAL's default is no retry), and give up connecting after 30 s instead of curl's 300.
        for (key, value) in [("GDAL_HTTP_MERGE_CONSECUTIVE_RANGES", "YES"), ("GDAL_HTTP_MAX_RETRY", "3"),
                             ("GDAL_HTTP_RETRY_DELAY", "1"), ("GDAL_HTTP_CONNECTTIMEOUT", "30")]
        where CPLGetConfigOption(key, nil) == nil {
            CPLSetConfigOption(key, value)
        }
    }
}
