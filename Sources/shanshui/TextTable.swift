/// Renders rows as an aligned text table for the terminal (CJK characters count as two columns).
struct TextTable {
    var header: [String]
    var rows: [[String]] = []

    init(_ header: String...) { self.header = header }

    mutating func add(_ row: String...) { rows.append(row) }

    var text: String {
        let all = [header] + rows
        let widths = header.indices.map { i in all.map { Self.width($0[i]) }.max() ?? 0 }
        func line(_ row: [String]) -> String {
            row.enumerated().map { i, cell in cell + String(repeating: " ", count: widths[i] - Self.width(cell)) }
                .joined(separator: "  ").trimmingTrailingSpaces()
        }
        let rule = widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
    }

    /// Display width: East Asian wide characters take two cells.
    static func width(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x1100 && ($1.value <= 0x115F || (0x2E80...0xA4CF).contains($1.value) || (0xAC00...0xD7A3).contains($1.value) || (0xF900...0xFAFF).contains($1.value) || (0xFE30...0xFE4F).contains($1.value) || (0xFF00...0xFF60).contains($1.value) || (0xFFE0...0xFFE6).contains($1.value)) ? 2 : 1) }
    }
}

private extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
