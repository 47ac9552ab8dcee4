import Foundation
import GeoKit
import ShanshuiTestSupport
import Testing

@Suite("Raster: warping onto a grid")
struct RasterWarpTests {
    @Test func sentinel2LonLatBandWarpedToUTM10mKeepsItsFootprint() throws {
        let source = try Raster.open(Fixture.rennesB02)
        let sourceCRS = try #require(source.crs)
        #expect(sourceCRS.epsg == 4326)
        let grid = try RasterGrid.utm(covering: source, resolution: 10)
        let utm = try #require(grid.crs)
        #expect(utm.epsg == 32630)

        let warped = try source.warp(onto: grid)
        #expect(warped.driverShortName == "VRT")
        #expect(warped.width == grid.width)
        #expect(warped.height == grid.height)
        #expect(warped.geoTransform == grid.geoTransform)
        #expect(warped.crs == utm)

        // The warped grid, back in lon/lat, covers the source to within one source pixel.
        let sourceBounds = source.bounds
        let sourceTransform = try #require(source.geoTransform)
        let tolerance = max(sourceTransform.pixelWidth, -sourceTransform.pixelHeight)
        let back = try Transformer(from: utm, to: sourceCRS).transform(warped.bounds)
        #expect(back.minX <= sourceBounds.minX + tolerance)
        #expect(back.minY <= sourceBounds.minY + tolerance)
        #expect(back.maxX >= sourceBounds.maxX - tolerance)
        #expect(back.maxY >= sourceBounds.maxY - tolerance)

        // Valid pixels x pixel area equals the source footprint's area in the same UTM zone.
        let noData = try #require(warped.bands.first?.noData)
        var valid = 0, sum = 0.0
        for window in warped.blockWindows() {
            for value in try warped.read(band: 1, window: window, as: Double.self).values where value != noData {
                valid += 1
                sum += value
            }
        }
        let footprint = try projectedArea(of: sourceBounds, from: sourceCRS, to: utm)
        let validArea = Double(valid) * grid.geoTransform.pixelArea
        #expect(abs(validArea - footprint) / footprint < 0.02)
        #expect(sum > 0)

        // Bilinear resampling keeps the scene's mean brightness.
        let sourceValues = try source.read(band: 1, as: Double.self).values
        let sourceMean = sourceValues.reduce(0, +) / Double(sourceValues.count)
        #expect(abs(sum / Double(valid) - sourceMean) / sourceMean < 0.02)
    }

    @Test func warpToFileWritesATiledGeoTIFFEqualToTheVirtualWarp() throws {
        try Fixture.withTemporaryDirectory { directory in
            let source = try Raster.open(Fixture.rennesB02)
            let grid = try RasterGrid.utm(covering: source, resolution: 20)
            let path = directory.appendingPathComponent("rennes-utm.tif").path
            let written = try source.warp(onto: grid, resampling: .average, to: path)
            #expect(written.driverShortName == "GTiff")
            #expect(written.path == path)
            #expect(written.grid == grid)
            #expect(written.bands.first?.blockWidth == 256)
            #expect(written.metadata(domain: "IMAGE_STRUCTURE")["COMPRESSION"] == "DEFLATE")
            let virtual = try source.warp(onto: grid, resampling: .average)
            #expect(try written.read(band: 1, as: UInt16.self) == virtual.read(band: 1, as: UInt16.self))
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["rennes-utm.tif"])
        }
    }

    @Test func warpingOntoItsOwnGridWithNearestChangesNothing() throws {
        let taizhou = try Raster.open(Fixture.taizhou2000)
        let same = try taizhou.warp(onto: taizhou.grid, resampling: .nearest)
        #expect(try same.read(bands: [1, 6], as: UInt8.self) == taizhou.read(bands: [1, 6], as: UInt8.self))
    }

    @Test func theVirtualWarpOutlivesTheSourceVariable() throws {
        var source: Raster? = try Raster.open(Fixture.taizhou2000)
        let warped = try source!.warp(onto: source!.grid, resampling: .nearest)
        source = nil
        let pixel = try warped.read(bands: [1], window: Window(column: 200, row: 150, width: 1, height: 1), as: UInt8.self)
        #expect(pixel.values == [107])
    }

    @Test func aRasterWithoutCRSCannotBeWarpedOntoAUTMGrid() throws {
        try Fixture.withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("no-crs.tif").path
            let raster = try Raster.create(path, profile: RasterProfile(width: 32, height: 32, dataType: .byte))
            let target = try Raster.open(Fixture.taizhou2000).grid
            let error = try #require(throws: GDALError.self) { try raster.warp(onto: target) }
            #expect(error.message.contains("has no CRS"))
        }
    }
}

/// The area, in `target` units, of a `source`-CRS box: its edges densified and projected,
/// then measured with the shoelace formula, so the box's curved image in `target` counts.
private func projectedArea(of box: Envelope, from source: CRS, to target: CRS, steps: Int = 100) throws -> Double {
    var ring: [Coordinate] = []
    for i in 0..<steps { ring.append(Coordinate(box.minX + box.width * Double(i) / Double(steps), box.minY)) }
    for i in 0..<steps { ring.append(Coordinate(box.maxX, box.minY + box.height * Double(i) / Double(steps))) }
    for i in 0..<steps { ring.append(Coordinate(box.maxX - box.width * Double(i) / Double(steps), box.maxY)) }
    for i in 0..<steps { ring.append(Coordinate(box.minX, box.maxY - box.height * Double(i) / Double(steps))) }
    let projected = try Transformer(from: source, to: target).transform(ring)
    var twice = 0.0
    for i in projected.indices {
        let a = projected[i], b = projected[(i + 1) % projected.count]
        twice += a.x * b.y - b.x * a.y
    }
    return abs(twice) / 2
}
