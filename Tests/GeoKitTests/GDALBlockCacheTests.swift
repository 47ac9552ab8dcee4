import GeoKit
import Testing

/// Chips raise GDAL's block cache while they draw, so each tile is decoded once.
@Suite("GDAL block cache")
struct GDALBlockCacheTests {
    @Test func limitIsAtLeastWhatIsAskedInsideAndNeverLowered() {
        let asked = GDALBlockCache.limit + (96 << 20)
        let (outer, inner) = GDALBlockCache.withLimit(atLeast: asked) {
            // A nested caller asking for less leaves the larger limit in place.
            (GDALBlockCache.limit, GDALBlockCache.withLimit(atLeast: 1 << 20) { GDALBlockCache.limit })
        }
        #expect(outer >= asked)
        #expect(inner >= asked)
    }
}
