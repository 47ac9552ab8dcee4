import Foundation
import GeoKit

/// The overview map for print: the same content as `render(_:)`, laid out as SVG inside an HTML
/// page and drawn by the headless browser at 2000 × 1500 pixels, so area names and the legend are
/// in Chinese, labels are kept inside the frame, and every status and zone drawn has its key.
extension OverviewMap {
    /// The page's size in pixels.
    static let printSize = (width: 2000, height: 1500)
    /// Up to this many cases are labelled with their numbers; more would cover the map.
    static let labelledCases = 40

    /// The map as an HTML page holding one SVG.
    public func printHTML(_ r: PeriodReport) throws -> String {
        let (w, h) = Self.printSize
        let frame = (x: 30.0, y: 150.0, w: 1440.0, h: Double(h) - 180)
        var svg: [String] = []
        func hex(_ c: RGB) -> String { String(format: "#%02x%02x%02x", c.r, c.g, c.b) }
        func path(_ polygons: [[[(x: Double, y: Double)]]]) -> String {
            polygons.flatMap { $0 }.map { ring in
                "M" + ring.map { String(format: "%.1f %.1f", $0.x, $0.y) }.joined(separator: "L") + "Z"
            }.joined()
        }
        svg.append("<text x=\"30\" y=\"62\" font-size=\"46\" font-weight=\"bold\">生态保护监管总览图（\(HTML.escape(r.period.chineseLabel))）</text>")
        svg.append("<text x=\"30\" y=\"112\" font-size=\"28\" fill=\"#444\">统计期间 \(r.period.first) 至 \(r.period.last)　问题状态截至 \(r.generatedOn)　范围：\(HTML.escape(r.scope))</text>")
        svg.append(String(format: "<clipPath id=\"frame\"><rect x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"%.0f\"/></clipPath>", frame.x, frame.y, frame.w, frame.h))
        svg.append(String(format: "<rect x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"%.0f\" fill=\"#f4f8fb\" stroke=\"#000\" stroke-width=\"2\"/>", frame.x, frame.y, frame.w, frame.h))
        var zonesShown: [ZoneKind?] = []
        if let projection = try MapProjection(r, frame: frame) {
            svg.append("<g clip-path=\"url(#frame)\">")
            for a in r.areas {
                if let g = a.version.geometry {
                    svg.append("<path d=\"\(path(try projection.pixels(g)))\" fill=\"\(hex(Self.fill(nil)))\" fill-rule=\"evenodd\"/>")
                    if a.version.zones.isEmpty, !zonesShown.contains(where: { $0 == nil }) { zonesShown.append(nil) }
                }
                for z in a.version.zones {
                    svg.append("<path d=\"\(path(try projection.pixels(z.geometry)))\" fill=\"\(hex(Self.fill(z.kind)))\" fill-rule=\"evenodd\" stroke=\"\(hex(Self.outline))\" stroke-width=\"1\"/>")
                    if !zonesShown.contains(where: { $0 == z.kind }) { zonesShown.append(z.kind) }
                }
                if let g = a.version.geometry {
                    svg.append("<path d=\"\(path(try projection.pixels(g)))\" fill=\"none\" stroke=\"\(hex(Self.outline))\" stroke-width=\"3\" fill-rule=\"evenodd\"/>")
                }
            }
            let labelled = r.cases.count <= Self.labelledCases
            for c in r.cases {
                let parts = try projection.pixels(c.geometry)
                svg.append("<path d=\"\(path(parts))\" fill=\"\(hex(Self.colour(c.status)))\"/>")
                // A marker as well, so a case smaller than a pixel still shows.
                guard let centre = Envelope(covering: parts.flatMap { $0.flatMap { $0 } }.map { Coordinate($0.x, $0.y) })?.center else { continue }
                svg.append(String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"18\" height=\"18\" fill=\"%@\" stroke=\"#000\" stroke-width=\"2\"/>",
                                  centre.x - 9, centre.y - 9, hex(Self.colour(c.status))))
                if labelled {
                    svg.append(label(c.number, x: centre.x + 14, y: centre.y + 8, size: 22, frame: frame, anchor: "start"))
                }
            }
            svg.append("</g>")
            for a in r.areas {
                guard let g = a.version.geometry, let point = try g.pointOnSurface().allCoordinates.first else { continue }
                let inside = try projection.pixel(point)
                svg.append(label(a.area.name, x: inside.x, y: inside.y, size: 34, frame: frame, anchor: "middle", bold: true))
            }
            let bar = Self.niceLength(projection.metresPerPixel * 260)
            let px = bar / projection.metresPerPixel
            let bx = frame.x + 30, by = frame.y + frame.h - 40
            svg.append(String(format: "<rect x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"62\" fill=\"#fff\" opacity=\".85\"/>", bx - 12, by - 40, px + 190))
            svg.append(String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"12\" fill=\"#000\"/><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"8\" fill=\"#fff\"/>",
                              bx, by, px, bx + px / 2, by + 2, px / 2 - 2))
            svg.append(String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"28\">%@</text>", bx + px + 14, by + 12,
                              bar >= 1000 ? "\(Self.number(bar / 1000)) 千米" : "\(Self.number(bar)) 米"))
        } else {
            svg.append(String(format: "<text x=\"%.0f\" y=\"%.0f\" font-size=\"32\">范围内没有保护地或问题</text>", frame.x + 40, frame.y + 60))
        }
        let nx = frame.x + frame.w - 60, ny = frame.y + 20
        svg.append(String(format: "<g transform=\"translate(%.0f %.0f)\"><polygon points=\"20,0 38,60 20,48 2,60\" fill=\"#fff\" stroke=\"#000\" stroke-width=\"3\"/><polygon points=\"20,0 20,48 2,60\" fill=\"#000\"/><text x=\"20\" y=\"96\" font-size=\"34\" font-weight=\"bold\" text-anchor=\"middle\">北</text></g>", nx, ny))
        svg += legend(r, zones: zonesShown, x: frame.x + frame.w + 30, y: frame.y, height: frame.h)
        return """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><title>总览图</title>
            <style>html,body{margin:0;background:#fff;overflow:hidden}
            svg{font-family:"Noto Sans CJK SC","WenQuanYi Zen Hei","Source Han Sans SC",sans-serif}</style></head><body>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(w)" height="\(h)" viewBox="0 0 \(w) \(h)">
            <rect width="\(w)" height="\(h)" fill="#fff"/>
            \(svg.joined(separator: "\n"))
            </svg></body></html>
            """
    }

    /// Draws the print map into `png` through the headless browser (its HTML is kept beside it).
    /// - Throws: `DomainError` when no browser is installed.
    public func writePrint(_ r: PeriodReport, to png: String) throws {
        let page = URL(fileURLWithPath: png).deletingPathExtension().path + ".html"
        try Data(try printHTML(r).utf8).write(to: URL(fileURLWithPath: page), options: .atomic)
        try HeadlessBrowser.screenshot(page, to: png, width: Self.printSize.width, height: Self.printSize.height)
    }

    /// A text with a white halo, moved inside the frame when it would run over its edge.
    private func label(_ text: String, x: Double, y: Double, size: Double, frame: (x: Double, y: Double, w: Double, h: Double),
                       anchor: String, bold: Bool = false) -> String {
        let width = text.unicodeScalars.reduce(0.0) { $0 + ($1.value > 0x2E80 ? size : size * 0.6) }
        var left = anchor == "middle" ? x - width / 2 : x
        left = min(max(left, frame.x + 8), frame.x + frame.w - width - 8)
        let top = min(max(y, frame.y + size + 6), frame.y + frame.h - 10)
        return String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\"%@ stroke=\"#fff\" stroke-width=\"6\" paint-order=\"stroke\" stroke-linejoin=\"round\">%@</text>",
                      left, top, size, bold ? " font-weight=\"bold\"" : "", HTML.escape(text))
    }

    private func legend(_ r: PeriodReport, zones: [ZoneKind?], x: Double, y: Double, height: Double) -> [String] {
        var out = [String(format: "<rect x=\"%.0f\" y=\"%.0f\" width=\"470\" height=\"%.0f\" fill=\"#fff\" stroke=\"#999\" stroke-width=\"2\"/>", x, y, height)]
        var row = y + 56
        func key(_ fill: String, _ stroke: String, _ text: String) {
            out.append(String(format: "<rect x=\"%.0f\" y=\"%.0f\" width=\"36\" height=\"28\" fill=\"%@\" stroke=\"%@\" stroke-width=\"2\"/><text x=\"%.0f\" y=\"%.0f\" font-size=\"28\">%@</text>",
                              x + 24, row - 24, fill, stroke, x + 76, row, HTML.escape(text)))
            row += 46
        }
        func hex(_ c: RGB) -> String { String(format: "#%02x%02x%02x", c.r, c.g, c.b) }
        out.append(String(format: "<text x=\"%.0f\" y=\"%.0f\" font-size=\"32\" font-weight=\"bold\">图例</text>", x + 24, row))
        row += 54
        out.append(String(format: "<text x=\"%.0f\" y=\"%.0f\" font-size=\"28\" font-weight=\"bold\">问题（按办理状态）</text>", x + 24, row))
        row += 48
        var counts: [CaseStatus: Int] = [:]
        for c in r.cases { counts[c.status, default: 0] += 1 }
        for s in CaseStatus.allCases { key(hex(Self.colour(s)), "#000", "\(s.chineseName)（\(counts[s, default: 0])）") }
        row += 20
        out.append(String(format: "<text x=\"%.0f\" y=\"%.0f\" font-size=\"28\" font-weight=\"bold\">保护地及功能区</text>", x + 24, row))
        row += 48
        let shown = zones.isEmpty ? [nil] : zones
        for zone in shown { key(hex(Self.fill(zone)), hex(Self.outline), zone?.chineseName ?? "保护地（未分区）") }
        out.append(String(format: "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"%@\" stroke-width=\"4\"/><text x=\"%.0f\" y=\"%.0f\" font-size=\"28\">保护地边界</text>",
                          x + 24, row - 10, x + 60, row - 10, hex(Self.outline), x + 76, row))
        row += 60
        out.append(String(format: "<text x=\"%.0f\" y=\"%.0f\" font-size=\"22\" fill=\"#444\">投影：UTM（WGS84/CGCS2000）</text>", x + 24, y + height - 50))
        let marker = r.cases.count <= Self.labelledCases ? "方块为问题位置，旁注问题编号" : "方块为问题位置"
        out.append(String(format: "<text x=\"%.0f\" y=\"%.0f\" font-size=\"22\" fill=\"#444\">%@</text>", x + 24, y + height - 20, marker))
        return out
    }

    private static func niceLength(_ target: Double) -> Double {
        let magnitude = pow(10, log10(target).rounded(.down))
        return [1.0, 2, 5, 10].map { $0 * magnitude }.last { $0 <= target } ?? magnitude
    }
}
