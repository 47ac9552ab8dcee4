import Crypto
import Foundation
import GeoKit
import Shanshui
import ShanshuiStore
import ShanshuiTestSupport
import Testing

/// Draws, reports, maps and disclosure over a stored ledger.
@Suite("supervision over the store")
struct SupervisionStoreTests {
    /// A ledger with three flagged cases in a workspace of `kind`.
    static func withFixture(_ kind: StoreKind = .spatiaLite, _ body: (LedgerFixture, any WorkspaceStore, URL) async throws -> Void) async throws {
        try await Workspaces.with(kind) { workspaces in
            let f = try await LedgerFixture.make(in: workspaces, damages: [LedgerFixture.damage(dx: 0.005), LedgerFixture.damage(dx: -0.015),
                                                                           LedgerFixture.damage(dx: 0.025)])
            try await body(f, f.store, workspaces.dir)
        }
    }

    @Test(arguments: StoreKind.available) func drawsAreStoredAndReplayFromTheStore(kind: StoreKind) async throws {
        try await Self.withFixture(kind) { f, store, dir in
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
            #expect(try await store.draw(id: draw.id + 1) == nil)
        }
    }

    /// Tokens keep only hashes; revoked ones stop authenticating but stay listed.
    @Test(arguments: StoreKind.available) func tokensAreStoredAsHashesAndRevoked(kind: StoreKind) async throws {
        try await Workspaces.with(kind) { workspaces in
            let store = try await workspaces.make()
            let hash = SHA256.hex(Array("secret-1".utf8))
            let id = try await store.addToken(APIToken(name: "县局巡查", role: .officer, hash: hash, createdAt: "2026-07-01T00:00:00Z"))
            _ = try await store.addToken(APIToken(name: "viewer", role: .viewer, hash: SHA256.hex(Array("secret-2".utf8)), createdAt: "2026-07-02T00:00:00Z"))
            #expect(try await store.token(hash: hash)?.role == .officer)
            #expect(try await store.token(hash: hash)?.name == "县局巡查")
            await #expect(throws: (any Error).self) {
                try await store.addToken(APIToken(name: "again", role: .viewer, hash: hash, createdAt: "2026-07-03T00:00:00Z"))
            }
            #expect(try await store.revokeToken(id: id, at: "2026-08-01T00:00:00Z"))
            #expect(try await !store.revokeToken(id: id, at: "2026-08-02T00:00:00Z"), "revoked once")
            #expect(try await store.token(hash: hash) == nil)
            let all = try await store.tokens()
            #expect(all.map(\.name) == ["县局巡查", "viewer"])
            #expect(all[0].revokedAt == "2026-08-01T00:00:00Z")
        }
    }

    /// Map layers page through patches by scan and box without loading them all.
    @Test(arguments: StoreKind.available) func patchesArePagedByScanAndBox(kind: StoreKind) async throws {
        try await Self.withFixture(kind) { f, store, _ in
            #expect(try await store.patchCount(PatchQuery()) == 3)
            #expect(try await store.patchCount(PatchQuery(scanID: f.scanID + 1)) == 0)
            let c = LedgerFixture.center
            let east = Envelope(minX: c.x, minY: c.y - 0.01, maxX: c.x + 0.03, maxY: c.y + 0.01)
            #expect(try await store.patchCount(PatchQuery(scanID: f.scanID, box: east)) == 2)
            let pages = [try await store.patches(PatchQuery(), offset: 0, limit: 2), try await store.patches(PatchQuery(), offset: 2, limit: 2)]
            #expect(pages.map(\.count) == [2, 1])
            let ids = pages.flatMap { $0.map(\.id) }
            #expect(ids == ids.sorted() && Set(ids).count == 3)
            let one = try #require(try await store.patch(id: ids[1]))
            #expect(one.areaM2 > 0 && one.scanID == f.scanID)
            #expect(try await store.patch(id: ids.max()! + 1) == nil)
        }
    }

    /// Draws are evidence: the database itself refuses to change or delete one.
    @Test(arguments: StoreKind.available) func storedDrawsCannotBeChanged(kind: StoreKind) async throws {
        try await Workspaces.with(kind) { workspaces in
            let store = try await workspaces.make()
            let draw = InspectionDraw(id: 0, createdAt: "2026-07-01T00:00:00Z", kind: .cells, filter: [], inspectorSource: "r", seed: "s",
                                      inputs: "x", inputsHash: SHA256.hex(Array("x".utf8)),
                                      picks: [DrawPick(target: "321202001001", inspectors: [try Inspector(name: "甲", phone: "13700000001", unit: "队")])])
            let id = try await store.addDraw(draw)
            #expect(try await store.draw(id: id)?.picks.first?.inspectors.first?.phone == "13700000001")
            for sql in ["UPDATE inspection_draw SET seed = 'other'", "DELETE FROM inspection_draw"] {
                let r = try workspaces.rawSQL(sql)
                #expect(r.status != 0 && r.error.contains("append-only"), "\(sql): \(r.error)")
            }
            #expect(try await store.draw(id: id)?.seed == "s")
        }
    }

    @Test func reportTotalsEqualTheLedgerAndTheMapShowsCasesAndZones() async throws {
        try await Self.withFixture { f, store, dir in
            let number = try await f.ledger.list(CaseFilter())[0].number
            try await f.ledger.perform(.transfer(Transfer(department: "公安局", receipt: "1")), on: number, by: "officer")
            let builder = PeriodReportBuilder(ledger: f.ledger, scans: store, registry: f.registry, grid: Grid(store: store))
            let report = try await builder.build(period: try ReportPeriod(parsing: "2026Q2"), today: f.ledger.clock.today)
            let listed = try await f.ledger.list(CaseFilter()).filter { report.period.contains($0.detectedOn) }
            #expect(report.totals.cases == listed.count && listed.count == 3)
            #expect(report.totals.byStatus == Dictionary(grouping: listed, by: \.status).mapValues(\.count))
            #expect(report.totals.newPatches == 3)
            #expect(report.tables.first { $0.id == "transfers" }?.rows.count == 1)
            #expect(try await builder.build(period: try ReportPeriod(parsing: "2026Q3"), today: f.ledger.clock.today).totals.cases == 0)
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
            try await f.ledger.perform(.rectify(plan: "张强 to restore", dueOn: f.ledger.clock.today), on: numbers[0], by: "王伟")
            try await f.ledger.perform(.accept(note: "ok"), on: numbers[0], by: "王伟")
            try await f.ledger.perform(.close, on: numbers[0], by: "王伟")
            let features = try await Disclosure.features(f.ledger)
            #expect(features.count == 1)
            #expect(features[0].properties["outcome"] == "rectified")
            #expect(features[0].properties["finished_on"] == .string(f.ledger.clock.today.description))
            #expect(Set(features[0].properties.keys).isDisjoint(with: CaseFields.personal))
            let text = String(decoding: GeoJSON.encode(features), as: UTF8.self)
            for p in ["王伟", "李娜", "张强", "13800000001", "13800000002", "13800000003", "生态环境局", "evidence"] {
                #expect(!text.contains(p), "the disclosure holds \(p)")
            }
        }
    }
}
