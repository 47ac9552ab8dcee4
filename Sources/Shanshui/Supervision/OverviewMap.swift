import Foundation
import GeoKit

/// The overview map of a period report: protected areas and their zones, cases coloured by
/// status, a legend, a scale bar, the title and the period. Geometry is projected with PROJ to
/// the local UTM zone (true shapes, a scale in metres) and the PNG is written through GDAL.
public struct OverviewMap: Sendable {
    public var width = 1000
    public var height = 760
    private let legendWidth = 230
    private let top = 50

    /// A map of the default size.
    public init() {}

    /// The colour a case of each status is drawn in.
    public static func colour(_ s: CaseStatus) -> RGB {
        switch s {
        case .flagged: RGB(230, 30, 30)
        case .dispatched: RGB(245, 140, 0)
        case .verified: RGB(225, 195, 0)
        case .rectifying: RGB(150, 60, 200)
        case .accepted: RGB(0, 170, 190)
        case .closed: RGB(90, 90, 90)
        case .transferred: RGB(30, 90, 220)
        }
    }

    /// The fill of a protected area's zone (nil: the area without zones).
    static func fill(_ zone: ZoneKind?) -> RGB {
        switch zone {
        case .core?, .coreProtection?: RGB(125, 185, 105)
        case .buffer?, .generalControl?: RGB(170, 215, 145)
        case .experimental?: RGB(205, 235, 180)
        case nil: RGB(220, 240, 205)
        }
    }

    static let outline = RGB(30, 100, 40)

    /// Draws the report's map.
    /// - Throws: `PROJError`/`GEOSError` when geometry cannot be projected.
    public func render(_ r: PeriodReport) throws -> Canvas {
        var canvas = Canvas(width: width, height: height)
        canvas.text("SHANSHUI OVERVIEW \(r.period.label)", x: 12, y: 12, .black, scale: 3)
        canvas.text("\(r.period.first) TO \(r.period.last)  STATUS AS OF \(r.generatedOn)", x: 12, y: 38 - 2, RGB(70, 70, 70), scale: 1)
        let frame = (x: 10, y: top, w: width - legendWidth - 20, h: height - top - 10)
        canvas.strokeRect(x: frame.x - 1, y: frame.y - 1, width: frame.w + 2, height: frame.h + 2, .black)
        guard let frameProjection = try MapProjection(r, frame: (Double(frame.x), Double(frame.y), Double(frame.w), Double(frame.h))) else {
            canvas.text("NO PROTECTED AREAS OR CASES IN SCOPE", x: frame.x + 20, y: frame.y + 20, .black)
            drawLegend(&canvas)
            return canvas
        }
        let span = frameProjection.metresPerPixel
        func pixels(_ g: Geometry) throws -> [[[(x: Double, y: Double)]]] { try frameProjection.pixels(g) }
        for a in r.areas {
            if let g = a.version.geometry { for p in try pixels(g) { canvas.fillPolygon(p, Self.fill(nil)) } }
            for z in a.version.zones { for p in try pixels(z.geometry) { canvas.fillPolygon(p, Self.fill(z.kind)) } }
            for z in a.version.zones { for p in try pixels(z.geometry) { canvas.strokePolygon(p, Self.outline) } }
            if let g = a.version.geometry { for p in try pixels(g) { canvas.strokePolygon(p, Self.outline, thickness: 2) } }
        }
        for a in r.areas {
            guard let g = a.version.geometry, let e = Envelope(covering: try pixels(g).flatMap { $0.flatMap { $0 } }.map { Coordinate($0.x, $0.y) })
            else { continue }
            canvas.text("\(a.area.code) \(a.area.name)", x: Int(e.minX) + 6, y: Int(e.minY) + 6, Self.outline, backdrop: .white)
        }
        for c in r.cases {
            let parts = try pixels(c.geometry)
            for p in parts { canvas.fillPolygon(p, Self.colour(c.status)) }
            // A marker as well, so a case smaller than a pixel still shows.
            if let e = Envelope(covering: parts.flatMap { $0.flatMap { $0 } }.map { Coordinate($0.x, $0.y) }) {
                let x = Int(e.center.x.rounded()) - 5, y = Int(e.center.y.rounded()) - 5
                canvas.fillRect(x: x, y: y, width: 11, height: 11, Self.colour(c.status))
                canvas.strokeRect(x: x, y: y, width: 11, height: 11, .black)
            }
        }
        canvas.fillRect(x: frame.x + frame.w, y: frame.y - 1, width: width - frame.x - frame.w, height: frame.h + 2, .white)
        canvas.strokeRect(x: frame.x - 1, y: frame.y - 1, width: frame.w + 2, height: frame.h + 2, .black)
        drawScaleBar(&canvas, metresPerPixel: span, x: frame.x + 15, y: frame.y + frame.h - 30)
        canvas.text("N", x: frame.x + frame.w - 28, y: frame.y + 12, .black, scale: 3)
        canvas.line(from: (Double(frame.x + frame.w - 21), Double(frame.y + 38)), to: (Double(frame.x + frame.w - 21), Double(frame.y + 60)), .black, thickness: 3)
        drawLegend(&canvas)
        return canvas
    }

    /// Draws the map and writes it as PNG (atomically).
    public func write(_ r: PeriodReport, to path: String) throws {
        try render(r).writePNG(to: path)
    }

    private func drawScaleBar(_ canvas: inout Canvas, metresPerPixel: Double, x: Int, y: Int) {
        let target = metresPerPixel * 160
        let magnitude = pow(10, (log10(target)).rounded(.down))
        let metres = [1.0, 2, 5, 10].map { $0 * magnitude }.last { $0 <= target } ?? magnitude
        let length = Int((metres / metresPerPixel).rounded())
        canvas.fillRect(x: x - 6, y: y - 18, width: length + 70, height: 34, .white)
        canvas.fillRect(x: x, y: y, width: length, height: 6, .black)
        canvas.fillRect(x: x + length / 2, y: y + 1, width: length - length / 2 - 1, height: 4, .white)
        for tick in [x, x + length / 2, x + length - 2] { canvas.fillRect(x: tick, y: y - 4, width: 2, height: 10, .black) }
        let label = metres >= 1000 ? "\(Self.number(metres / 1000)) KM" : "\(Self.number(metres)) M"
        canvas.text(label, x: x + length + 8, y: y - 4, .black, scale: 2)
    }

    private func drawLegend(_ canvas: inout Canvas) {
        let x = width - legendWidth, y0 = top
        canvas.strokeRect(x: x - 6, y: y0 - 1, width: legendWidth - 4, height: height - top - 8, RGB(150, 150, 150))
        canvas.text("CASES", x: x + 4, y: y0 + 10, .black)
        var y = y0 + 34
        for s in CaseStatus.allCases {
            canvas.fillRect(x: x + 4, y: y, width: 16, height: 14, Self.colour(s))
            canvas.strokeRect(x: x + 4, y: y, width: 16, height: 14, .black)
            canvas.text(s.rawValue, x: x + 28, y: y, .black)
            y += 24
        }
        y += 16
        canvas.text("PROTECTED AREAS", x: x + 4, y: y, .black)
        y += 24
        for (label, zone) in [("AREA", nil), ("CORE", ZoneKind.core), ("BUFFER", .buffer), ("EXPERIMENTAL", .experimental)] as [(String, ZoneKind?)] {
            canvas.fillRect(x: x + 4, y: y, width: 16, height: 14, Self.fill(zone))
            canvas.strokeRect(x: x + 4, y: y, width: 16, height: 14, Self.outline)
            canvas.text(label, x: x + 28, y: y, .black)
            y += 24
        }
        canvas.text("UTM PROJECTION - WGS84", x: x + 4, y: height - 30, RGB(70, 70, 70), scale: 1)
    }

    static func number(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : String(format: "%g", v)
    }
}

/// Lon/lat geometry to map pixels: the local UTM zone (true shapes, metres), fitted into a frame
/// with 4 % margins around every area and case of a report.
struct MapProjection {
    let project: Transformer
    let metresPerPixel: Double
    let origin: (x: Double, y: Double)
    let frame: (x: Double, y: Double, w: Double, h: Double)

    /// Nil when the report has nothing to draw.
    init?(_ r: PeriodReport, frame: (x: Double, y: Double, w: Double, h: Double)) throws {
        let lonLat = r.areas.compactMap(\.version.geometry) + r.cases.map(\.geometry)
        guard var box = lonLat.compactMap(\.envelope).reduce(nil as Envelope?, { acc, e in
            var out = acc ?? e
            out.expand(toInclude: e)
            return out
        }) else { return nil }
        project = try Transformer(from: .wgs84, to: try CRS.utm(longitude: box.center.x, latitude: box.center.y))
        box = try project.transform(box)
        metresPerPixel = max(box.width / frame.w, box.height / frame.h, 1e-9) * 1.08
        origin = (box.center.x - metresPerPixel * frame.w / 2, box.center.y + metresPerPixel * frame.h / 2)
        self.frame = frame
    }

    /// A lon/lat position in pixels.
    func pixel(_ c: Coordinate) throws -> (x: Double, y: Double) {
        let p = try project.transform(c)
        return (frame.x + (p.x - origin.x) / metresPerPixel, frame.y + (origin.y - p.y) / metresPerPixel)
    }

    /// Each polygon's rings in pixels.
    func pixels(_ g: Geometry) throws -> [[[(x: Double, y: Double)]]] {
        try project.transform(g).polygons.map { p in
            p.rings.map { ring in ring.map { (frame.x + ($0.x - origin.x) / metresPerPixel, frame.y + (origin.y - $0.y) / metresPerPixel) } }
        }
    }
}
