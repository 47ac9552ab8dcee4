import Foundation
import GeoKit

/// Writes a period report in Chinese, as offices file it: Markdown, an HTML page (printed to PDF
/// by the headless browser when one is installed), a CSV per table (UTF-8 with a byte-order mark
/// for Excel and WPS) and one XLSX workbook holding every table, beside its overview map.
public enum ReportRenderer {
    /// The map's file name inside the report folder.
    public static let mapFile = "overview.png"
    /// The workbook's file name inside the report folder.
    public static let workbookFile = "report.xlsx"

    private static func heading(_ r: PeriodReport) -> [String] {
        ["统计期间：\(r.period.first) 至 \(r.period.last)（问题按发现日期计，图斑按后时相影像日期计）",
         "统计范围：\(r.scope)", "状态截至：\(r.generatedOn)"]
    }

    /// The report's title: `生态保护监管报告（2026年上半年）`.
    public static func title(_ r: PeriodReport) -> String { "生态保护监管报告（\(r.period.chineseLabel)）" }

    /// The report as Markdown (GitHub tables).
    public static func markdown(_ r: PeriodReport, map: String? = mapFile) -> String {
        var out = ["# \(title(r))", ""] + heading(r).map { "- \($0)" } + [""]
        if let map { out += ["![总览图](\(map))", ""] }
        for t in r.tables {
            out += ["## \(t.title)", "", "表格：[\(t.id).csv](\(t.id).csv)", ""]
            guard !t.rows.isEmpty else { out += ["无。", ""]; continue }
            func row(_ cells: [String]) -> String {
                "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
            }
            out += [row(t.header), row(t.header.map { _ in "---" })] + t.rows.map(row) + [""]
        }
        return out.joined(separator: "\n")
    }

    /// The report as a standalone HTML page (UTF-8, no scripts), laid out for A4 print.
    public static func html(_ r: PeriodReport, map: String? = mapFile) -> String {
        var out = ["<!DOCTYPE html>", "<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">",
                   "<title>\(HTML.escape(title(r)))</title>",
                   "<style>@page{size:A4;margin:15mm}"
                       + "body{font-family:\"Noto Sans CJK SC\",\"WenQuanYi Zen Hei\",\"Source Han Sans SC\",sans-serif;max-width:70em;margin:1em auto;font-size:10.5pt}"
                       + "h1{text-align:center;font-size:18pt}table{border-collapse:collapse;margin-bottom:1.2em;page-break-inside:auto}"
                       + "tr{page-break-inside:avoid}th,td{border:1px solid #666;padding:.25em .6em;text-align:left}th{background:#eee}"
                       + "img{max-width:100%}h2{font-size:13pt;page-break-after:avoid}</style>",
                   "</head><body>", "<h1>\(HTML.escape(title(r)))</h1>",
                   "<ul>" + heading(r).map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul>"]
        if let map { out.append("<p><img src=\"\(HTML.escape(map))\" alt=\"总览图\"></p>") }
        for t in r.tables {
            out.append("<h2 id=\"\(t.id)\">\(HTML.escape(t.title))</h2>")
            guard !t.rows.isEmpty else { out.append("<p>无。</p>"); continue }
            out.append("<table><tr>" + t.header.map { "<th>\(HTML.escape($0))</th>" }.joined() + "</tr>")
            out += t.rows.map { "<tr>" + $0.map { "<td>\(HTML.escape($0))</td>" }.joined() + "</tr>" }
            out.append("</table>")
        }
        out.append("</body></html>")
        return out.joined(separator: "\n")
    }

    /// One table as CSV for spreadsheets: a UTF-8 byte-order mark, header first, CRLF line ends.
    public static func csv(_ t: ReportTable) -> String {
        "\u{FEFF}" + ([t.header] + t.rows).map(CSV.line).joined(separator: "\r\n") + "\r\n"
    }

    /// The tables as workbook sheets: one per table, named by its title, numbers kept as numbers.
    public static func sheets(_ r: PeriodReport) -> [(name: String, features: [Feature])] {
        r.tables.map { t in
            let numeric = t.header.indices.map { i in !t.rows.isEmpty && t.rows.allSatisfy { Double($0[i]) != nil } }
            return (t.title, t.rows.map { row in
                Feature(geometry: nil, properties: Properties(t.header.enumerated().map { i, name in
                    (key: name, value: numeric[i] ? JSONValue.double(Double(row[i])!) : .string(row[i]))
                }))
            })
        }
    }

    /// Writes `report.md`, `report.html`, a CSV per table and `report.xlsx` into `directory`
    /// (created if needed), each file atomically.
    /// - Returns: the paths written.
    @discardableResult
    public static func write(_ r: PeriodReport, to directory: String, map: String? = mapFile) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var files: [(String, String)] = [("report.md", markdown(r, map: map)), ("report.html", html(r, map: map))]
        files += r.tables.map { ("\($0.id).csv", csv($0)) }
        var written = try files.map { name, text in
            let url = URL(fileURLWithPath: directory).appendingPathComponent(name)
            try Data(text.utf8).write(to: url, options: .atomic)
            return url.path
        }
        let workbook = URL(fileURLWithPath: directory).appendingPathComponent(workbookFile).path
        try VectorSink.writeSheets(sheets(r), to: workbook)
        written.append(workbook)
        return written
    }

    /// Prints `report.html` in `directory` to `report.pdf` with the headless browser.
    /// - Returns: the PDF's path.
    /// - Throws: `DomainError` when no browser is installed or it printed nothing.
    @discardableResult
    public static func writePDF(in directory: String) throws -> String {
        let pdf = URL(fileURLWithPath: directory).appendingPathComponent("report.pdf").path
        try HeadlessBrowser.printPDF(URL(fileURLWithPath: directory).appendingPathComponent("report.html").path, to: pdf)
        return pdf
    }
}
