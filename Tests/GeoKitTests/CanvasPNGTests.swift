import Foundation
@testable import GeoKit
import ShanshuiTestSupport
import Testing

/// Canvas writes its own PNG (Sub and Up filters, GDAL's deflate or run-length coding alone): every
/// pixel reads back exactly through GDAL's PNG driver (libpng checks every chunk's CRC, zlib the
/// Adler-32), at every compression level.
@Suite("Canvas PNG")
struct CanvasPNGTests {
    @Test(arguments: [0, 1, 6, 9]) func pixelsReadBackExactly(level: Int) throws {
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

    /// An enlarged picture repeats rows (written with the Up filter): every pixel still reads back exactly.
    @Test(arguments: [0, 1]) func repeatedRowsReadBackExactly(level: Int) throws {
        try Fixture.withTemporaryDirectory { dir in
            var state: UInt32 = 777
            var source = Canvas(width: 19, height: 7, fill: .white)
            for y in 0..<7 {
                for x in 0..<19 {
                    state = state &* 1_103_515_245 &+ 12345
                    source.set(x: x, y: y, RGB(UInt8(truncatingIfNeeded: state >> 16), UInt8(truncatingIfNeeded: state >> 8), UInt8(y * 30)))
                }
            }
            // Each source row three times (nearest-neighbour enlargement), the first row once more.
            var pixels: [UInt8] = []
            for y in [0] + (0..<7).flatMap({ [$0, $0, $0] }) {
                for x in 0..<19 { let c = source.pixel(x: x, y: y); pixels += [c.r, c.g, c.b] }
            }
            let canvas = Canvas(width: 19, height: 22, pixels: pixels)
            let path = dir.appendingPathComponent("big.png").path
            try canvas.writePNG(to: path, compression: level)
            let rgb = try Raster.open(path).read(bands: [1, 2, 3], as: UInt8.self)
            for y in 0..<22 {
                for x in 0..<19 {
                    #expect(RGB(rgb[0, y, x], rgb[1, y, x], rgb[2, y, x]) == canvas.pixel(x: x, y: y), "pixel \(x), \(y)")
                }
            }
            #expect(canvas.pixel(x: 3, y: 0) == canvas.pixel(x: 3, y: 1))
        }
    }

    /// Run-length coding alone copes with the fewest symbols: one pixel, and one flat colour.
    @Test func runLengthCodingReadsBackFlatAndTinyImages() throws {
        try Fixture.withTemporaryDirectory { dir in
            for (k, canvas) in [Canvas(width: 1, height: 1, fill: RGB(7, 8, 9)), Canvas(width: 300, height: 5, fill: .white)].enumerated() {
                let path = dir.appendingPathComponent("\(k).png").path
                try canvas.writePNG(to: path, compression: 0)
                let rgb = try Raster.open(path).read(bands: [1, 2, 3], as: UInt8.self)
                for y in 0..<canvas.height {
                    for x in 0..<canvas.width {
                        #expect(RGB(rgb[0, y, x], rgb[1, y, x], rgb[2, y, x]) == canvas.pixel(x: x, y: y), "image \(k), pixel \(x), \(y)")
                    }
                }
            }
        }
    }

    /// Skewed symbol counts (Fibonacci numbers give a Huffman tree as deep as there are symbols)
    /// still get codes of at most 15 bits that form a complete prefix code, and a picture with
    /// every byte value and runs longer than one match (258 bytes) reads back exactly.
    @Test func runLengthCodingLimitsCodeLengthsAndReadsBack() throws {
        var fibonacci = [1, 1]
        while fibonacci.count < 30 { fibonacci.append(fibonacci[fibonacci.count - 1] + fibonacci[fibonacci.count - 2]) }
        let counts = fibonacci + [Int](repeating: 0, count: 256)
        #expect(RunLengthDeflate.codeLengths(counts, limit: 64).max()! > 15, "unlimited, the tree is deeper than deflate allows")
        let lengths = RunLengthDeflate.codeLengths(counts, limit: 15)
        #expect(lengths.max()! <= 15)
        #expect(lengths[..<30].allSatisfy { $0 > 0 } && lengths[30...].allSatisfy { $0 == 0 })
        #expect(lengths[..<30].reduce(0.0) { $0 + pow(2, -Double($1)) } == 1, "a complete prefix code")
        try Fixture.withTemporaryDirectory { dir in
            var canvas = Canvas(width: 400, height: 3, fill: RGB(9, 9, 9))
            for x in 0..<256 { canvas.set(x: x, y: 1, RGB(UInt8(x), UInt8(255 - x), UInt8(x * 7 % 256))) }
            let path = dir.appendingPathComponent("runs.png").path
            try canvas.writePNG(to: path, compression: 0)
            let rgb = try Raster.open(path).read(bands: [1, 2, 3], as: UInt8.self)
            for y in 0..<3 {
                for x in 0..<400 {
                    #expect(RGB(rgb[0, y, x], rgb[1, y, x], rgb[2, y, x]) == canvas.pixel(x: x, y: y), "pixel \(x), \(y)")
                }
            }
        }
    }
}
