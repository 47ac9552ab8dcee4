import Foundation
import GeoKit

/// The supervision notice (问题交办单) of one case: the page an office signs and sends with it —
/// case number, protected area and zone, where (cells and coordinates), what (activity, area),
/// who answers (unit, grid head and staff) and by when, the before/after imagery, and a QR code
/// linking the case page. Built from the ledger; rendered as HTML, PDF and an editable XLSX.
public struct SupervisionNotice: Sendable {
    /// The case.
    public var record: Case
    /// A point inside the damage (lon/lat).
    public var location: Coordinate
    /// The imagery compared (nil when the case came from no scan, e.g. interpreted patches).
    public var before: Epoch?
    /// The later epoch of that scan.
    public var after: Epoch?
    /// The day the notice is issued.
    public var issuedOn: Day
    /// The case page the QR code links to.
    public var caseURL: String
    /// The issuing office (交办单位), printed in the header when given.
    public var issuer: String?

    /// Gathers a case's notice: its location, and the epochs of the scan that found it.
    /// - Parameters:
    ///   - baseURL: the service's address; the QR code links `BASE/api/v1/cases/NUMBER`.
    public static func make(_ c: Case, scans: any ScanStore, baseURL: String, issuedOn: Day,
                            issuer: String? = nil) async throws -> SupervisionNotice {
        let point = try c.geometry.pointOnSurface().allCoordinates.first ?? c.geometry.envelope?.center ?? Coordinate(0, 0)
        var before: Epoch?, after: Epoch?
        if let scanID = try await scans.patches(scanID: nil).first(where: { c.patchIDs.contains($0.id) || $0.caseID == c.id })?.scanID,
           let scan = try await scans.scan(scanID) {
            before = try await scans.epoch(String(scan.beforeEpoch))
            after = try await scans.epoch(String(scan.afterEpoch))
        }
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        return SupervisionNotice(record: c, location: point, before: before, after: after, issuedOn: issuedOn,
                                 caseURL: "\(base)/api/v1/cases/\(c.number)", issuer: issuer)
    }

    /// The coordinates as offices write them: decimal degrees east and north, 6 decimals.
    public var coordinates: String {
        String(format: "东经 %.6f°，北纬 %.6f°", location.x, location.y)
    }

    /// Field and value rows, in the order the notice prints them (also the XLSX sheet).
    public var rows: [(field: String, value: String)] {
        let c = record
        let chain = c.responsibility?.chain ?? []
        let place = ["county", "township", "village"].compactMap { level in chain.first { $0.level == level }?.name }
        let staff = c.responsibility?.staff.map(Self.person).joined(separator: "、") ?? ""
        var rows: [(String, String)] = [
            ("问题编号", c.number),
            ("保护地", "\(c.area.name)（\(c.area.kind.chineseName)，代码 \(c.area.code)）"),
            ("功能区", c.area.zone?.chineseName ?? "未分区"),
            ("所在位置", (place.isEmpty ? "—" : place.joined(separator: " ")) + (c.responsibility?.cell.map { "（网格 \($0.code)）" } ?? "")),
            ("坐标（WGS84/CGCS2000）", coordinates),
            ("活动类型", FieldLabels.activity(c.activity)),
            ("涉及保护地面积", String(format: "%.0f 平方米（%.2f 公顷）", c.overlapM2, c.overlapM2 / 10_000)),
            ("发现日期", c.detectedOn.description),
        ]
        if let before, let after {
            rows.append(("遥感影像", "\(before.date)（\(before.sensor ?? "传感器未注明")）→ \(after.date)（\(after.sensor ?? "传感器未注明")）"))
        }
        rows += [
            ("责任单位", c.responsibility?.unit ?? "—"),
            ("网格长", c.responsibility?.head.map(Self.person) ?? "—"),
            ("网格员", staff.isEmpty ? "—" : staff),
            ("办理时限", "\(c.dueOn) 前反馈核查及整改情况"),
            ("当前状态", c.status.chineseName),
            ("问题详情", caseURL),
        ]
        return rows
    }

    /// `NAME:PHONE` as `NAME（PHONE）`.
    static func person(_ text: String) -> String {
        let parts = text.split(separator: ":", maxSplits: 1)
        return parts.count == 2 ? "\(parts[0])（\(parts[1])）" : text
    }

    /// The notice as one A4 HTML page in Chinese.
    /// - Parameters:
    ///   - chip: the print chip's file name beside the page (nil when there is no imagery).
    ///   - qrSVG: the QR code of `caseURL` as inline SVG.
    public func html(chip: String?, qrSVG: String) -> String {
        let c = record
        let table = rows.map { "<tr><th>\(HTML.escape($0.field))</th><td>\(HTML.escape($0.value))</td></tr>" }.joined(separator: "\n")
        let imagery = chip.map { "<figure><img src=\"\(HTML.escape($0))\" alt=\"前后时相影像对比\"><figcaption>图：问题图斑前后时相影像对比（黄线为图斑范围）</figcaption></figure>" }
            ?? "<p class=\"none\">无可用影像（该问题不是由影像扫描发现）。</p>"
        return """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><title>问题交办单 \(HTML.escape(c.number))</title>
            <style>
            @page { size: A4; margin: 14mm 16mm; }
            body { font-family: "Noto Sans CJK SC", "WenQuanYi Zen Hei", "Source Han Sans SC", sans-serif; font-size: 10.5pt; color: #000; margin: 0; }
            h1 { text-align: center; font-size: 20pt; letter-spacing: .3em; margin: 0 0 2mm; }
            .meta { display: flex; justify-content: space-between; margin-bottom: 3mm; }
            table { width: 100%; border-collapse: collapse; }
            th, td { border: 1px solid #000; padding: 1.2mm 2.5mm; text-align: left; vertical-align: top; }
            th { width: 32mm; background: #f0f0f0; font-weight: bold; white-space: nowrap; }
            td { word-break: break-all; }
            figure { margin: 3mm 0 0; page-break-inside: avoid; } figure img { height: 92mm; width: auto; max-width: 100%; display: block; margin: 0 auto; } figcaption { text-align: center; font-size: 9pt; }
            .bottom { display: flex; gap: 6mm; margin-top: 3mm; align-items: flex-start; page-break-inside: avoid; }
            .qr { width: 26mm; text-align: center; font-size: 8pt; } .qr svg { width: 26mm; height: 26mm; }
            .sign { flex: 1; border: 1px solid #000; padding: 1.5mm 3mm; line-height: 1.9; }
            .none { border: 1px dashed #666; padding: 4mm; text-align: center; }
            </style></head><body>
            <h1>生态环境问题交办单</h1>
            <div class="meta"><span>交办单位：\(HTML.escape(issuer ?? "＿＿＿＿＿＿＿＿"))</span><span>编号：\(HTML.escape(c.number))</span><span>交办日期：\(issuedOn)</span></div>
            <table>
            \(table)
            </table>
            \(imagery)
            <div class="bottom">
            <div class="qr">\(qrSVG)<div>扫码查看问题详情</div></div>
            <div class="sign">请责任单位于 \(c.dueOn) 前完成现场核查，并将核查结论、整改措施及佐证材料反馈交办单位。<br>
            交办单位（盖章）：＿＿＿＿＿＿＿＿　经办人：＿＿＿＿　日期：＿＿＿＿<br>
            接收单位签收：＿＿＿＿＿＿＿＿　签收人：＿＿＿＿　日期：＿＿＿＿</div>
            </div>
            </body></html>
            """
    }
}
