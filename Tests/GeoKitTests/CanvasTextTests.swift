import GeoKit
import Testing

/// Text on images through FreeType and the CJK font `scripts/setup` installs: Chinese glyphs are
/// drawn anti-aliased inside the line's box, and different strings give different pixels.
@Suite("Canvas text", .enabled(if: FontFile.cjk != nil, "no CJK font installed: run scripts/setup (fonts-wqy-zenhei) or set SHANSHUI_FONT"))
struct CanvasTextTests {
    /// The inked pixels (not the white background) of `s` drawn at (10, 10), 24 pixels to the em.
    static func ink(_ s: String) -> (canvas: Canvas, inked: [(x: Int, y: Int)]) {
        var canvas = Canvas(width: 400, height: 60, fill: .white)
        canvas.text(s, x: 10, y: 10, .black, pixelSize: 24)
        var inked: [(x: Int, y: Int)] = []
        for y in 0..<canvas.height {
            for x in 0..<canvas.width where canvas.pixel(x: x, y: y) != .white { inked.append((x, y)) }
        }
        return (canvas, inked)
    }

    @Test func chineseAndLatinGlyphsLandInTheirBox() {
        let text = "保护区 2026-06-30"
        let (canvas, inked) = Self.ink(text)
        let width = Canvas.textWidth(text, pixelSize: 24)
        // Three ideographs are about an em each; ten digits and dashes are narrower.
        #expect(width > 3 * 20 && width < 3 * 24 + 11 * 24, "width \(width)")
        #expect(inked.count > 300, "only \(inked.count) pixels inked")
        #expect(inked.allSatisfy { $0.x >= 9 && $0.x <= 11 + width && $0.y >= 8 && $0.y <= 10 + 24 + 4 }, "ink outside the text box")
        // The ideographs (the first three ems) are inked, not just the digits.
        #expect(inked.filter { $0.x < 10 + 3 * 24 }.count > 100)
        // Anti-aliased: some edge pixels are grey, neither black nor white.
        #expect(inked.contains { let p = canvas.pixel(x: $0.x, y: $0.y); return p.r > 40 && p.r < 215 })
    }

    @Test func differentChineseStringsDrawDifferently() {
        let a = Self.ink("保护区").canvas, b = Self.ink("自然保护地").canvas
        #expect(a.pixels != b.pixels)
        #expect(Canvas.textWidth("自然保护地", pixelSize: 24) > Canvas.textWidth("保护区", pixelSize: 24))
    }
}
