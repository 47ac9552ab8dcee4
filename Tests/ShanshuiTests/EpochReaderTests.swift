import Foundation
import GeoKit
@testable import Shanshui
import ShanshuiTestSupport
import Testing

/// Both epochs of a pair read into `Float` planes and one invalid mask: the one-pass conversion
/// of 16-bit files (read a few rows at a time) gives what GDAL's own conversion gives, and the
/// marks of both epochs (nodata, all bands zero) add up.
@Suite("Epoch reader: planes and invalid marks")
struct EpochReaderTests {
    /// A 4-band UInt16 GeoTIFF of `width × height` with nodata 7 and values from `value`.
    static func write(_ path: String, width: Int, height: Int, tile: Int = 256, value: (Int, Int, Int) -> UInt16) throws {
        let grid = RasterGrid(width: width, height: height, geoTransform: GeoTransform(originX: 500_000, pixelWidth: 10, originY: 3_500_000, pixelHeight: -10),
                              crs: try CRS(epsg: 32650))
        var profile = RasterProfile(grid: grid, bandCount: 4, dataType: .uint16, noData: 7)
        profile.blockSize = tile
        let raster = try Raster.create(path, profile: profile)
        var values: [UInt16] = []
        for band in 0..<4 {
            for row in 0..<height {
                for column in 0..<width { values.append(value(band, row, column)) }
            }
        }
        try raster.write(RasterBuffer(width: width, height: height, bandCount: 4, values: values))
        try raster.flush()
    }

    /// Pixel values with nodata (7) in one band and all four bands zero here and there, differently per epoch.
    static func value(seed: Int) -> (Int, Int, Int) -> UInt16 {
        { band, row, column in
            let k = row * 7919 + column * 104_729 + seed
            if k % 53 == 0 { return 0 }                    // all bands zero
            if band == 2, k % 41 == 0 { return 7 }         // nodata in one band
            return UInt16(100 + (k * (band + 3)) % 5000)
        }
    }

    @Test func onePassConversionMatchesGDALAcrossRowPiecesAndCombinesBothEpochs() throws {
        try Fixture.withTemporaryDirectory { dir in
            // 200 columns: 163 rows fill the 256 KB piece, so 400 rows take three pieces.
            let width = 200, height = 400
            let before = dir.appendingPathComponent("before.tif").path, after = dir.appendingPathComponent("after.tif").path
            try EpochReaderTests.write(before, width: width, height: height, value: EpochReaderTests.value(seed: 0))
            try EpochReaderTests.write(after, width: width, height: height, value: EpochReaderTests.value(seed: 11))
            let alignment = try Alignment.plan(before: EpochSource(files: [before]), after: EpochSource(files: [after]),
                                               roles: BandRoles(parsing: "blue=1,green=2,red=3,nir=4"), region: nil)
            let pair = try EpochPair(alignment)
            // A window off the tiles and across piece boundaries, the whole raster, then a smaller one
            // again (buffers keep their storage and must not leak old values).
            for window in [Window(column: 3, row: 150, width: 190, height: 250), Window(column: 0, row: 0, width: width, height: height),
                           Window(column: 17, row: 5, width: 40, height: 30)] {
                try pair.read(window)
                let b = try Raster.open(before).read(bands: [1, 2, 3, 4], window: window, as: Float.self).values
                let a = try Raster.open(after).read(bands: [1, 2, 3, 4], window: window, as: Float.self).values
                #expect(pair.before == b)
                #expect(pair.after == a)
                let n = window.pixelCount
                func invalid(_ v: [Float], _ i: Int) -> Bool {
                    (0..<4).allSatisfy { v[$0 * n + i] == 0 } || (0..<4).contains { v[$0 * n + i] == 7 }
                }
                let expected = (0..<n).map { invalid(b, $0) || invalid(a, $0) ? UInt8(1) : 0 }
                #expect(pair.invalid == expected)
                #expect(expected.contains(1) && expected.contains(0))
            }
        }
    }

    /// Windows made of whole tiles are decoded by libtiff tile by tile (`GeoTIFFTiles`), with the
    /// four bands in file order (vector de-interleaving) or in another order: the same planes and
    /// marks as GDAL's, edge tiles included.
    @Test func wholeTilesReadStraightFromLibtiffMatchGDAL() throws {
        try Fixture.withTemporaryDirectory { dir in
            let width = 100, height = 70
            let before = dir.appendingPathComponent("before.tif").path, after = dir.appendingPathComponent("after.tif").path
            try EpochReaderTests.write(before, width: width, height: height, tile: 16, value: EpochReaderTests.value(seed: 3))
            try EpochReaderTests.write(after, width: width, height: height, tile: 16, value: EpochReaderTests.value(seed: 5))
            let tiles = try #require(GeoTIFFTiles(try Raster.open(before), dataType: .uint16))
            #expect(tiles.tileWidth == 16 && tiles.tileHeight == 16 && tiles.samplesPerPixel == 4)
            #expect(GeoTIFFTiles(try Raster.open(before), dataType: .byte) == nil)
            for (roles, bands) in [("blue=1,green=2,red=3,nir=4", [1, 2, 3, 4]), ("blue=3,green=1,red=4,nir=2", [3, 1, 4, 2])] {
                let alignment = try Alignment.plan(before: EpochSource(files: [before]), after: EpochSource(files: [after]),
                                                   roles: BandRoles(parsing: roles), region: nil)
                let pair = try EpochPair(alignment)
                // Whole tiles inside, whole tiles to the right and bottom edges, then the whole raster.
                for window in [Window(column: 16, row: 32, width: 48, height: 16), Window(column: 80, row: 48, width: 20, height: 22),
                               Window(column: 0, row: 0, width: width, height: height)] {
                    try pair.read(window)
                    let b = try Raster.open(before).read(bands: bands, window: window, as: Float.self).values
                    let a = try Raster.open(after).read(bands: bands, window: window, as: Float.self).values
                    #expect(pair.before == b, "\(roles) \(window)")
                    #expect(pair.after == a, "\(roles) \(window)")
                    let n = window.pixelCount
                    func invalid(_ v: [Float], _ i: Int) -> Bool {
                        (0..<4).allSatisfy { v[$0 * n + i] == 0 } || (0..<4).contains { v[$0 * n + i] == 7 }
                    }
                    #expect(pair.invalid == (0..<n).map { invalid(b, $0) || invalid(a, $0) ? UInt8(1) : 0 })
                }
            }
        }
    }

    @Test func resizeKeepsValuesAndZeroesAddedOnes() {
        var values: [Float] = [1, 2, 3, 4]
        values.resize(to: 2)
        #expect(values == [1, 2])
        values.resize(to: 5)
        #expect(values == [1, 2, 0, 0, 0])
    }
}
