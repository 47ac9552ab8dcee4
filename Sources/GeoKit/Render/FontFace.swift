import CFreeType

/// One FreeType face of a font file at a pixel size: renders a character's anti-aliased glyph.
/// Owns its `FT_Library` and `FT_Face` (not thread-safe): `FontFace.current` keeps one per thread.
final class FontFace {
    private var library: FT_Library?
    private var face: FT_Face?
    private var pixelSize = 0
    /// Glyphs already rendered, by size and character (chips draw the same digits again and again).
    private var rendered: [UInt64: Glyph] = [:]

    /// One rendered glyph: 8-bit coverage rows, where it sits from the pen, how far the pen moves.
    struct Glyph {
        let width: Int
        let rows: Int
        let coverage: [UInt8]
        /// Pixels from the pen to the bitmap's left edge.
        let left: Int
        /// Pixels from the baseline up to the bitmap's top row.
        let top: Int
        let advance: Int
    }

    /// Opens `path` (the first face of a collection). Nil when FreeType cannot read it.
    init?(path: String) {
        guard FT_Init_FreeType(&library) == 0, let library else { return nil }
        guard FT_New_Face(library, path, 0, &face) == 0, face != nil else {
            FT_Done_FreeType(library)
            return nil
        }
    }

    deinit {
        if let face { FT_Done_Face(face) }
        if let library { FT_Done_FreeType(library) }
    }

    /// This thread's face of `FontFile.cjk`; nil when no font is installed.
    static var current: FontFace? { perThread.value.face }

    private final class Holder {
        let face: FontFace?
        init() { face = FontFile.cjk.flatMap { FontFace(path: $0) } }
    }

    private static let perThread = ThreadLocal { Holder() }

    /// Sets the em size in pixels.
    func setSize(_ pixels: Int) {
        guard pixels != pixelSize, let face else { return }
        FT_Set_Pixel_Sizes(face, 0, FT_UInt(max(1, pixels)))
        pixelSize = pixels
    }

    /// The glyph of `scalar` at the current size (the font's missing-glyph box when it has none).
    func glyph(_ scalar: Unicode.Scalar) -> Glyph? {
        let key = UInt64(pixelSize) << 32 | UInt64(scalar.value)
        if let known = rendered[key] { return known }
        guard let made = render(scalar) else { return nil }
        if rendered.count > 4096 { rendered.removeAll() }
        rendered[key] = made
        return made
    }

    private func render(_ scalar: Unicode.Scalar) -> Glyph? {
        guard let face, FT_Load_Char(face, FT_ULong(scalar.value), shanshui_FT_LOAD_RENDER) == 0, let slot = face.pointee.glyph else {
            return nil
        }
        let bitmap = slot.pointee.bitmap
        let width = Int(bitmap.width), rows = Int(bitmap.rows), pitch = Int(bitmap.pitch)
        var coverage = [UInt8](repeating: 0, count: width * rows)
        if let buffer = bitmap.buffer, width > 0 {
            for row in 0..<rows {
                for column in 0..<width { coverage[row * width + column] = buffer[row * pitch + column] }
            }
        }
        return Glyph(width: width, rows: rows, coverage: coverage, left: Int(slot.pointee.bitmap_left),
                     top: Int(slot.pointee.bitmap_top), advance: Int((slot.pointee.advance.x + 32) >> 6))
    }
}
