import CGDAL
import Synchronization

/// GDAL's block cache: the decoded tiles of every raster open in the process, shared by all
/// threads, dropped least recently used first once it holds its limit.
public enum GDALBlockCache {
    private static let raises = Mutex<(count: Int, saved: Int64)>((0, 0))

    /// The cache's limit, bytes (GDAL reads `GDAL_CACHEMAX` on first use: 5 % of RAM by default).
    public static var limit: Int64 {
        GDAL.ensureRegistered()
        return GDALGetCacheMax64()
    }

    /// Runs `body` with the limit raised to at least `bytes`, then lowers it back once no other
    /// caller is inside: for work that revisits tiles, e.g. chips cut in map order, where each
    /// tile is then decoded once instead of once per window that needs it.
    public static func withLimit<T>(atLeast bytes: Int64, _ body: () throws -> T) rethrows -> T {
        GDAL.ensureRegistered()
        raises.withLock { state in
            if state.count == 0 { state.saved = GDALGetCacheMax64() }
            state.count += 1
            if GDALGetCacheMax64() < bytes { GDALSetCacheMax64(bytes) }
        }
        defer {
            raises.withLock { state in
                state.count -= 1
                if state.count == 0 { GDALSetCacheMax64(state.saved) }
            }
        }
        return try body()
    }
}
