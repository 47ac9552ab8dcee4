import CGDAL
import Foundation

/// An 8-bit RGB image to draw evidence chips and overview maps on, written as PNG through GDAL.
public struct Canvas: Sendable {
    public let width: Int
    public let height: Int
    /// Pixel-interleaved RGB.
    public private(set) var pixels: [UInt8]

    /// An image filled with one colour.
    public init(width: Int, height: Int, fill: RGB = .white) {
        precondition(width > 0 && height > 0, "a canvas needs a size")
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: 0, count: width * height * 3)
        fillRect(x: 0, y: 0, width: width, height: height, fill)
    }

    /// The colour at a pixel.
    public func pixel(x: Int, y: Int) -> RGB {
        let i = (y * width + x) * 3
        return RGB(pixels[i], pixels[i + 1], pixels[i + 2])
    }

    /// Sets one pixel; outside the canvas nothing happens.
    public mutating func set(x: Int, y: Int, _ c: RGB) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let i = (y * width + x) * 3
        pixels[i] = c.r
        pixels[i + 1] = c.g
        pixels[i + 2] = c.b
    }

    /// Fills a rectangle (clipped to the canvas).
    public mutating func fillRect(x: Int, y: Int, width w: Int, height h: Int, _ c: RGB) {
        for row in max(0, y)..<min(height, y + h) {
            for col in max(0, x)..<min(width, x + w) { set(x: col, y: row, c) }
        }
    }

    /// Draws a line `thickness` pixels wide between two points (Bresenham with a square pen).
    public mutating func line(from a: (x: Double, y: Double), to b: (x: Double, y: Double), _ c: RGB, thickness: Int = 1) {
        var x0 = Int(a.x.rounded()), y0 = Int(a.y.rounded())
        let x1 = Int(b.x.rounded()), y1 = Int(b.y.rounded())
        let dx = abs(x1 - x0), dy = -abs(y1 - y0)
        let sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
        var err = dx + dy
        let r = thickness / 2
        var steps = 0
        while steps < 100_000 {
            fillRect(x: x0 - r, y: y0 - r, width: thickness, height: thickness, c)
            if x0 == x1 && y0 == y1 { break }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x0 += sx }
            if e2 <= dx { err += dx; y0 += sy }
            steps += 1
        }
    }

    /// Draws text with the built-in 5×7 font, `scale` pixels per font dot, on an optional backdrop
    /// (the fallback of `text(_:pixelSize:)` when no CJK font is installed).
    mutating func bitmapText(_ s: String, x: Int, y: Int, _ c: RGB, scale: Int = 2, backdrop: RGB? = nil) {
        let glyphs = s.uppercased().map { BitmapFont.glyph($0) }
        if let backdrop {
            fillRect(x: x - scale, y: y - scale, width: glyphs.count * 6 * scale + scale, height: 9 * scale, backdrop)
        }
        for (i, glyph) in glyphs.enumerated() {
            for (row, bits) in glyph.enumerated() {
                for col in 0..<5 where bits & (1 << (4 - col)) != 0 {
                    fillRect(x: x + (i * 6 + col) * scale, y: y + row * scale, width: scale, height: scale, c)
                }
            }
        }
    }

    /// Copies `other` onto this canvas with its top-left corner at (x, y).
    public mutating func paste(_ other: Canvas, x: Int, y: Int) {
        // Row by row: the part of each row that lands on this canvas is copied at once.
        let from = max(0, -x), to = min(other.width, width - x)
        guard from < to else { return }
        for row in 0..<other.height where (0..<height).contains(y + row) {
            let source = (row * other.width + from) * 3, target = ((y + row) * width + x + from) * 3
            pixels.replaceSubrange(target..<target + (to - from) * 3, with: other.pixels[source..<source + (to - from) * 3])
        }
    }

    /// Writes the image as PNG, atomically (temporary file, then rename).
    /// - Parameter compression: zlib level 1 (fastest) to 9 (smallest); 6 is libpng's default.
    /// - Throws: `GDALError` naming the file.
    public func writePNG(to path: String, compression: Int = 6) throws {
        try PNG.write(try pngBytes(compression: compression), to: path)
    }
}

/// An 8-bit colour.
public struct RGB: Sendable, Hashable {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8

    /// Makes a colour.
    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    public static let white = RGB(255, 255, 255)
    public static let black = RGB(0, 0, 0)
    public static let red = RGB(230, 30, 30)
    public static let yellow = RGB(255, 220, 0)
}
