import Foundation
import GeoKit
import ShanshuiTestSupport
import Testing

@Suite("Raster: writing GeoTIFF and COG")
struct RasterWriteTests {
    /// 300 x 200 is not a multiple of the 256 tile, so edge tiles are partial.
    static func utmProfile(bandCount: Int = 2) throws -> RasterProfile {
        RasterProfile(width: 300, height: 200, bandCount: bandCount, dataType: .uint16,
                      geoTransform: GeoTransform(originX: 203_325, pixelWidth: 10, originY: 3_604_935, pixelHeight: -10),
                      crs: try CRS(epsg: 32651), noData: 0)
    }

    @Test func tiledDeflateGeoTIFFReadsBackEqual() throws {
        try Fixture.withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("pattern.tif").path
            let profile = try Self.utmProfile()
            let pattern = Scene.pattern(width: 300, height: 200, bandCount: 2)
            do {
                let raster = try Raster.create(path, profile: profile)
                try raster.write(pattern)
                try raster.setDescription("blue", band: 1)
                try raster.flush()
            }
            let back = try Raster.open(path)
            #expect(try back.read(bands: [1, 2], as: UInt16.self) == pattern)
            #expect(back.profile == profile)
            #expect(back.bands.map(\.description) == ["blue", ""])
            #expect(back.bands.allSatisfy { $0.blockWidth == 256 && $0.blockHeight == 256 && $0.noData == 0 })
            let structure = back.metadata(domain: "IMAGE_STRUCTURE")
            #expect(structure["COMPRESSION"] == "DEFLATE")
            #expect(structure["PREDICTOR"] == "2")
        }
    }

    @Test func writingBlockByBlockEqualsWritingAtOnce() throws {
        try Fixture.withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("blocks.tif").path
            let pattern = Scene.pattern(width: 300, height: 200, bandCount: 1)
            do {
                let raster = try Raster.create(path, profile: try Self.utmProfile(bandCount: 1))
                for window in raster.blockWindows() {
                    var block = RasterBuffer<UInt16>(width: window.width, height: window.height)
                    for row in 0..<window.height {
                        for column in 0..<window.width {
                            block[row, column] = pattern[window.row + row, window.column + column]
                        }
                    }
                    try raster.write(block, at: window)
                }
            }
            #expect(try Raster.open(path).read(band: 1, as: UInt16.self) == pattern)
        }
    }

    @Test func naturalBlocksCoverTheRasterExactlyOnce() throws {
        try Fixture.withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("tiles.tif").path
            let tiled = try Raster.create(path, profile: try Self.utmProfile(bandCount: 1))
            let taizhou = try Raster.open(Fixture.taizhou2000)
            for raster in [tiled, taizhou] {
                let windows = raster.blockWindows()
                var hits = [Int](repeating: 0, count: raster.width * raster.height)
                for window in windows {
                    for row in window.row..<window.rowEnd {
                        for column in window.column..<window.columnEnd { hits[row * raster.width + column] += 1 }
                    }
                }
                #expect(hits.allSatisfy { $0 == 1 })
            }
            #expect(tiled.blockWindows() == [Window(column: 0, row: 0, width: 256, height: 200),
                                             Window(column: 256, row: 0, width: 44, height: 200)])
            #expect(taizhou.blockWindows().count == 400)
        }
    }

    @Test func cogIsValidAndReadsBackEqual() throws {
        try Fixture.withTemporaryDirectory { directory in
            let source = directory.appendingPathComponent("source.tif").path
            let cog = directory.appendingPathComponent("scene.cog.tif").path
            let pattern = Scene.pattern(width: 300, height: 200, bandCount: 2)
            do {
                let raster = try Raster.create(source, profile: try Self.utmProfile())
                try raster.write(pattern)
                try raster.flush()
                try Raster.writeCOG(from: raster, to: cog)
            }
            let back = try Raster.open(cog)
            #expect(back.metadata(domain: "IMAGE_STRUCTURE")["LAYOUT"] == "COG")
            #expect(back.metadata(domain: "IMAGE_STRUCTURE")["COMPRESSION"] == "DEFLATE")
            #expect(try back.read(bands: [1, 2], as: UInt16.self) == pattern)
            #expect(back.crs?.epsg == 32651)
            let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
            #expect(names == ["scene.cog.tif", "source.tif"])
        }
    }

    @Test func aFailedCOGLeavesNoFileBehind() throws {
        try Fixture.withTemporaryDirectory { directory in
            let missing = directory.appendingPathComponent("no-such-dir/scene.tif").path
            let source = try Raster.open(Fixture.taizhou2000)
            let error = try #require(throws: GDALError.self) { try Raster.writeCOG(from: source, to: missing) }
            #expect(error.message.contains(missing))
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
        }
    }

    @Test func aTileSizeGeoTIFFCannotUseIsRejected() throws {
        try Fixture.withTemporaryDirectory { directory in
            var profile = try Self.utmProfile()
            profile.blockSize = 100
            let path = directory.appendingPathComponent("bad.tif").path
            let error = try #require(throws: GDALError.self) { try Raster.create(path, profile: profile) }
            #expect(error.message.contains("multiple of 16"))
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }
}
