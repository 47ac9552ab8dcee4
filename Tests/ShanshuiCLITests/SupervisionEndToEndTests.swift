import Crypto
import Foundation
import GeoKit
import Shanshui
import ShanshuiTestSupport
import Testing

/// Supervision through the command line: the report agrees with
/// `cases list`, the disclosure holds no personal data, draws re-run and skip the responsible.
@Suite("supervision end to end")
struct SupervisionEndToEndTests {
    /// The world with one case closed as a false positive and one transferred, and the ledger as listed.
    static func actedWorld(in dir: URL) async throws -> (CLIWorkspace, [JSONValue]) {
        let world = try await SupervisionWorld.make(in: dir)
        let numbers = try world.cases().compactMap { $0["number"]?.stringValue }
        #expect(numbers.count == 6)
        try world.run(["cases", "dispatch", numbers[0], "--by", "officer"])
        try world.run(["cases", "verify", numbers[0], "--by", "officer", "--verdict", "false_positive", "--reason", "cloud_or_shadow"])
        try world.run(["cases", "close", numbers[0], "--by", "officer"])
        try world.run(["cases", "transfer", numbers[4], "--by", "officer", "--department", "自然资源局", "--receipt", "R-1"])
        try world.run(["cases", "supervise", numbers[1], "--by", "officer", "--level", "municipal"])
        return (world, try world.cases())
    }

    static func json(_ r: ShanshuiCommand.Result) throws -> JSONValue { try JSONValue.parse(Array(r.stdout.utf8)) }

    static func csvRows(_ path: String) throws -> [[String]] {
        var rows: [[String]] = []
        try CSV.forEachRecord([UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))) { _, f in rows.append(f) }
        return rows
    }

    /// Counts of `cases list --json` rows detected in `period`, by status, overdue and supervised.
    static func ledgerCounts(_ listed: [JSONValue], _ period: String) throws -> [String: Int] {
        let p = try ReportPeriod(parsing: period)
        let rows = try listed.filter { p.contains(try Day($0["detected_on"]?.stringValue ?? "")) }
        var counts = ["cases": rows.count, "overdue": rows.filter { $0["overdue"] == true }.count,
                      "supervised": rows.filter { $0["supervised"] == true }.count]
        for s in CaseStatus.allCases { counts[s.rawValue] = rows.filter { $0["status"]?.stringValue == s.rawValue }.count }
        return counts
    }

    @Test func reportTotalsEqualCasesListForEachPeriod() async throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (world, listed) = try await Self.actedWorld(in: dir)
        for (period, expected) in [("2026H1", 4), ("2026Q3", 2), ("2026", 6), ("2025", 0)] {
            let ledger = try Self.ledgerCounts(listed, period)
            #expect(ledger["cases"] == expected, "\(period)")
            let out = world.path("report-\(period)")
            let totals = try Self.json(world.run(["report", "--period", period, "-o", out, "--json"]))
            var report = ["cases": totals["cases"], "overdue": totals["overdue"], "supervised": totals["supervised"]].mapValues { Int($0?.intValue ?? -1) }
            for s in CaseStatus.allCases { report[s.rawValue] = Int(totals["by_status"]?[s.rawValue]?.intValue ?? -1) }
            #expect(report == ledger, "\(period)")
            #expect(try Self.csvRows(out + "/cases_by_status.csv").last?[2] == String(expected))
            #expect(try String(contentsOfFile: out + "/report.md", encoding: .utf8).contains("| total | 合计 | \(expected) |"))
        }
        let out = world.path("report-2026")
        #expect(try Self.csvRows(out + "/transfers.csv").count == 2)
        #expect(try Self.csvRows(out + "/supervised_cases.csv").count == 1 + (Self.ledgerCounts(listed, "2026")["supervised"] ?? 0))
        let patches = try Self.csvRows(out + "/new_patches.csv")
        #expect(patches.dropFirst().reduce(0) { $0 + (Int($1[3]) ?? 0) } == 6, "six new patches in 2026")
        for file in ["report.html", "overview.png", "summary.csv", "cases_by_area.csv", "overdue_cases.csv"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + file), "\(file)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/overview.png")).starts(with: [0x89, 0x50, 0x4E, 0x47]))
        // Scoped by reserve and by county: every case is in both.
        let scoped = try Self.json(world.run(["report", "--period", "2026", "--reserve", "NR1", "--county", "321202", "-o", world.path("s"), "--json"]))
        #expect(scoped["cases"]?.intValue == 6)
        let village = try Self.json(world.run(["report", "--period", "2026", "--county", "321202001001", "-o", world.path("v"), "--json"]))
        #expect(village["cases"]?.intValue == Int64(listed.filter { $0["village_code"] == "321202001001" }.count))
    }

    @Test func disclosureHoldsClosedAndTransferredCasesWithoutPersonalData() async throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (world, _) = try await Self.actedWorld(in: dir)
        for name in ["public.geojson", "public.csv"] {
            try world.run(["export", "disclosure", "-o", world.path(name)])
            let text = try String(contentsOfFile: world.path(name), encoding: .utf8)
            for p in SupervisionWorld.personal { #expect(!text.contains(p), "\(name) holds \(p)") }
        }
        let features = try GeoJSON.read(Data(contentsOf: URL(fileURLWithPath: world.path("public.geojson"))))
        #expect(features.count == 2)
        for f in features {
            #expect(Set(f.properties.keys).isDisjoint(with: CaseFields.personal))
            #expect(f.properties.keys == Disclosure.fields)
            #expect(f.properties["finished_on"]?.stringValue != nil)
            #expect(f.properties["village_name"]?.stringValue != nil)
        }
        #expect(Set(features.compactMap { $0.properties["outcome"]?.stringValue }) == ["false_positive", "transferred"])
        let csv = try Self.csvRows(world.path("public.csv"))
        #expect(csv.count == 3)
        #expect(Set(csv[0]).isDisjoint(with: CaseFields.personal))
        // The full export, by contrast, does carry the people: the check above is not vacuous.
        try world.run(["export", "cases", "-o", world.path("all.csv")])
        #expect(try String(contentsOfFile: world.path("all.csv"), encoding: .utf8).contains("13800000001"))
        try world.run(["export", "disclosure", "--period", "2026Q3", "-o", world.path("q3.geojson")])
        #expect(try GeoJSON.read(Data(contentsOf: URL(fileURLWithPath: world.path("q3.geojson")))).count == 1)
    }

    @Test func drawsRerunAfterReorderingAndSkipTheResponsible() async throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let world = try await SupervisionWorld.make(in: dir)
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
        // Cases: the head and staff recorded for a case's village never inspect it.
        let cases = try Self.json(world.run(["inspect", "draw", "--targets", "cases", "--n", "6", "--inspectors", world.path("a.csv"),
                                             "--per-target", "2", "--seed", "x", "--json"]))
        let villageOf = Dictionary(uniqueKeysWithValues: try world.cases().compactMap { c in
            c["number"]?.stringValue.flatMap { n in c["village_code"]?.stringValue.map { (n, $0) } }
        })
        for p in cases["picks"]?.arrayValue ?? [] {
            let names = p["inspectors"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            let village = villageOf[p["target"]?.stringValue ?? ""]
            #expect(!(village == "321202001001" && names.contains("王一")))
            #expect(!(village == "321202001002" && names.contains("孙丽")))
            #expect(!(village == "321202001003" && names.contains("郑洁")))
        }
    }
}
