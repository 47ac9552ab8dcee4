import Foundation
import GeoKit
import Testing

/// URLs as users write them become the GDAL virtual paths that read them in place.
@Suite("GDALPath: URLs to GDAL paths")
struct GDALPathTests {
    @Test(arguments: [
        ("http://example.org/a/B04.tif", "/vsicurl/http://example.org/a/B04.tif"),
        ("https://example.org/B04.tif?token=x", "/vsicurl/https://example.org/B04.tif?token=x"),
        ("HTTPS://example.org/B04.tif", "/vsicurl/https://example.org/B04.tif"),
        ("s3://bucket/scenes/B04.tif", "/vsis3/bucket/scenes/B04.tif"),
        ("gs://bucket/scenes/B04.tif", "/vsigs/bucket/scenes/B04.tif"),
        ("https://example.org/roads.zip", "/vsizip//vsicurl/https://example.org/roads.zip"),
        ("/vsicurl/https://example.org/B04.tif", "/vsicurl/https://example.org/B04.tif"),
        ("/vsizip/data/a.zip/b.tif", "/vsizip/data/a.zip/b.tif"),
        ("data/taizhou/2000TM", "data/taizhou/2000TM"),
        ("reserves.zip", "/vsizip/reserves.zip"),
    ])
    func urlsBecomeGDALVirtualPaths(location: String, expected: String) {
        #expect(GDALPath.resolve(location) == expected)
    }

    @Test func onlyNetworkLocationsAreRemote() {
        #expect(GDALPath.isRemote("https://example.org/B04.tif"))
        #expect(GDALPath.isRemote("s3://bucket/B04.tif"))
        #expect(GDALPath.isRemote("/vsizip//vsicurl/https://example.org/a.zip"))
        #expect(!GDALPath.isRemote("data/taizhou/2000TM"))
        #expect(!GDALPath.isRemote("/vsizip/data/a.zip"))
    }

    @Test func storedPathsDoNotDependOnTheCurrentFolder() {
        let cwd = FileManager.default.currentDirectoryPath
        #expect(GDALPath.anchored("data/taizhou/2000TM") == cwd + "/data/taizhou/2000TM")
        for unchanged in ["/data/a.tif", "/vsis3/bucket/a.tif", "https://example.org/a.tif", "S3://bucket/a.tif", ""] {
            #expect(GDALPath.anchored(unchanged) == unchanged)
        }
    }
}
