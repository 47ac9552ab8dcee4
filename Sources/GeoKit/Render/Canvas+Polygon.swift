/// Polygon drawing for maps: scanline fill (even-odd, so holes stay open) and outlines.
extension Canvas {
    /// Fills the area inside `rings` (pixel coordinates; exterior and holes alike) with the
    /// even-odd rule, sampling each row at pixel centres.
    public mutating func fillPolygon(_ rings: [[(x: Double, y: Double)]], _ c: RGB) {
        let ys = rings.flatMap { $0.map(\.y) }
        guard let minY = ys.min(), let maxY = ys.max() else { return }
        let firstRow = max(0, Int((minY - 0.5).rounded(.up))), lastRow = min(height - 1, Int((maxY - 0.5).rounded(.down)))
        guard firstRow <= lastRow else { return }
        for row in firstRow...lastRow {
            let y = Double(row) + 0.5
            var crossings: [Double] = []
            for ring in rings where ring.count >= 3 {
                for i in ring.indices {
                    let a = ring[i], b = ring[(i + 1) % ring.count]
                    guard (a.y <= y) != (b.y <= y) else { continue }
                    crossings.append(a.x + (y - a.y) / (b.y - a.y) * (b.x - a.x))
                }
            }
            crossings.sort()
            var i = 0
            while i + 1 < crossings.count {
                let from = Int((crossings[i] - 0.5).rounded(.up)), to = Int((crossings[i + 1] - 0.5).rounded(.down))
                if from <= to { fillRect(x: from, y: row, width: to - from + 1, height: 1, c) }
                i += 2
            }
        }
    }

    /// Draws the outline of each ring (closed), `thickness` pixels wide.
    public mutating func strokePolygon(_ rings: [[(x: Double, y: Double)]], _ c: RGB, thickness: Int = 1) {
        for ring in rings where ring.count >= 2 {
            for i in ring.indices { line(from: ring[i], to: ring[(i + 1) % ring.count], c, thickness: thickness) }
        }
    }

    /// Draws a rectangle's outline.
    public mutating func strokeRect(x: Int, y: Int, width w: Int, height h: Int, _ c: RGB, thickness: Int = 1) {
        fillRect(x: x, y: y, width: w, height: thickness, c)
        fillRect(x: x, y: y + h - thickness, width: w, height: thickness, c)
        fillRect(x: x, y: y, width: thickness, height: h, c)
        fillRect(x: x + w - thickness, y: y, width: thickness, height: h, c)
    }
}
