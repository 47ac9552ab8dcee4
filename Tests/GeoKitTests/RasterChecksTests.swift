import Foundation
import GeoKit
import ShanshuiTestSupport
import Testing

/// Hostile or damaged raster headers are refused before anything is allocated from them (issue 19).
@Suite("Raster: headers checked before analysis")
struct RasterChecksTests {
    /// Writes an ENVI pair: `bytes` bytes of data and a header with these values.
    private func envi(_ dir: URL, samples: Int, lines: Int, bytes: Int, pixel: Double = 30) throws -> String {
        let data = dir.appendingPathComponent("scene").path
        try Data(repeating: 7, count: bytes).write(to: URL(fileURLWithPath: data))
        let header = """
        ENVI
        samples = \(samples)
        lines = \(lines)
        bands = 1
        header offset = 0
        file type = ENVI Standard
        data type = 12
        interleave = bsq
        byte order = 0
        map info = {UTM, 1, 1, 500000, 3300000, \(pixel), \(pixel), 50, North, WGS-84}

        """
        try header.write(toFile: data + ".hdr", atomically: true, encoding: .utf8)
        return data
    }

    @Test func aSoundHeaderPasses() throws {
        try Fixture.withTemporaryDirectory { dir in
            let path = try envi(dir, samples: 100, lines: 80, bytes: 100 * 80 * 2)
            try Raster.open(path).checkPlausible()
            try Raster.open(Fixture.taizhou2000).checkPlausible()
        }
    }

    @Test func aZeroPixelSizeIsRefusedNamingTheFile() throws {
        try Fixture.withTemporaryDirectory { dir in
            let path = try envi(dir, samples: 100, lines: 80, bytes: 100 * 80 * 2, pixel: 0)
            let error = #expect(throws: GDALError.self) { try Raster.open(path).checkPlausible() }
            #expect(error?.message.contains(path) == true)
            #expect(error?.message.contains("pixel size is 0") == true)
        }
    }

    @Test func aHeaderClaimingMorePixelsThanTheFileHoldsIsRefused() throws {
        try Fixture.withTemporaryDirectory { dir in
            let path = try envi(dir, samples: 40_000, lines: 40_000, bytes: 4096)
            let error = #expect(throws: GDALError.self) { try Raster.open(path).checkPlausible() }
            #expect(error?.message.contains(path) == true)
        }
    }

    @Test func anAbsurdSizeIsRefused() throws {
        try Fixture.withTemporaryDirectory { dir in
            let path = try envi(dir, samples: 2_000_000_000, lines: 2_000_000_000, bytes: 4096)
            let error = #expect(throws: GDALError.self) { try Raster.open(path).checkPlausible() }
            #expect(error?.message.contains(path) == true)
        }
    }

    @Test func aFIFOIsRefusedInsteadOfBlocking() throws {
        try Fixture.withTemporaryDirectory { dir in
            let fifo = dir.appendingPathComponent("pipe.tif").path
            #expect(mkfifo(fifo, 0o600) == 0)
            let error = #expect(throws: GDALError.self) { try Raster.open(fifo) }
            #expect(error?.message.contains("is a FIFO") == true)
        }
    }
}
