import CGDAL
import Foundation
import GeoKit
import ShanshuiTestSupport
import Testing

@Suite("Raster: opening and reading")
struct RasterTests {
    @Test func taizhouLandsatPairOpensAsENVIOnUTM51NAt30Metres() throws {
        for path in [Fixture.taizhou2000, Fixture.taizhou2003] {
            let raster = try Raster.open(path)
            #expect(raster.driverShortName == "ENVI")
            #expect(raster.width == 400)
            #expect(raster.height == 400)
            #expect(raster.bandCount == 6)
            #expect(raster.bands.allSatisfy { $0.dataType == .byte })
            let crs = try #require(raster.crs)
            #expect(crs.epsg == 32651)
            let transform = try #require(raster.geoTransform)
            #expect(transform.pixelWidth == 30)
            #expect(transform.pixelHeight == -30)
            #expect(transform.originX == 203_325)
            #expect(transform.originY == 3_604_935)
            #expect(raster.bounds == Envelope(minX: 203_325, minY: 3_592_935, maxX: 215_325, maxY: 3_604_935))
        }
    }

    // Values of pixel (column 200, row 150), bands 1-6, found with
    // `GDAL_PAM_ENABLED=NO gdallocationinfo -valonly data/taizhou/2000TM 200 150` (and 2003TM),
    // and cross-checked by reading the BSQ bytes directly:
    // `od -An -tu1 -j $((b*160000 + 150*400 + 200)) -N1 data/taizhou/2000TM` for b = 0...5.
    @Test func taizhouKnownPixelValuesPerBand() throws {
        let window = Window(column: 200, row: 150, width: 1, height: 1)
        let pixel2000 = try Raster.open(Fixture.taizhou2000).read(bands: Array(1...6), window: window, as: UInt8.self)
        #expect(pixel2000.values == [107, 81, 81, 40, 71, 65])
        let pixel2003 = try Raster.open(Fixture.taizhou2003) { raster in
            try raster.read(bands: Array(1...6), window: window, as: UInt8.self)
        }
        #expect(pixel2003.values == [83, 63, 66, 49, 46, 44])
    }

    @Test func readConvertsTypeAndKeepsBandOrderAndLayout() throws {
        let raster = try Raster.open(Fixture.taizhou2000)
        let whole = try raster.read(band: 4, as: Float.self)
        #expect(whole.width == 400)
        #expect(whole.height == 400)
        #expect(whole[150, 200] == 40)
        let window = Window(column: 199, row: 150, width: 3, height: 2)
        let pair = try raster.read(bands: [5, 1], window: window, as: Int32.self)
        #expect(pair.bandCount == 2)
        #expect(pair[0, 0, 1] == 71)
        #expect(pair[1, 0, 1] == 107)
        let band1: RasterBuffer<Int32> = try raster.read(band: 1, window: window)
        #expect(Array(pair.band(1)) == band1.values)
    }

    @Test func readIntoReusesTheBufferAndGivesWhatReadGives() throws {
        let raster = try Raster.open(Fixture.taizhou2000)
        var values: [UInt16] = []
        for window in [Window(column: 10, row: 20, width: 64, height: 48), Window(column: 199, row: 150, width: 3, height: 2)] {
            try raster.read(bands: [4, 1, 3], window: window, into: &values)
            #expect(values == (try raster.read(bands: [4, 1, 3], window: window, as: UInt16.self)).values)
        }
        #expect(values.count == 3 * 2 * 3)
        #expect(throws: GDALError.self) { try raster.read(bands: [1], window: Window(column: 399, row: 0, width: 2, height: 1), into: &values) }
    }

    @Test func bandInfoDescribesTheENVIBands() throws {
        let band = try #require(try Raster.open(Fixture.taizhou2000).bands.first)
        #expect(band.index == 1)
        #expect(band.noData == nil)
        #expect(band.description.contains("Band 1"))
        #expect(band.blockWidth == 400)
        #expect(band.blockHeight == 1)
    }

    @Test func aZipWithOneRasterOpensWithoutVsizipPrefix() throws {
        try Fixture.withTemporaryDirectory { directory in
            let tif = directory.appendingPathComponent("b02.tif")
            try FileManager.default.copyItem(atPath: Fixture.rennesB02, toPath: tif.path)
            let zip = directory.appendingPathComponent("scene.zip")
            try zipFiles([tif], into: zip)
            let raster = try Raster.open(zip.path)
            #expect(raster.width == 563)
            #expect(raster.height == 339)
            #expect(raster.driverShortName == "GTiff")
        }
    }

    @Test func aMissingFileThrowsNamingTheFile() throws {
        let error = try #require(throws: GDALError.self) { try Raster.open("/nonexistent/dir/scene-2003.tif") }
        #expect(error.message.contains("'/nonexistent/dir/scene-2003.tif'"))
        #expect(error.message.contains("No such file or directory"))
    }

    @Test func aTextFileIsNotARaster() throws {
        try Fixture.withTemporaryDirectory { directory in
            let notes = directory.appendingPathComponent("notes.md")
            try "# field notes\nnothing here is a raster\n".write(to: notes, atomically: true, encoding: .utf8)
            let error = try #require(throws: GDALError.self) { try Raster.open(notes.path) }
            #expect(error.message.contains("'\(notes.path)'"))
            #expect(error.message.contains("not a raster format GDAL recognises"))
        }
    }

    @Test func aDamagedGeoTIFFThrowsGDALsReasonNamingTheFile() throws {
        try Fixture.withTemporaryDirectory { directory in
            let damaged = directory.appendingPathComponent("damaged.tif")
            // A little-endian TIFF signature followed by garbage: GDAL knows the format, cannot read it.
            try (Data([0x49, 0x49, 0x2A, 0x00]) + Data(repeating: 0xAB, count: 200)).write(to: damaged)
            let error = try #require(throws: GDALError.self) { try Raster.open(damaged.path) }
            #expect(error.message.hasPrefix("cannot open raster '\(damaged.path)': "))
            #expect(error.message.contains("TIFF"))
        }
    }

    @Test func aVectorFileOrAnENVIHeaderIsExplained() throws {
        try Fixture.withTemporaryDirectory { directory in
            let areas = directory.appendingPathComponent("areas.geojson")
            try #"{"type":"FeatureCollection","features":[]}"#.write(to: areas, atomically: true, encoding: .utf8)
            let vector = try #require(throws: GDALError.self) { try Raster.open(areas.path) }
            #expect(vector.message.contains("is a vector file (GeoJSON), not a raster"))
            let header = try #require(throws: GDALError.self) { try Raster.open(Fixture.taizhou2000 + ".HDR") }
            #expect(header.message.contains("open the data file next to the .hdr"))
        }
    }

    @Test func aMissingBandOrAWindowOutsideThrows() throws {
        let raster = try Raster.open(Fixture.taizhou2000)
        let band = try #require(throws: GDALError.self) { try raster.read(band: 7, as: UInt8.self) }
        #expect(band.message.contains("has 6 band(s)"))
        let outside = Window(column: 390, row: 0, width: 20, height: 1)
        let window = try #require(throws: GDALError.self) { try raster.read(band: 1, window: outside, as: UInt8.self) }
        #expect(window.message.contains("columns 390-409, rows 0-0 (20x1 pixels) is outside"))
        #expect(window.message.contains("400x400"))
    }
}

/// Zips files with GDAL's own zip writer (`/vsizip/` opened for writing), stored at the zip's
/// root, so the test needs no `zip` tool.
private func zipFiles(_ files: [URL], into zip: URL) throws {
    for file in files {
        let bytes = try Data(contentsOf: file)
        guard let handle = VSIFOpenL("/vsizip/\(zip.path)/\(file.lastPathComponent)", "wb") else {
            throw CocoaError(.fileWriteUnknown)
        }
        let written = bytes.withUnsafeBytes { VSIFWriteL($0.baseAddress, 1, bytes.count, handle) }
        guard VSIFCloseL(handle) == 0, written == bytes.count else { throw CocoaError(.fileWriteUnknown) }
    }
}
