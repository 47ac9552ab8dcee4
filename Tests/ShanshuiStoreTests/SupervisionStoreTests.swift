import Foundation
import GeoKit
import Shanshui
import ShanshuiStore
import ShanshuiTestSupport
import Testing

/// Draws, reports, maps and disclosure over a stored ledger.
@Suite("supervision over the store")
struct SupervisionStoreTests {
    /// A SpatiaLite ledger (draws are kept in the SpatiaLite workspace) with three flagged cases.
    static func withFixture(_ body: (LedgerFixture, SpatiaLiteStore, URL) async throws -> Void) async throws {
        try await Workspaces.with(.spatiaLite) { workspaces in
            let f = try await LedgerFixture.make(in: workspaces, damages: [LedgerFixture.damage(dx: 0.005), LedgerFixture.damage(dx: -0.015),
                                                                           LedgerFixture.damage(dx: 0.025)])
            try await body(f, try #require(f.store as? SpatiaLiteStore), workspaces.dir)
        }
    }

    @Test func drawsAreStoredAndReplayFromTheStore() async throws {
        try await Self.withFixture { f, store, dir in
            #expect(try store.appliedMigrations().last == "v5 inspections")
            let roster = try InspectorRoster.parse(Array("name,phone,unit\n甲,13700000001,队\n乙,13700000002,队\n王伟,13800000001,队\n".utf8), source: "r")
            let targets = try await InspectionTargets(ledger: f.ledger, registry: f.registry, grid: Grid(store: store))
                .gather(.cases, filter: ["status=flagged"], on: try Day("2026-07-01"))
            #expect(targets.count == 3)
            #expect(targets.allSatisfy { $0.people.contains("王伟:13800000001") && $0.cells.contains("321202001001") })
            let inputs = try DrawInputs(kind: .cases, targets: targets, inspectors: roster, count: 2, perTarget: 2)
            var draw = try DoubleRandomDraw.draw(inputs, seed: "s", filter: ["status=flagged"], inspectorSource: "r", at: "2026-07-01T00:00:00Z")
            // 王伟 is the grid head of every case: only 甲 and 乙 can go.
            #expect(draw.picks.allSatisfy { Set($0.inspectors.map(\.name)) == ["甲", "乙"] })
            draw.id = try await store.addDraw(draw)
            let stored = try #require(try await store.draw(id: draw.id))
            #expect(stored.picks.map(\.target) == draw.picks.map(\.target))
            #expect(stored.inputsHash == inputs.hash && stored.filter == ["status=flagged"])
            #expect(try DoubleRandomDraw.replay(stored) == nil)
            #expect(try await store.draws().count == 1)
        }
    }

    @Test func reportTotalsEqualTheLedgerAndTheMapShowsCasesAndZones() async throws {
        try await Self.withFixture { f, store, dir in
            let number = try await f.ledger.list(CaseFilter())[0].number
            try await f.ledger.perform(.transfer(Transfer(department: "公安局", receipt: "1")), on: number, by: "officer")
            let builder = PeriodReportBuilder(ledger: f.ledger, scans: store, registry: f.registry, grid: Grid(store: store))
            let report = try await builder.build(period: try ReportPeriod(parsing: "2026Q2"))
            let listed = try await f.ledger.list(CaseFilter()).filter { report.period.contains($0.detectedOn) }
            #expect(report.totals.cases == listed.count && listed.count == 3)
            #expect(report.totals.byStatus == Dictionary(grouping: listed, by: \.status).mapValues(\.count))
            #expect(report.totals.newPatches == 3)
            #expect(report.tables.first { $0.id == "transfers" }?.rows.count == 1)
            #expect(try await builder.build(period: try ReportPeriod(parsing: "2026Q3")).totals.cases == 0)
            let canvas = try OverviewMap().render(report)
            var colours = Set<RGB>()
            for y in stride(from: 0, to: canvas.height, by: 2) { for x in stride(from: 0, to: canvas.width - 240, by: 2) { colours.insert(canvas.pixel(x: x, y: y)) } }
            #expect(colours.contains(OverviewMap.colour(.flagged)))
            #expect(colours.contains(OverviewMap.colour(.transferred)))
            #expect(colours.contains(RGB(125, 185, 105)), "the core zone is filled")
            let png = dir.appendingPathComponent("map.png").path
            try OverviewMap().write(report, to: png)
            #expect(try Raster.open(png).width == canvas.width)
        }
    }

    @Test func disclosureCarriesNoPersonalData() async throws {
        try await Self.withFixture { f, store, dir in
            let numbers = try await f.ledger.list(CaseFilter()).map(\.number)
            try await f.ledger.perform(.dispatch(to: nil), on: numbers[0], by: "王伟")
            try await f.ledger.perform(.verify(.confirmed), on: numbers[0], by: "王伟", note: "李娜 13800000002 saw it")
            try await f.ledger.perform(.rectify(plan: "张强 to restore", dueOn: .today), on: numbers[0], by: "王伟")
            try await f.ledger.perform(.accept(note: "ok"), on: numbers[0], by: "王伟")
            try await f.ledger.perform(.close, on: numbers[0], by: "王伟")
            let features = try await Disclosure.features(f.ledger)
            #expect(features.count == 1)
            #expect(features[0].properties["outcome"] == "rectified")
            #expect(features[0].properties["finished_on"] == .string(Day.today.description))
            #expect(Set(features[0].properties.keys).isDisjoint(with: CaseFields.personal))
            let text = String(decoding: GeoJSON.encode(features), as: UTF8.self)
            for p in ["王伟", "李娜", "张强", "13800000001", "13800000002", "13800000003", "生态环境局", "evidence"] {
                #expect(!text.contains(p), "the disclosure holds \(p)")
            }
        }
    }
}
