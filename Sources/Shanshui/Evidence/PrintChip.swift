import Foundation
import GeoKit

/// The before/after chip of one case for print (the supervision notice): both epochs in true
/// colour side by side with the damage outlined, and around them in Chinese the case number,
/// protected area, zone, coordinates, dates and sensors, a scale bar and a north arrow. It is
/// laid out as HTML and rendered by the headless browser at 1800 × 1110 pixels, which is over
/// 300 dpi across an A5 page; being slow (a browser start), it is drawn for notices only, never
/// for every case of a scan.
public enum PrintChip {
    /// The picture's size in pixels.
    public static let width = 1800, height = 1110
    /// Each epoch's image side in pixels.
    static let panel = 860

    /// Renders the chip of `notice` into `directory` as `NUMBER-print.png` (with its HTML and
    /// the two image panels beside it).
    /// - Returns: the PNG's path.
    /// - Throws: `GDALError` when the imagery cannot be read, `DomainError` without a browser.
    public static func render(_ notice: SupervisionNotice, before: ChipImagery, after: ChipImagery, to directory: String) throws -> String {
        let c = notice.record
        let renderer = try ChipRenderer(before: before, after: after)
        let cut = try renderer.cut(c.geometry, name: c.number)
        let window = cut.window, bands = [cut.before, cut.after]
        let metresPerPixel = cut.groundWidth / Double(panel)
        let keys = ["red", "green", "blue"]
        let stretch = keys.map { Stretch(bands[0][$0]!, bands[1][$0]!) }
        let outline = EvidenceChip.outlinePixels(cut.local, renderer.transform, window, size: panel)
        var files: [String] = []
        for (i, epochBands) in bands.enumerated() {
            var chip = EvidenceChip.compose(keys.map { epochBands[$0]! }, stretch, window: window, size: panel)
            for ring in outline {
                for (a, b) in zip(ring, ring.dropFirst()) { chip.line(from: a, to: b, RGB.yellow, thickness: 3) }
            }
            let name = "\(c.number)-print-\(i == 0 ? "before" : "after").png"
            try chip.writePNG(to: URL(fileURLWithPath: directory).appendingPathComponent(name).path)
            files.append(name)
        }
        let page = URL(fileURLWithPath: directory).appendingPathComponent("\(c.number)-print.html").path
        try Data(html(notice, panels: files, metresPerPixel: metresPerPixel).utf8).write(to: URL(fileURLWithPath: page), options: .atomic)
        let png = URL(fileURLWithPath: directory).appendingPathComponent("\(c.number)-print.png").path
        try HeadlessBrowser.screenshot(page, to: png, width: width, height: height)
        return png
    }

    static func html(_ notice: SupervisionNotice, panels: [String], metresPerPixel: Double) -> String {
        let c = notice.record
        let bar = ScaleBar(metresPerPixel: metresPerPixel, width: panel)
        let epochs = [notice.before, notice.after]
        let captions = ["前时相", "后时相"].enumerated().map { i, title in
            let e = epochs[i]
            return "\(title)　\(e?.date.description ?? "")　\(HTML.escape(e?.sensor ?? ""))"
        }
        let figures = panels.enumerated().map { i, file in
            """
            <div class="panel"><img src="\(HTML.escape(file))" alt="\(captions[i])">
            <div class="caption">\(captions[i])</div>
            <svg class="north" viewBox="0 0 40 60"><polygon points="20,4 34,44 20,36 6,44" fill="#fff" stroke="#000" stroke-width="2"/><polygon points="20,4 20,36 6,44" fill="#000"/><text x="20" y="58" text-anchor="middle" font-size="14" font-weight="bold" fill="#fff" stroke="#000" stroke-width=".6">北</text></svg>
            <div class="scale"><div class="bar" style="width:\(bar.pixels)px"></div><span>\(bar.label)</span></div></div>
            """
        }.joined(separator: "\n")
        return """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><title>\(HTML.escape(c.number)) 影像对比</title>
            <style>
            html, body { margin: 0; width: \(width)px; height: \(height)px; background: #fff; overflow: hidden;
              font-family: "Noto Sans CJK SC", "WenQuanYi Zen Hei", "Source Han Sans SC", sans-serif; color: #000; }
            .head { padding: 26px 32px 10px; font-size: 40px; font-weight: bold; }
            .sub { padding: 0 32px 16px; font-size: 28px; }
            .panels { display: flex; gap: 16px; padding: 0 32px; }
            .panel { position: relative; width: \(panel)px; height: \(panel)px; }
            .panel img { width: \(panel)px; height: \(panel)px; display: block; image-rendering: pixelated; }
            .caption { position: absolute; left: 0; top: 0; background: rgba(0,0,0,.7); color: #fff; font-size: 30px; padding: 8px 16px; }
            .north { position: absolute; right: 18px; top: 14px; width: 72px; height: 108px; }
            .scale { position: absolute; left: 18px; bottom: 18px; background: rgba(255,255,255,.85); padding: 8px 12px; font-size: 26px; display: flex; align-items: center; gap: 12px; }
            .bar { height: 12px; border: 3px solid #000; background: repeating-linear-gradient(90deg, #000 0 25%, #fff 25% 50%); }
            .foot { padding: 14px 32px; font-size: 26px; }
            </style></head><body>
            <div class="head">问题编号 \(HTML.escape(c.number))　\(HTML.escape(c.area.name))　\(HTML.escape(c.area.zone?.chineseName ?? "未分区"))</div>
            <div class="sub">\(HTML.escape(c.area.kind.chineseName))　\(HTML.escape(FieldLabels.activity(c.activity)))　涉及面积 \(String(format: "%.0f", c.overlapM2)) 平方米　发现日期 \(c.detectedOn)</div>
            <div class="panels">
            \(figures)
            </div>
            <div class="foot">图斑中心：\(HTML.escape(notice.coordinates))（WGS84/CGCS2000）　黄线：问题图斑范围　真彩色合成</div>
            </body></html>
            """
    }
}
