import Foundation
import GeoKit
import Shanshui
import ShanshuiTestSupport
import Testing

/// Supervision through the command line on the scanned scene: the report agrees with
/// `cases list`, the disclosure holds no personal data, draws re-run and skip the responsible.
@Suite("supervision end to end", .serialized)
struct SupervisionEndToEndTests {
    typealias World = ScanEndToEndTests.World

    /// Grid people of the scene (heads of the four villages, shared staff) as they must never appear in public.
    static let personal = ["13800000001", "13800000002", "13800000003", "13800000004", "13900000001", "13900000002",
                           "王一", "王二", "赵甲", "钱乙", "村委会"]

    /// The scene scanned, with one case closed as a false positive, one transferred and one listed.
    static func scannedWorld(in dir: URL) throws -> (World, [JSONValue]) {
        let world = try ScanEndToEndTests.makeWorld(in: dir)
        try world.run(["scan", "E1", "E2", "--buffer", "200", "--quiet"])
        let numbers = try world.cases().compactMap { $0["number"]?.stringValue }
        #expect(numbers.count >= 3)
        try world.run(["cases", "dispatch", numbers[0], "--by", "officer"])
        try world.run(["cases", "verify", numbers[0], "--by", "officer", "--verdict", "false_positive", "--reason", "cloud_or_shadow"])
        try world.run(["cases", "close", numbers[0], "--by", "officer"])
        try world.run(["cases", "transfer", numbers[1], "--by", "officer", "--department", "自然资源局", "--receipt", "R-1"])
        return (world, try world.cases())
    }

    static func json(_ r: ShanshuiCommand.Result) throws -> JSONValue { try JSONValue.parse(Array(r.stdout.utf8)) }

    static func csvRows(_ path: String) throws -> [[String]] {
        var rows: [[String]] = []
        try CSV.forEachRecord([UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))) { _, f in rows.append(f) }
        return rows
    }

    @Test func reportTotalsEqualTheLedgerAndDisclosureHoldsNoPersonalData() throws {
        try Fixture.withTemporaryDirectory { dir in
            let (world, listed) = try Self.scannedWorld(in: dir)
            // Period membership: detection day (the after epoch, 2026-06-20) inside the period.
            let period = try ReportPeriod(parsing: "2026H1")
            let inPeriod = try listed.filter { period.contains(try Day($0["detected_on"]?.stringValue ?? "")) }
            let out = world.path("report")
            let totals = try Self.json(world.run(["report", "--period", "2026H1", "-o", out, "--json"]))
            #expect(totals["cases"]?.intValue == Int64(inPeriod.count))
            for s in CaseStatus.allCases {
                #expect(totals["by_status"]?[s.rawValue]?.intValue == Int64(inPeriod.filter { $0["status"]?.stringValue == s.rawValue }.count), "\(s)")
            }
            #expect(totals["overdue"]?.intValue == Int64(inPeriod.filter { $0["overdue"] == true }.count))
            #expect(totals["supervised"]?.intValue == Int64(inPeriod.filter { $0["supervised"] == true }.count))
            let byStatus = try Self.csvRows(out + "/cases_by_status.csv")
            #expect(byStatus.last?[2] == String(inPeriod.count))
            #expect(try Self.csvRows(out + "/transfers.csv").count == 2)
            for file in ["report.md", "report.html", "overview.png", "summary.csv", "new_patches.csv", "overdue_cases.csv", "supervised_cases.csv"] {
                #expect(FileManager.default.fileExists(atPath: out + "/" + file), "\(file)")
            }
            let png = try Data(contentsOf: URL(fileURLWithPath: out + "/overview.png"))
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
            #expect(try String(contentsOfFile: out + "/report.md", encoding: .utf8).contains("| total | 合计 | \(inPeriod.count) |"))
            // Another period holds none of them; one reserve and one county hold them all.
            #expect(try Self.json(world.run(["report", "--period", "2026Q3", "-o", world.path("q3"), "--json"]))["cases"]?.intValue == 0)
            #expect(try Self.json(world.run(["report", "--period", "2026", "--reserve", "NR-T", "--county", "321202", "-o", world.path("y"),
                                             "--json"]))["cases"]?.intValue == Int64(inPeriod.count))

            for name in ["public.geojson", "public.csv"] {
                try world.run(["export", "disclosure", "-o", world.path(name)])
                let text = try String(contentsOfFile: world.path(name), encoding: .utf8)
                for p in Self.personal { #expect(!text.contains(p), "\(name) holds \(p)") }
            }
            let features = try GeoJSON.read(Data(contentsOf: URL(fileURLWithPath: world.path("public.geojson"))))
            #expect(features.count == 2)
            for f in features {
                #expect(Set(f.properties.keys).isDisjoint(with: CaseFields.personal))
                #expect(f.properties.keys == Disclosure.fields)
                #expect(f.properties["finished_on"]?.stringValue != nil)
            }
            #expect(Set(features.compactMap { $0.properties["outcome"]?.stringValue }) == ["false_positive", "transferred"])
            #expect(try Self.csvRows(world.path("public.csv")).count == 3)
        }
    }

    @Test func drawsRerunAfterReorderingAndSkipTheResponsible() throws {
        try Fixture.withTemporaryDirectory { dir in
            let world = try ScanEndToEndTests.makeWorld(in: dir)
            let rows = ["王一,13800000001,县执法大队,", "孙丽,13700000001,县执法大队,321202001002", "周明,13700000002,市执法支队,",
                        "吴刚,13700000003,市执法支队,", "郑洁,13700000004,县林业局,321202001003"]
            try Data(("name,phone,unit,cells\n" + rows.joined(separator: "\n")).utf8).write(to: URL(fileURLWithPath: world.path("a.csv")))
            try Data(("姓名,单位,电话,网格\n" + rows.reversed().map { r in
                let f = r.split(separator: ",", omittingEmptySubsequences: false)
                return [f[0], f[2], f[1], f[3]].joined(separator: ",")
            }.joined(separator: "\n")).utf8).write(to: URL(fileURLWithPath: world.path("b.csv")))
            func draw(_ roster: String) throws -> JSONValue {
                try Self.json(world.run(["inspect", "draw", "--targets", "cells", "--filter", "level=village", "--n", "4",
                                         "--inspectors", world.path(roster), "--per-target", "2", "--seed", "2026-07-01", "--json"]))
            }
            let a = try draw("a.csv"), b = try draw("b.csv")
            #expect(a["inputs_sha256"] == b["inputs_sha256"])
            #expect(a["picks"] == b["picks"])
            let picks = a["picks"]?.arrayValue ?? []
            #expect(picks.count == 4)
            for p in picks {
                let names = p["inspectors"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
                let cell = p["target"]?.stringValue
                #expect(names.count == 2)
                #expect(!(cell == "321202001001" && names.contains("王一")), "the head of 321202001001 inspects it")
                #expect(!(cell == "321202001002" && names.contains("孙丽")))
                #expect(!(cell == "321202001003" && names.contains("郑洁")))
            }
            let verify = try world.run(["inspect", "verify", "1"])
            #expect(verify.status == 0)
            #expect(verify.stdout.contains("reproduced"))
            #expect(verify.stdout.contains("same inputs"))
            #expect(try world.run(["inspect", "list"]).stdout.contains("2026-07-01"))
            let inputs = world.path("inputs.txt")
            try world.run(["inspect", "show", "2", "--inputs", inputs])
            #expect(SHA256.hex(try Data(contentsOf: URL(fileURLWithPath: inputs))) == a["inputs_sha256"]?.stringValue)
            // A roster change is reported, and fails only under --strict.
            try Data("name,phone,unit\n周明,13700000002,市执法支队\n吴刚,13700000003,市执法支队\n".utf8).write(to: URL(fileURLWithPath: world.path("c.csv")))
            let changed = try world.run(["inspect", "verify", "1", "--inspectors", world.path("c.csv"), "--strict"], expectSuccess: false)
            #expect(changed.status != 0)
            #expect(changed.stdout.contains("3 gone"))
        }
    }
}
