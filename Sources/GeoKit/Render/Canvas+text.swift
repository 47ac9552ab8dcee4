extension Canvas {
    /// Draws `s` (Chinese and Latin) with anti-aliased FreeType glyphs of the CJK font, `pixelSize`
    /// pixels to the em, its line's top-left corner at (x, y), on an optional backdrop. Without an
    /// installed CJK font the 5×7 dot font draws it instead (Latin capitals only).
    public mutating func text(_ s: String, x: Int, y: Int, _ c: RGB, pixelSize: Int, backdrop: RGB? = nil) {
        guard let face = FontFace.current else {
            bitmapText(s, x: x, y: y, c, scale: max(1, pixelSize / 8), backdrop: backdrop)
            return
        }
        face.setSize(pixelSize)
        if let backdrop {
            let pad = max(1, pixelSize / 9)
            fillRect(x: x - pad, y: y - pad, width: Self.textWidth(s, pixelSize: pixelSize) + 2 * pad, height: pixelSize + 2 * pad, backdrop)
        }
        // The em box is y..<y + pixelSize; ideographs sit about 7/8 of it above the baseline.
        let baseline = y + (pixelSize * 7 + 4) / 8
        var pen = x
        for scalar in s.unicodeScalars {
            guard let glyph = face.glyph(scalar) else { continue }
            for row in 0..<glyph.rows {
                for column in 0..<glyph.width {
                    let alpha = glyph.coverage[row * glyph.width + column]
                    guard alpha > 0 else { continue }
                    let px = pen + glyph.left + column, py = baseline - glyph.top + row
                    guard px >= 0, py >= 0, px < width, py < height else { continue }
                    set(x: px, y: py, Self.blend(c, over: pixel(x: px, y: py), alpha: alpha))
                }
            }
            pen += glyph.advance
        }
    }

    /// Draws text sized like the 5×7 dot font at `scale` (8 × scale + 1 pixels to the em, so a
    /// line fits where the dot font's did).
    public mutating func text(_ s: String, x: Int, y: Int, _ c: RGB, scale: Int = 2, backdrop: RGB? = nil) {
        text(s, x: x, y: y, c, pixelSize: Self.pixelSize(scale: scale), backdrop: backdrop)
    }

    /// The em size in pixels the dot font's `scale` maps to.
    static func pixelSize(scale: Int) -> Int { 8 * scale + 1 }

    /// The width in pixels `text(_:pixelSize:)` takes.
    public static func textWidth(_ s: String, pixelSize: Int) -> Int {
        guard let face = FontFace.current else { return s.count * 6 * max(1, pixelSize / 8) }
        face.setSize(pixelSize)
        return s.unicodeScalars.reduce(0) { $0 + (face.glyph($1)?.advance ?? 0) }
    }

    /// The width in pixels `text(_:scale:)` takes.
    public static func textWidth(_ s: String, scale: Int = 2) -> Int { textWidth(s, pixelSize: pixelSize(scale: scale)) }

    /// `c` drawn over `under` with coverage `alpha` (0–255).
    static func blend(_ c: RGB, over under: RGB, alpha: UInt8) -> RGB {
        let a = Int(alpha)
        func mix(_ top: UInt8, _ bottom: UInt8) -> UInt8 { UInt8((Int(top) * a + Int(bottom) * (255 - a) + 127) / 255) }
        return RGB(mix(c.r, under.r), mix(c.g, under.g), mix(c.b, under.b))
    }
}
