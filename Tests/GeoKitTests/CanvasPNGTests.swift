import Foundation
import GeoKit
import ShanshuiTestSupport
import Testing

/// Canvas writes its own PNG (Sub filter, GDAL's deflate): every pixel reads back exactly
/// through GDAL's PNG driver (libpng checks every chunk's CRC), at every compression level.
@Suite("Canvas PNG")
struct CanvasPNGTests {
    @Test(arguments: [1, 6, 9]) func pixelsReadBackExactly(level: Int) throws {
        try Fixture.withTemporaryDirectory { dir in
            var canvas = Canvas(width: 37, height: 23, fill: RGB(10, 200, 30))
            var state: UInt32 = 12345
            for y in 0..<23 {
                for x in 0..<37 where (x + y) % 3 != 0 {
                    state = state &* 1_103_515_245 &+ 12345
                    canvas.set(x: x, y: y, RGB(UInt8(truncatingIfNeeded: state >> 16), UInt8(truncatingIfNeeded: state >> 8), UInt8(x * 6)))
                }
            }
            let path = dir.appendingPathComponent("c.png").path
            try canvas.writePNG(to: path, compression: level)
            let raster = try Raster.open(path)
            #expect(raster.driverShortName == "PNG")
            #expect(raster.width == 37 && raster.height == 23 && raster.bandCount == 3)
            let rgb = try raster.read(bands: [1, 2, 3], as: UInt8.self)
            for y in 0..<23 {
                for x in 0..<37 {
                    #expect(RGB(rgb[0, y, x], rgb[1, y, x], rgb[2, y, x]) == canvas.pixel(x: x, y: y), "pixel \(x), \(y)")
                }
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["c.png"], "no temporary file left")
        }
    }
}
