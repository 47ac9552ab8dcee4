import CGDAL
import Foundation

extension Canvas {
    /// The image as PNG bytes (8-bit RGB); see `PNG.encode`.
    /// - Parameter compression: level 1 (fastest) to 9 (smallest).
    /// - Throws: `GDALError` when compression fails.
    public func pngBytes(compression: Int = 6) throws -> [UInt8] {
        try PNG.encode(pixels, width: width, height: height, channels: 3, compression: compression)
    }
}

/// PNG encoding of 8-bit pixel-interleaved images: RGB (chips, maps) or RGBA (map tiles, whose
/// pixels outside the imagery are transparent).
public enum PNG {
    /// The image as PNG bytes: each row filtered with Sub, deflated by GDAL's `CPLZLibDeflate`
    /// (libdeflate where GDAL was built with it, much faster than libpng's zlib).
    /// - Parameters:
    ///   - pixels: `width × height × channels` bytes, rows top to bottom.
    ///   - channels: 3 (RGB) or 4 (RGBA).
    ///   - compression: level 1 (fastest) to 9 (smallest).
    /// - Throws: `GDALError` when compression fails.
    public static func encode(_ pixels: [UInt8], width: Int, height: Int, channels: Int, compression: Int = 6) throws -> [UInt8] {
        precondition(channels == 3 || channels == 4, "PNG.encode takes RGB or RGBA")
        precondition(pixels.count == width * height * channels, "PNG.encode: \(pixels.count) bytes for \(width)x\(height)x\(channels)")
        let stride = width * channels
        var raw = [UInt8](repeating: 0, count: (stride + 1) * height)
        pixels.withUnsafeBufferPointer { src in
            raw.withUnsafeMutableBufferPointer { dst in
                for y in 0..<height {
                    let row = y * stride, out = y * (stride + 1)
                    dst[out] = 1  // Sub: each byte minus the same channel of the pixel to its left
                    for x in 0..<stride { dst[out + 1 + x] = x < channels ? src[row + x] : src[row + x] &- src[row + x - channels] }
                }
            }
        }
        var size = 0
        guard let deflated = raw.withUnsafeBytes({ CPLZLibDeflate($0.baseAddress, $0.count, Int32(max(1, min(9, compression))), nil, 0, &size) }) else {
            throw GDALError(message: "cannot compress a PNG image")
        }
        defer { VSIFree(deflated) }
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        func chunk(_ type: String, _ data: UnsafeRawBufferPointer) {
            png += bigEndian(UInt32(data.count))
            let start = png.count
            png += Array(type.utf8)
            png += data
            png += bigEndian(PNGCRC.checksum(png[start...]))
        }
        let header = bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [8, channels == 4 ? 6 : 2, 0, 0, 0]
        header.withUnsafeBytes { chunk("IHDR", $0) }
        chunk("IDAT", UnsafeRawBufferPointer(start: deflated, count: size))
        chunk("IEND", UnsafeRawBufferPointer(start: nil, count: 0))
        return png
    }

    /// Writes PNG bytes to `path` atomically (temporary file beside it, then rename).
    /// - Throws: `GDALError` naming the file.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).png")
        do {
            try Data(bytes).write(to: temporary)
            guard rename(temporary.path, path) == 0 else { throw CocoaError(.fileWriteUnknown) }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw GDALError(message: "cannot write PNG '\(path)': \(error.localizedDescription)")
        }
    }

    private static func bigEndian(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
}

/// The CRC-32 of PNG chunks (ISO 3309, polynomial 0xEDB88320), table-driven.
enum PNGCRC {
    static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        table.withUnsafeBufferPointer { t in
            for b in bytes { c = t[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        }
        return c ^ 0xFFFF_FFFF
    }
}
