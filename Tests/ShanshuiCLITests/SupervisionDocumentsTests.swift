import Foundation
import GeoKit
import Shanshui
import ShanshuiTestSupport
import Testing

/// Documents an office signs and sends: the supervision notice (问题交办单) of a case and the
/// period report, in Chinese, as PDF (headless Chromium), XLSX and print-resolution pictures.
/// The PDFs are checked through poppler's `pdftotext` and rendered to PNG with `pdftoppm`; the
/// QR code is read back with `zbarimg`. Set SHANSHUI_KEEP_ARTEFACTS=DIR to keep the pictures.
@Suite("supervision documents", .serialized)
struct SupervisionDocumentsTests {
    static let tools = ["/usr/bin/pdftotext", "/usr/bin/pdftoppm", "/usr/bin/zbarimg"]
    static let ready = HeadlessBrowser.executable != nil && tools.allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs a tool and returns its standard output.
    static func tool(_ path: String, _ arguments: [String]) throws -> String {
        try ChildProcess.run(path, arguments, timeout: 300).stdout
    }

    /// Copies `files` to SHANSHUI_KEEP_ARTEFACTS when set, to look at them.
    static func keep(_ files: [String]) {
        guard let dir = ProcessInfo.processInfo.environment["SHANSHUI_KEEP_ARTEFACTS"] else { return }
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for f in files {
            let target = URL(fileURLWithPath: dir).appendingPathComponent(URL(fileURLWithPath: f).lastPathComponent)
            try? FileManager.default.removeItem(at: target)
            try? FileManager.default.copyItem(atPath: f, toPath: target.path)
        }
    }

    @Test(.enabled(if: ready, "chromium, poppler-utils and zbar-tools are needed (scripts/setup installs them)"))
    func noticeIsAChinesePDFWithPrintChipAndQRCode() throws {
        try Fixture.withTemporaryDirectory { dir in
            let world = try ScanEndToEndTests.makeWorld(in: dir)
            try world.run(["scan", "E1", "E2", "--buffer", "200"])
            let listed = try world.cases()
            let first = try #require(listed.first { $0["zone"]?.stringValue != nil } ?? listed.first)
            let number = try #require(first["number"]?.stringValue)
            let out = world.path("notice")
            let run = try world.run(["cases", "notice", number, "-o", out, "--base-url", "http://shanshui.example.org",
                                     "--issuer", "泰州市生态环境局", "--date", "2026-07-01"])
            #expect(run.status == 0, "\(run.stderr)")
            let pdf = out + "/\(number)-交办单.pdf"
            let text = try Self.tool("/usr/bin/pdftotext", ["-layout", pdf, "-"])
            let shown = try JSONValue.parse(Array(try world.run(["cases", "show", number, "--json"]).stdout.utf8))
            let zone = try ZoneKind(parsing: first["zone"]?.stringValue ?? "core").chineseName
            for expected in ["生态环境问题交办单", number, "泰州市生态环境局", first["area_name"]?.stringValue ?? "?", zone, "东经", "北纬",
                             first["unit"]?.stringValue ?? "?", first["due_on"]?.stringValue ?? "?", "交办单位（盖章）", "扫码查看问题详情"] {
                #expect(text.contains(expected), "the notice PDF lacks '\(expected)'")
            }
            #expect(shown["number"]?.stringValue == number)
            // One page, rendered as a picture: the QR code on it links the case page.
            _ = try Self.tool("/usr/bin/pdftoppm", ["-r", "150", "-png", pdf, out + "/page"])
            let pages = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasPrefix("page") && $0.hasSuffix(".png") }
            #expect(pages.count == 1, "\(pages)")
            let page = out + "/" + (pages.first ?? "")
            let qr = try Self.tool("/usr/bin/zbarimg", ["--quiet", "--raw", page])
            #expect(qr.trimmingCharacters(in: .whitespacesAndNewlines) == "http://shanshui.example.org/api/v1/cases/\(number)")
            // The print chip: over 300 dpi across A5 (1748 px), with its Chinese annotations laid out.
            let chip = try Raster.open(out + "/\(number)-print.png")
            #expect(chip.width >= 1748)
            let chipPage = try String(contentsOfFile: out + "/\(number)-print.html", encoding: .utf8)
            for expected in [number, first["area_name"]?.stringValue ?? "?", zone, "前时相", "后时相", "2025-12-20", "2026-06-20", "东经", "北", "米"] {
                #expect(chipPage.contains(expected), "the print chip lacks '\(expected)'")
            }
            // The editable form of the notice.
            let sheet = try VectorSource(path: out + "/\(number)-交办单.xlsx").layer()
            var rows: [String: String] = [:]
            try sheet.forEachFeature { _, f in rows[f.properties["项目"]?.stringValue ?? ""] = f.properties["内容"]?.stringValue }
            #expect(rows["问题编号"] == number)
            #expect(rows["功能区"] == zone)
            Self.keep([page, out + "/\(number)-print.png", pdf])
        }
    }

    @Test func withoutABrowserTheReportSaysSoAndStillWritesItsTablesAndMap() async throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let world = try await SupervisionWorld.make(in: dir)
        let out = world.path("report")
        let run = try ShanshuiCommand.run(["report", "--period", "2026", "-o", out], in: dir,
                                          environment: ["SHANSHUI_DB": world.db, "SHANSHUI_CHROMIUM": ""])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("no headless browser found"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out + "/report.pdf"))
        for file in ["overview.png", "report.html", "report.xlsx", "summary.csv"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + file), "\(file)")
        }
    }

    @Test(.enabled(if: ready, "chromium and poppler-utils are needed (scripts/setup installs them)"))
    func reportIsChineseWithPDFWorkbookAndLabelledMap() async throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let world = try await SupervisionWorld.make(in: dir)
        let out = world.path("report")
        let run = try world.run(["report", "--period", "2026", "-o", out])
        #expect(run.status == 0, "\(run.stderr)")
        let text = try Self.tool("/usr/bin/pdftotext", ["-layout", out + "/report.pdf", "-"])
        for expected in ["生态保护监管报告（2026年度）", "总体情况", "问题办理状态", "各保护地问题办理情况", "溱湖", "已发现"] {
            #expect(text.contains(expected), "the report PDF lacks '\(expected)'")
        }
        let sheets = try VectorSource(path: out + "/report.xlsx").layers.map(\.name)
        #expect(sheets.contains("总体情况"))
        #expect(sheets.contains("问题办理状态"))
        // The ledger and the cells as workbooks with Chinese headers.
        #expect(try world.run(["export", "cases", "-o", world.path("问题台账.xlsx")]).status == 0)
        let ledger = try VectorSource(path: world.path("问题台账.xlsx")).layer()
        let headers = Dictionary(uniqueKeysWithValues: ledger.fields.map { ($0.name, $0.type) })
        #expect(ledger.featureCount == 6)
        #expect(headers["问题编号"] == "String" && headers["发现日期"] == "Date" && headers["经度"] == "Real", "\(headers)")
        #expect(try world.run(["export", "cells", "-o", world.path("cells.xlsx")]).status == 0)
        #expect(try VectorSource(path: world.path("cells.xlsx")).layer().fields.map(\.name).contains("责任单位"))
        let csv = [UInt8](try Data(contentsOf: URL(fileURLWithPath: out + "/summary.csv")))
        #expect(csv.starts(with: [0xEF, 0xBB, 0xBF]))
        // The overview map at print size, its page naming the reserve and keying every status.
        let map = try Raster.open(out + "/overview.png")
        #expect(map.width == 2000 && map.height == 1500)
        let page = try String(contentsOfFile: out + "/overview.html", encoding: .utf8)
        #expect(page.contains(">溱湖<"))
        for s in CaseStatus.allCases { #expect(page.contains(s.chineseName), "legend lacks \(s.chineseName)") }
        for z in [ZoneKind.core, .buffer, .experimental] { #expect(page.contains(z.chineseName)) }
        _ = try Self.tool("/usr/bin/pdftoppm", ["-r", "80", "-png", "-f", "1", "-l", "1", out + "/report.pdf", out + "/report-page"])
        Self.keep([out + "/overview.png", out + "/report.pdf"] + (try FileManager.default.contentsOfDirectory(atPath: out)
            .filter { $0.hasPrefix("report-page") }.map { out + "/" + $0 }))
    }
}
