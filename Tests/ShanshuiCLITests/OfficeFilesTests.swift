import Foundation
import GeoKit
import ShanshuiTestSupport
import Testing

/// Data as Chinese offices hold it: GBK sheets and Shapefiles, tables for Excel and WPS,
/// Shapefiles with short field names, and registry imports that never silently drop zones.
@Suite("office files")
struct OfficeFilesTests {
    typealias Workspace = ReservesCommandTests.Workspace

    func json(_ result: ShanshuiCommand.Result) throws -> JSONValue {
        try JSONValue.parse(Array(result.stdout.utf8))
    }

    /// The assignment `grid show` gives a cell on a day (nil or null when none).
    func assignment(_ ws: Workspace, _ code: String, on day: String) throws -> JSONValue? {
        try json(try ws.run(["grid", "show", code, "--as-of", day, "--json"]))["chain"]?.arrayValue?.first?["assignment"]
    }

    /// A workspace holding the GBK reserve fixture (no .cpg), imported with every flag.
    func withGBKReserve(_ body: (Workspace) throws -> Void) throws {
        try Fixture.withTemporaryDirectory { dir in
            let ws = Workspace(dir: dir)
            #expect(try ws.run(["init"]).status == 0)
            for ext in ["shp", "shx", "dbf", "prj"] {
                try FileManager.default.copyItem(atPath: Fixture.path("office/reserve_gbk.\(ext)"), toPath: ws.file("reserve_gbk.\(ext)"))
            }
            let run = try ws.run(["reserves", "import", ws.file("reserve_gbk.shp"), "--code-field", "BH", "--name-field", "MC",
                                  "--zone-field", "GNQ", "--level-field", "JB", "--kind", "provincial_nature_reserve",
                                  "--effective", "2020-01-01"])
            #expect(run.status == 0, "\(run.stderr)")
            try body(ws)
        }
    }

    // MARK: item 1, encodings

    @Test func gbkShapefileWithoutCpgImportsChineseNamesAndSaysSo() throws {
        try withGBKReserve { ws in
            let shown = try json(try ws.run(["reserves", "show", "NR32", "--json"]))
            #expect(shown["name"]?.stringValue == "溱湖湿地省级自然保护区")
            #expect(shown["level"]?.stringValue == "省级")
            #expect(shown["zones"]?.arrayValue?.count == 3)
            #expect(!(try ws.snapshot()).contains("\u{FFFD}"))
            // The detection is said in one line; forcing UTF-8 refuses the file, naming feature and field.
            let again = try ws.run(["reserves", "import", ws.file("reserve_gbk.shp"), "--code-field", "BH", "--name-field", "MC",
                                    "--zone-field", "GNQ", "--level-field", "JB", "--kind", "provincial_nature_reserve",
                                    "--effective", "2020-01-01"])
            #expect(again.stderr.split(separator: "\n").filter { $0.contains("GB18030") }.count == 1, "\(again.stderr)")
            #expect(again.stdout.contains("nothing changed"))
            let forced = try ws.run(["reserves", "import", ws.file("reserve_gbk.shp"), "--code-field", "BH", "--name-field", "MC",
                                     "--kind", "provincial_nature_reserve", "--encoding", "utf-8"])
            #expect(forced.status != 0)
            #expect(forced.stderr.contains("feature 0, field BH") || forced.stderr.contains("feature 0, field MC"), "\(forced.stderr)")
            #expect(forced.stderr.contains("not UTF-8"))
            // A .cpg wins over detection.
            try Data("UTF-8".utf8).write(to: URL(fileURLWithPath: ws.file("reserve_gbk.cpg")))
            let withCPG = try VectorSource(path: ws.file("reserve_gbk.shp"))
            #expect(withCPG.text == .declared)
        }
    }

    @Test func gbkAssignmentSheetIsReadAsChineseAndSaysSo() throws {
        try GridCommandTests().withTaizhou { ws in
            #expect(try ws.run(["grid", "generate", "--within", "321202", "--size", "2000", "--level", "village"]).status == 0)
            let run = try ws.run(["grid", "assign", "--csv", Fixture.path("office/assignment_sheet_gbk.csv"), "--effective", "2025-01-01"])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stderr.contains("GB18030"), "\(run.stderr)")
            let shown = try json(try ws.run(["grid", "show", "321202000001", "--as-of", "2025-02-01", "--json"]))
            let assignment = shown["chain"]?.arrayValue?.first?["assignment"]
            #expect(assignment?["unit"]?.stringValue == "城东街道办事处")
            #expect(assignment?["head"]?["name"]?.stringValue == "王芳")
            #expect(assignment?["staff"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["刘洋", "陈静"])
        }
    }

    @Test func excelDatesAreReadAndShortenedNumbersRefusedWithTheFix() throws {
        try GridCommandTests().withTaizhou { ws in
            #expect(try ws.run(["grid", "generate", "--within", "321202", "--size", "2000", "--level", "village"]).status == 0)
            // GBK, CRLF, 2025/3/1 and rows of bare commas below the table: a sheet saved by Excel on
            // Chinese Windows, imported as it is.
            let run = try ws.run(["grid", "assign", "--csv", Fixture.path("office/assignment_sheet_excel_dates_gbk.csv")])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(try assignment(ws, "321202000001", on: "2025-02-28")?["head"] == nil)
            #expect(try assignment(ws, "321202000001", on: "2025-03-01")?["head"]?["name"]?.stringValue == "王芳")
            #expect(try assignment(ws, "321202000002", on: "2025-03-14")?["head"] == nil)
            #expect(try assignment(ws, "321202000002", on: "2025-03-15")?["head"]?["name"]?.stringValue == "周杰")
            // Saved as "CSV UTF-8" with the phone column left as General: Excel wrote 1.37123E+10.
            let history = try ws.run(["grid", "history", "321202000003"]).stdout
            try Data(("\u{FEFF}网格编码,责任单位,姓名,电话,职务,生效日期\r\n321202000003,城东街道办事处,陈静,1.37123E+10,网格长,2025/3/1\r\n").utf8)
                .write(to: URL(fileURLWithPath: ws.file("shortened.csv")))
            let shortened = try ws.run(["grid", "assign", "--csv", ws.file("shortened.csv")])
            #expect(shortened.status != 0)
            #expect(shortened.stderr.contains("row 1 (line 2)") && shortened.stderr.contains("陈静"), "\(shortened.stderr)")
            #expect(shortened.stderr.contains("scientific notation") && shortened.stderr.contains("Text (文本)"), "\(shortened.stderr)")
            #expect(try ws.run(["grid", "history", "321202000003"]).stdout == history)
        }
    }

    @Test func workbookSheetIsReadLikeItsCSVAndABrokenOneIsRefused() throws {
        try GridCommandTests().withTaizhou { ws in
            #expect(try ws.run(["grid", "generate", "--within", "321202", "--size", "2000", "--level", "village"]).status == 0)
            // Codes and phones typed as numbers, the first day as a date cell: as Excel keeps them.
            let run = try ws.run(["grid", "assign", "--sheet", Fixture.path("office/assignment_sheet.xlsx")])
            #expect(run.status == 0, "\(run.stderr)")
            let first = try assignment(ws, "321202000001", on: "2025-03-01")
            #expect(first?["head"]?["name"]?.stringValue == "王芳")
            #expect(first?["head"]?["phone"]?.stringValue == "13612345678")
            #expect(first?["staff"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["刘洋", "陈静"])
            #expect(try assignment(ws, "321202000001", on: "2025-02-28")?["head"] == nil)
            #expect(try assignment(ws, "321202000002", on: "2025-03-15")?["head"]?["name"]?.stringValue == "周杰")
            // A workbook cut short (a failed download) is refused naming it; nothing more is stored.
            let history = try ws.run(["grid", "history", "321202000003"]).stdout
            let bytes = try Data(contentsOf: URL(fileURLWithPath: Fixture.path("office/assignment_sheet.xlsx")))
            try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: ws.file("cut.xlsx")))
            let cut = try ws.run(["grid", "assign", "--sheet", ws.file("cut.xlsx")])
            #expect(cut.status != 0)
            #expect(cut.stderr.contains("cut.xlsx"), "\(cut.stderr)")
            #expect(try ws.run(["grid", "history", "321202000003"]).stdout == history)
        }
    }

    @Test func workbookOfFieldPointsIsLookedUp() throws {
        try GridCommandTests().withTaizhou { ws in
            // A survey list as offices keep it: 经度/纬度 in number cells of an .xlsx (no geometry).
            let points: [Feature] = [
                Feature(geometry: nil, properties: ["编号": .string("A1"), "经度": .double(119.915), "纬度": .double(32.49)]),
                Feature(geometry: nil, properties: ["编号": .string("A2"), "经度": .double(120.0), "纬度": .double(32.9)]),
            ]
            try VectorSink.write(points, to: ws.file("points.xlsx"))
            let run = try ws.run(["grid", "lookup", "--file", ws.file("points.xlsx"), "-o", ws.file("found.csv")])
            #expect(run.status == 0, "\(run.stderr)")
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: ws.file("found.csv"))), as: UTF8.self)
            let rows = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            #expect(rows.count == 3)
            let code = try #require(rows.first?.firstIndex(of: "cell_code"))
            #expect(rows[1].first == "A1" && rows[1][code] == "321202", "\(rows)")
            #expect(rows[2].first == "A2" && rows[2][code] == "321281", "\(rows)")
        }
    }

    @Test func sheetInNeitherEncodingIsRefusedNamingTheLine() throws {
        try GridCommandTests().withTaizhou { ws in
            #expect(try ws.run(["grid", "generate", "--within", "321202", "--size", "2000", "--level", "village"]).status == 0)
            var bytes = Array("cell_code,unit,head,staff\n321202000001,城东,王芳:13612345678,\"刘洋:13712345678,陈静:13512345678\"\n".utf8)
            bytes += Array("321202000002,".utf8) + [0xFF, 0xFE, 0x80] + Array(",周杰:13412345678,\"吴敏:13312345678,郑磊:13312345679\"\n".utf8)
            try Data(bytes).write(to: URL(fileURLWithPath: ws.file("bad.csv")))
            let run = try ws.run(["grid", "assign", "--csv", ws.file("bad.csv"), "--effective", "2025-01-01"])
            #expect(run.status != 0)
            #expect(run.stderr.contains("line 3"), "\(run.stderr)")
            #expect(run.stderr.contains("neither UTF-8 nor GB18030"))
            #expect(try ws.run(["grid", "history", "321202000001"]).stdout.contains("no assignments"))
            // Text that was garbled before (replacement characters) is refused too.
            try Data("cell_code,unit,head,staff\n321202000001,\u{FFFD}\u{FFFD},王芳:13612345678,\"刘洋:13712345678,陈静:13512345678\"\n".utf8)
                .write(to: URL(fileURLWithPath: ws.file("garbled.csv")))
            let garbled = try ws.run(["grid", "assign", "--csv", ws.file("garbled.csv")])
            #expect(garbled.status != 0)
            #expect(garbled.stderr.contains("line 2"))
        }
    }

    // MARK: item 2, tables for Excel and WPS

    @Test func csvExportsOpenInExcelWithoutSidecars() throws {
        try withGBKReserve { ws in
            #expect(try ws.run(["export", "reserves", "-o", ws.file("areas.shp"), "--as-of", "2021-01-01", "--zones"]).status == 0)
            let prj = try String(contentsOfFile: ws.file("areas.prj"), encoding: .utf8)
            #expect(try ws.run(["export", "reserves", "-o", ws.file("areas.csv"), "--as-of", "2021-01-01", "--zones"]).status == 0)
            #expect(try String(contentsOfFile: ws.file("areas.prj"), encoding: .utf8) == prj)
            let files = try FileManager.default.contentsOfDirectory(atPath: ws.dir.path)
            #expect(!files.contains("areas.csvt"))
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: ws.file("areas.csv"))))
            #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
            let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
            let header = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            #expect(header.hasSuffix("lon,lat"), "\(header)")
            #expect(!header.contains("WKT"))
            #expect(text.contains("溱湖湿地省级自然保护区"))
            let core = try #require(text.split(whereSeparator: \.isNewline).first { $0.contains(",core,") })
            let lonLat = core.split(separator: ",").suffix(2).compactMap { Double($0) }
            #expect(lonLat.count == 2 && abs(lonLat[0] - 120.0) < 0.01 && abs(lonLat[1] - 32.45) < 0.01, "\(core)")

            #expect(try ws.run(["export", "reserves", "-o", ws.file("wkt.csv"), "--wkt", "--no-bom"]).status == 0)
            let wkt = try String(contentsOfFile: ws.file("wkt.csv"), encoding: .utf8)
            #expect(wkt.hasPrefix("WKT,"))
            #expect(wkt.contains("POLYGON"))
        }
    }

    @Test func xlsxExportHasChineseHeadersAndRealDates() throws {
        try withGBKReserve { ws in
            #expect(try ws.run(["export", "reserves", "-o", ws.file("areas.xlsx"), "--zones"]).status == 0)
            let layer = try VectorSource(path: ws.file("areas.xlsx")).layer()
            let fields = Dictionary(uniqueKeysWithValues: layer.fields.map { ($0.name, $0.type) })
            #expect(fields["名称"] == "String")
            #expect(fields["功能区"] == "String")
            #expect(fields["生效日期"] == "Date")
            #expect(fields["经度"] == "Real")
            var names: [String] = []
            try layer.forEachFeature { _, f in names.append(f.properties["名称"]?.stringValue ?? "") }
            #expect(names == Array(repeating: "溱湖湿地省级自然保护区", count: 3))
            var zones: [String] = []
            try layer.forEachFeature { _, f in zones.append(f.properties["功能区"]?.stringValue ?? "") }
            #expect(zones == ["核心区", "缓冲区", "实验区"])
        }
    }

    // MARK: item 4, registry safety

    @Test func adjustAndReimportKeepZonesTheFileDoesNotCarry() throws {
        try withGBKReserve { ws in
            let bigger = Feature(geometry: .polygon(ReserveScene.square(Coordinate(120.0, 32.45), half: 0.035)),
                                 properties: ["name": "溱湖湿地省级自然保护区"])
            try VectorSink.write([bigger], to: ws.file("new-boundary.geojson"))
            // The README's own form: no --zone-field.
            let adjust = try ws.run(["reserves", "adjust", "NR32", ws.file("new-boundary.geojson"), "--effective", "2023-07-01",
                                     "--change", "adjust", "--instrument", "苏政复〔2023〕12号"])
            #expect(adjust.status == 0, "\(adjust.stderr)")
            #expect(adjust.stderr.contains("kept zones core, buffer, experimental"), "\(adjust.stderr)")
            let shown = try json(try ws.run(["reserves", "show", "NR32", "--json"]))
            #expect(shown["zones"]?.arrayValue?.compactMap { $0["kind"]?.stringValue } == ["core", "buffer", "experimental"])
            #expect(shown["level"]?.stringValue == "省级")
            // The new ring outside the old zones is a gap the check reports; nothing is silently lost.
            let check = try ws.run(["reserves", "check"])
            #expect(check.status == 2)
            #expect(check.stdout.contains("gap"))

            // Re-running the first import without --zone-field, --level-field and --effective would
            // now change the boundary back: it stops and names the change instead of recording it from today.
            let versionsBefore = try json(try ws.run(["reserves", "show", "NR32", "--json"]))["versions"]?.arrayValue?.count
            let same = try ws.run(["reserves", "import", ws.file("reserve_gbk.shp"), "--code-field", "BH", "--name-field", "MC",
                                   "--kind", "provincial_nature_reserve"])
            #expect(same.status != 0)
            #expect(same.stderr.contains("would change"), "\(same.stderr)")
            #expect(same.stderr.contains("boundary"), "\(same.stderr)")
            #expect(same.stderr.contains("--effective"))
            let after = try json(try ws.run(["reserves", "show", "NR32", "--json"]))
            #expect(after["versions"]?.arrayValue?.count == versionsBefore)
            #expect(after["level"]?.stringValue == "省级")
        }
    }

    @Test func reimportWithoutZoneAndLevelFlagsChangesNothing() throws {
        try withGBKReserve { ws in
            let rerun = try ws.run(["reserves", "import", ws.file("reserve_gbk.shp"), "--code-field", "BH", "--name-field", "MC",
                                    "--kind", "provincial_nature_reserve"])
            #expect(rerun.status == 0, "\(rerun.stderr)")
            #expect(rerun.stdout.contains("nothing changed"), "\(rerun.stdout)")
            #expect(rerun.stderr.contains("kept its level 省级 and zones core, buffer, experimental"), "\(rerun.stderr)")
            let shown = try json(try ws.run(["reserves", "show", "NR32", "--json"]))
            #expect(shown["versions"]?.arrayValue?.count == 1)
            #expect(shown["level"]?.stringValue == "省级")
        }
    }

    @Test func natureReserveWithoutZonesIsACheckError() throws {
        try Fixture.withTemporaryDirectory { dir in
            let ws = Workspace(dir: dir)
            #expect(try ws.run(["init"]).status == 0)
            try VectorSink.write([Feature(geometry: .polygon(ReserveScene.square(Coordinate(120.0, 32.45), half: 0.02)),
                                          properties: ["code": "NR9", "name": "无分区保护区"])], to: ws.file("nr.geojson"))
            #expect(try ws.run(["reserves", "import", ws.file("nr.geojson"), "--code-field", "code",
                                "--kind", "county_nature_reserve", "--effective", "2020-01-01"]).status == 0)
            let check = try ws.run(["reserves", "check"])
            #expect(check.status == 2)
            #expect(check.stdout.contains("no_zones"))
            #expect(check.stdout.contains("NR9"))
        }
    }
}
