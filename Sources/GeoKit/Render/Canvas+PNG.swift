import CGDAL
import CZlib
import Foundation

extension Canvas {
    /// The image as PNG bytes (8-bit RGB); see `PNG.encode`.
    /// - Parameter compression: level 1 (fastest) to 9 (smallest), 0 for run-length coding alone.
    /// - Throws: `GDALError` when compression fails.
    public func pngBytes(compression: Int = 6) throws -> [UInt8] {
        try PNG.encode(pixels, width: width, height: height, channels: 3, compression: compression)
    }
}

/// PNG encoding of 8-bit pixel-interleaved images: RGB (chips, maps) or RGBA (map tiles, whose
/// pixels outside the imagery are transparent).
public enum PNG {
    /// The image as PNG bytes, deflated by GDAL's `CPLZLibDeflate` (libdeflate where GDAL was built
    /// with it, much faster than libpng's zlib) or by run-length coding alone (level 0,
    /// `RunLengthDeflate`). A row equal to the one above is filtered with Up
    /// (all zeros: enlarged chips repeat most rows, and zeros deflate fastest), any other with Sub.
    /// - Parameters:
    ///   - pixels: `width × height × channels` bytes, rows top to bottom.
    ///   - channels: 3 (RGB) or 4 (RGBA).
    ///   - compression: level 1 (fastest) to 9 (smallest), or 0 for run-length coding alone
    ///     (repeats of the previous byte only, no search, one block of codes fitted to the data:
    ///     enlarged chips, whose filtered rows are mostly runs of zeros, in a fraction of level 1's
    ///     time at about its size).
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
                    if y > 0, memcmp(src.baseAddress! + row, src.baseAddress! + row - stride, stride) == 0 {
                        dst[out] = 2  // Up: the bytes stay zero
                        continue
                    }
                    dst[out] = 1  // Sub: each byte minus the same channel of the pixel to its left
                    for x in 0..<channels { dst[out + 1 + x] = src[row + x] }
                    for x in channels..<stride { dst[out + 1 + x] = src[row + x] &- src[row + x - channels] }
                }
            }
        }
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        func chunk(_ type: String, _ data: UnsafeRawBufferPointer) {
            png += bigEndian(UInt32(data.count))
            let start = png.count
            png += Array(type.utf8)
            png += data
            png += bigEndian(png[start...].withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) })
        }
        let header = bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [8, channels == 4 ? 6 : 2, 0, 0, 0]
        header.withUnsafeBytes { chunk("IHDR", $0) }
        if compression == 0 {
            raw.withUnsafeBufferPointer { RunLengthDeflate.zlib($0) }.withUnsafeBytes { chunk("IDAT", $0) }
        } else {
            var size = 0
            guard let deflated = raw.withUnsafeBytes({ CPLZLibDeflate($0.baseAddress, $0.count, Int32(max(1, min(9, compression))), nil, 0, &size) }) else {
                throw GDALError(message: "cannot compress a PNG image")
            }
            defer { VSIFree(deflated) }
            chunk("IDAT", UnsafeRawBufferPointer(start: deflated, count: size))
        }
        chunk("IEND", UnsafeRawBufferPointer(start: nil, count: 0))
        return png
    }

    /// Writes PNG bytes to `path` atomically (temporary file beside it, then rename). The file
    /// is not synced to disk (Foundation's `Data.write` syncs each one): a scan writes two per case,
    /// and a process killed before the rename leaves only a hidden temporary file.
    /// - Throws: `GDALError` naming the file.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).png").path
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw GDALError(message: "cannot write PNG '\(path)': \(String(cString: strerror(errno)))") }
        var written = 0
        var failure: Int32 = 0
        bytes.withUnsafeBytes { b in
            while written < b.count {
                let n = posixWrite(fd, b.baseAddress! + written, b.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                written += n
            }
        }
        if close(fd) != 0, failure == 0 { failure = errno }
        if failure == 0, rename(temporary, path) != 0 { failure = errno }
        guard failure == 0 else {
            unlink(temporary)
            throw GDALError(message: "cannot write PNG '\(path)': \(String(cString: strerror(failure)))")
        }
    }

    private static func bigEndian(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
}

/// POSIX `write(2)`, named apart from `PNG.write`.
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
