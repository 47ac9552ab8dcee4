import Foundation

/// Writes a period report as Markdown, HTML and one CSV per table, beside its overview map.
public enum ReportRenderer {
    /// The map's file name inside the report folder.
    public static let mapFile = "overview.png"

    /// The report as Markdown (GitHub tables).
    public static func markdown(_ r: PeriodReport, map: String? = mapFile) -> String {
        var out = ["# Ecological supervision report \(r.period.label)", "",
                   "- Period: \(r.period.first) – \(r.period.last) (cases by detection day, patches by the scan's after-epoch date)",
                   "- Scope: \(r.scope)", "- Statuses as of: \(r.generatedOn)", ""]
        if let map { out += ["![Overview map](\(map))", ""] }
        for t in r.tables {
            out += ["## \(t.title)", "", "CSV: [\(t.id).csv](\(t.id).csv)", ""]
            guard !t.rows.isEmpty else { out += ["None.", ""]; continue }
            func row(_ cells: [String]) -> String {
                "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
            }
            out += [row(t.header), row(t.header.map { _ in "---" })] + t.rows.map(row) + [""]
        }
        return out.joined(separator: "\n")
    }

    /// The report as a standalone HTML page (UTF-8, no scripts).
    public static func html(_ r: PeriodReport, map: String? = mapFile) -> String {
        var out = ["<!DOCTYPE html>", "<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">",
                   "<title>Ecological supervision report \(escape(r.period.label))</title>",
                   "<style>body{font-family:sans-serif;max-width:70em;margin:2em auto}table{border-collapse:collapse;margin-bottom:1.5em}"
                       + "th,td{border:1px solid #999;padding:.25em .6em;text-align:left}th{background:#eee}img{max-width:100%}</style>",
                   "</head><body>", "<h1>Ecological supervision report \(escape(r.period.label))</h1>",
                   "<ul><li>Period: \(r.period.first) – \(r.period.last) (cases by detection day, patches by the scan's after-epoch date)</li>",
                   "<li>Scope: \(escape(r.scope))</li><li>Statuses as of: \(r.generatedOn)</li></ul>"]
        if let map { out.append("<p><img src=\"\(escape(map))\" alt=\"Overview map\"></p>") }
        for t in r.tables {
            out.append("<h2 id=\"\(t.id)\">\(escape(t.title))</h2><p><a href=\"\(t.id).csv\">\(t.id).csv</a></p>")
            guard !t.rows.isEmpty else { out.append("<p>None.</p>"); continue }
            out.append("<table><tr>" + t.header.map { "<th>\(escape($0))</th>" }.joined() + "</tr>")
            out += t.rows.map { "<tr>" + $0.map { "<td>\(escape($0))</td>" }.joined() + "</tr>" }
            out.append("</table>")
        }
        out.append("</body></html>")
        return out.joined(separator: "\n")
    }

    /// One table as CSV (header first, LF line ends, UTF-8).
    public static func csv(_ t: ReportTable) -> String {
        ([t.header] + t.rows).map(CSV.line).joined(separator: "\n") + "\n"
    }

    /// Writes `report.md`, `report.html` and a CSV per table into `directory` (created if needed),
    /// each file atomically.
    /// - Returns: the paths written.
    @discardableResult
    public static func write(_ r: PeriodReport, to directory: String, map: String? = mapFile) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var files: [(String, String)] = [("report.md", markdown(r, map: map)), ("report.html", html(r, map: map))]
        files += r.tables.map { ("\($0.id).csv", csv($0)) }
        return try files.map { name, text in
            let url = URL(fileURLWithPath: directory).appendingPathComponent(name)
            try Data(text.utf8).write(to: url, options: .atomic)
            return url.path
        }
    }

    private static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
