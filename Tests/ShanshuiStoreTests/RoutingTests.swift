import Foundation
import GeoKit
import Shanshui
import ShanshuiTestSupport
import Testing

/// Routing on each store: a case keeps who answered on the detection day and goes to whoever
/// answers now, follows reassignments with an event, and cannot be dispatched to nobody.
@Suite("Routing on each store")
struct RoutingTests {
    static let head = "王伟:13800000001", staff = [try! Person(parsing: "李娜:13800000002"), try! Person(parsing: "张强:13800000003")]

    /// A ledger fixture (reserve, epochs of 2025/2026, no cases) plus Taizhou's districts as cells, unassigned.
    func withGrid(_ kind: StoreKind, _ body: (LedgerFixture, Grid) async throws -> Void) async throws {
        try await Workspaces.with(kind) { workspaces in
            let f = try await LedgerFixture.make(in: workspaces, damages: [])
            let grid = Grid(store: f.store)
            let districts = workspaces.dir.appendingPathComponent("districts.geojson").path
            try VectorSink.write(try GridScene.districtFeatures(wgs84: false), to: districts)
            var options = GridImportOptions(level: .county, codeField: "code")
            options.datum = .gcj02
            _ = try await grid.apply(try GridImport.read(districts, options: options))
            try await body(f, grid)
        }
    }

    /// Flags `damage` in a new scan of the fixture's reserve, detection on `detectedOn`, flagged today.
    func flag(_ damage: Geometry, _ f: LedgerFixture, grid: Grid, detectedOn: Day) async throws -> Case {
        let scanID = try await f.store.createScan(ScanRecord(beforeEpoch: 1, afterEpoch: 2, startedAt: "2026-07-01T00:00:00Z",
                                                             parameters: .object([]), areas: [ScanAreaProgress(areaID: f.area.area.id)]))
        let patch = ScanPatch(scanID: scanID, areaID: f.area.area.id, geometry: damage, activity: "mining", lineage: .new,
                              areaM2: damage.geodesicArea, perimeterM: damage.geodesicLength, confidence: 0.9, properties: .object([]))
        // As a scan asks: today's resolver shares the detection day's choice of cell, the people differ.
        let detectionDay = try await GridResponsibility(grid: grid, day: detectedOn)
        let result = try await CaseFlagger().flag([patch], area: f.area, openCases: [], detectedOn: detectedOn, responsibility: detectionDay,
                                                  routing: try await GridResponsibility(grid: grid, day: f.ledger.clock.today, sharingCellsWith: detectionDay),
                                                  scanID: scanID)
        try await f.store.commitArea(result)
        var filter = CaseFilter()
        filter.scanID = scanID
        return try #require(try await f.store.cases(filter).first)
    }

    @Test(arguments: StoreKind.available) func aCaseGoesToWhoeverIsResponsibleNowAndFollowsReassignments(kind: StoreKind) async throws {
        try await withGrid(kind) { f, grid in
            let detected = try Day("2003-02-06")
            // Nobody assigned yet: the case is unrouted, listed as such, and dispatch names the cell and the fix.
            let first = try await flag(LedgerFixture.damage(dx: 0), f, grid: grid, detectedOn: detected)
            let cell = try #require(first.routing?.cell?.code)
            #expect(!first.isRouted)
            var unrouted = CaseFilter()
            unrouted.unrouted = true
            #expect(try await f.store.cases(unrouted).map(\.id) == [first.id])
            await #expect { try await f.ledger.perform(.dispatch(to: nil), on: first.number, by: "区局") } throws: {
                "\($0)".contains("cell \(cell)") && "\($0)".contains("shanshui grid assign \(cell)")
            }
            // This year's sheet, loaded after the scan of older imagery: the open case is routed, with an event.
            let outcomes = try await grid.assign([try Assignment(cellCode: cell, unit: "海陵区生态环境局", head: try Person(parsing: Self.head),
                                                                 staff: Self.staff, validFrom: try Day("2020-01-01"))])
            #expect(outcomes == [.created])
            #expect(try await f.ledger.reroute(grid: grid).map(\.id) == [first.id])
            #expect(try await f.ledger.reroute(grid: grid).isEmpty, "routing again changes nothing")
            let routed = try await f.ledger.find(first.number)
            #expect(routed.routing?.head == Self.head)
            #expect(routed.routedOn == f.ledger.clock.today)
            #expect(routed.responsibility?.head == nil, "the detection day's record is kept")
            #expect(try await f.store.cases(unrouted).isEmpty)
            #expect(try await f.store.events(caseID: first.id).map(\.action) == ["flag", "reroute"])
            // The same assignment again is already recorded.
            let again = try await grid.assign([try Assignment(cellCode: cell, unit: "海陵区生态环境局", head: try Person(parsing: Self.head),
                                                              staff: Self.staff, validFrom: f.ledger.clock.today)])
            #expect(again == [.unchanged])
            #expect(try await grid.history(cell).assignments.count == 1)

            // A case flagged now goes to today's people on the flagging day, while its record keeps the detection day's.
            let second = try await flag(LedgerFixture.damage(dx: 0.02), f, grid: grid, detectedOn: detected)
            #expect(second.routing?.head == Self.head)
            #expect(second.responsibility?.head == nil)
            #expect(second.responsibility?.cell?.code == cell)

            // A reassignment in force today routes both open cases again; a closed one stays as it was.
            try await f.ledger.perform(.dispatch(to: nil), on: second.number, by: "区局")
            try await f.ledger.perform(.verify(.falsePositive(reason: .cloudOrShadow, text: nil)), on: second.number, by: "李娜")
            try await f.ledger.perform(.close, on: second.number, by: "区局")
            try await grid.assign([try Assignment(cellCode: cell, unit: "海陵区自然资源局", head: try Person(parsing: "王芳:13612345678"),
                                                  staff: Self.staff, validFrom: f.ledger.clock.today.adding(days: -1))])
            #expect(try await f.ledger.reroute(grid: grid).map(\.number) == [first.number])
            #expect(try await f.ledger.find(first.number).routing?.head == "王芳:13612345678")
            #expect(try await f.store.outbox(state: nil).contains { $0.notice.kind == .newCase && $0.notice.recipient == "王芳:13612345678"
                && $0.notice.caseID == first.id }, "the case's new head is told")
            #expect(try await f.ledger.find(second.number).routing?.head == Self.head)
            let notes = try await f.store.events(caseID: first.id).filter { $0.action == "reroute" }.compactMap(\.note)
            #expect(notes.count == 2)
            #expect(notes.last?.contains("王芳") == true && notes.last?.contains("was 海陵区生态环境局") == true)
        }
    }

    /// Today's resolver takes the detection day's cell for an outline only over the same cells:
    /// once villages are drawn inside the district (after the first resolver was made), the
    /// outline goes to its village.
    @Test(arguments: StoreKind.available) func routingSharesTheCellOfAnOutlineOnlyOverTheSameCells(kind: StoreKind) async throws {
        try await withGrid(kind) { f, grid in
            let damage = LedgerFixture.damage(dx: 0), detected = try Day("2003-02-06"), today = f.ledger.clock.today
            let detectionDay = try await GridResponsibility(grid: grid, day: detected)
            let district = try #require(try await detectionDay.responsibility(for: damage, on: detected)?.chain.first)
            #expect(district.level == GridLevel.county.name)
            let same = try await GridResponsibility(grid: grid, day: today, sharingCellsWith: detectionDay)
            #expect(try await same.responsibility(for: damage, on: today)?.chain.map(\.code) == [district.code])
            let county = try await grid.cell(district.code)
            _ = try await grid.apply(GridImportPlan(source: "villages", cells: try GridGenerator.cells(within: county, size: 2000, level: .village)))
            let redrawn = try await GridResponsibility(grid: grid, day: today, sharingCellsWith: detectionDay)
            let village = try await redrawn.responsibility(for: damage, on: today)?.chain
            #expect(village?.first?.level == GridLevel.village.name)
            #expect(village?.dropFirst().first?.code == district.code)
            #expect(try await detectionDay.responsibility(for: damage, on: detected)?.chain.map(\.code) == [district.code],
                    "the resolver made before keeps its own cells")
        }
    }

    @Test(arguments: StoreKind.available) func aFirstImportWithoutADateIsInForceFromAnUnknownStart(kind: StoreKind) async throws {
        try await Workspaces.with(kind) { workspaces in
            let store = try await workspaces.make()
            let registry = Registry(store: store)
            var o = RegistryImportOptions()
            o.kind = .nationalNatureReserve
            o.codeField = "code"
            o.zoneField = "zone"
            let features = ReserveScene.natureReserve(code: "NR1", name: "溱湖", center: LedgerFixture.center)
            let plan = try RegistryImport.plan(features, fields: ["code", "name", "zone", "level"], source: "test", options: o)
            _ = try await registry.apply(plan, options: o)
            let old = try await registry.list(asOf: try Day("2003-02-06"))
            #expect(old.map(\.area.code) == ["NR1"], "older imagery can be scanned")
            #expect(old.first?.version.validFrom == .unknownStart)
            #expect(Day.unknownStart.shown == "unknown start")
            // Changed data is an adjustment, which needs its day.
            let moved = ReserveScene.natureReserve(code: "NR1", name: "溱湖", center: Coordinate(LedgerFixture.center.x + 0.01, LedgerFixture.center.y))
            let changed = try RegistryImport.plan(moved, fields: ["code", "name", "zone", "level"], source: "test", options: o)
            await #expect { try await registry.apply(changed, options: o) } throws: { "\($0)".contains("--effective") }
            // A scan of imagery before every area's start names the areas and their start days.
            var dated = o
            dated.effective = try Day("2020-01-01")
            let other = ReserveScene.natureReserve(code: "NR2", name: "新区", center: Coordinate(LedgerFixture.center.x + 0.5, LedgerFixture.center.y))
            _ = try await registry.apply(try RegistryImport.plan(other, fields: ["code", "name", "zone", "level"], source: "test", options: dated), options: dated)
            let footprint = Geometry.polygon(ReserveScene.square(LedgerFixture.center, half: 0.1))
            for (name, date) in [("2000Q1", "2000-03-17"), ("2003Q1", "2003-02-06")] {
                _ = try await store.addEpoch(Epoch(name: name, date: try Day(date), sensor: "test", paths: ["/dev/null"], bands: nil, mask: nil,
                                                   crs: "EPSG:32651", width: 1, height: 1, bandCount: 4, footprint: footprint))
            }
            let runner = ScanRunner(registry: registry, scans: store, cases: store)
            var request = ScanRunner.Request(before: "2000Q1", after: "2003Q1")
            request.reserves = ["NR2"]
            await #expect { try await runner.start(request) } throws: { "\($0)".contains("NR2 (新区) is not in force on 2003-02-06") }
            request.kinds = [.nationalPark]
            request.reserves = nil
            await #expect { try await runner.start(request) } throws: {
                "\($0)".contains("no protected area to scan on 2003-02-06") && "\($0)".contains("NR1 (溱湖) from unknown start")
                    && "\($0)".contains("NR2 (新区) from 2020-01-01")
            }
        }
    }
}
