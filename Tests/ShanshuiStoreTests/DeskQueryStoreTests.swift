import Foundation
import GeoKit
import Shanshui
import ShanshuiTestSupport
import Testing

/// What the desk view asks of the store, on both stores: the ledger table's filters and order
/// answered in SQL (the same as filtering and sorting every case in Swift), the as-of day on
/// patches, and the search over case numbers, cell codes and names, and reserves.
@Suite("Desk queries in the store")
struct DeskQueryStoreTests {
    @Test(arguments: StoreKind.available) func tableFiltersAndSortsEqualAFullReadSortedInSwift(kind: StoreKind) async throws {
        try await Workspaces.with(kind) { workspaces in
            // Damages of growing size, so overlap and severity differ from case to case.
            let f = try await LedgerFixture.make(in: workspaces, damages: (0..<5).map {
                LedgerFixture.damage(dx: -0.03 + Double($0) * 0.015, half: 0.0005 * Double($0 + 1))
            })
            let day = try Day("2026-07-02")
            try await f.ledger.perform(.dispatch(to: nil), on: "2026-000002", by: "李娜", today: day)
            try await f.ledger.perform(.dispatch(to: nil), on: "2026-000004", by: "李娜", today: day)
            try await f.ledger.perform(.verify(.confirmed), on: "2026-000004", by: "李娜", today: day)
            let everything = try await f.store.cases(CaseFilter())
            #expect(everything.count == 5)
            #expect(Set(everything.map(\.overlapM2)).count == 5, "the damages differ in size")

            for key in CaseSort.Key.allCases {
                for descending in [false, true] {
                    var filter = CaseFilter()
                    filter.sort = CaseSort(key, descending: descending)
                    let sorted = try await f.store.cases(filter, offset: 0, limit: 10).map(\.number)
                    let expected = everything.sorted { a, b in
                        let (x, y) = (Self.sortValue(a, key), Self.sortValue(b, key))
                        if x != y { return descending ? y < x : x < y }
                        return a.id > b.id
                    }.map(\.number)
                    #expect(sorted == expected, "sort \(key) \(descending ? "descending" : "ascending")")
                    #expect(try await f.store.cases(filter, offset: 1, limit: 2).map(\.number) == Array(expected.dropFirst().prefix(2)))
                }
            }

            var filters: [(String, CaseFilter, (Case) -> Bool)] = []
            for severity in Severity.allCases {
                var filter = CaseFilter()
                filter.severity = severity
                filters.append(("severity \(severity)", filter, { $0.severity == severity }))
            }
            for activity in ["mining", "road"] {
                var filter = CaseFilter()
                filter.activity = activity
                filters.append(("activity \(activity)", filter, { $0.activity == activity }))
            }
            for (text, count) in [("2026-06-29", 0), ("2026-06-30", 5)] {
                var filter = CaseFilter()
                filter.detectedBy = try Day(text)
                filters.append(("detected by \(text)", filter, { _ in count > 0 }))
            }
            for (text, any) in [("2026-06-30", true), ("2026-07-01", false)] {  // a report's period starts on its first day
                var filter = CaseFilter()
                filter.detectedFrom = try Day(text)
                filters.append(("detected from \(text)", filter, { _ in any }))
            }
            let due = everything.map(\.dueOn).sorted()[2]
            var dueBy = CaseFilter()
            dueBy.dueBy = due
            filters.append(("due by \(due)", dueBy, { $0.dueOn <= due }))
            for (confidence, any) in [(0.5, true), (0.95, false)] {
                var filter = CaseFilter()
                filter.minConfidence = confidence
                filters.append(("confidence \(confidence)", filter, { _ in any }))  // every fixture patch has 0.9
            }
            var combined = CaseFilter(status: .dispatched)
            combined.activity = "mining"
            combined.sort = CaseSort(.overlapM2, descending: true)
            filters.append(("dispatched mining", combined, { $0.status == .dispatched && $0.activity == "mining" }))
            for (name, filter, keep) in filters {
                var expected = everything.filter(keep)
                if filter.sort != nil { expected.sort { $0.overlapM2 > $1.overlapM2 } }
                #expect(try await f.store.cases(filter).map(\.number) == expected.map(\.number), "\(name)")
                #expect(try await f.store.caseCount(filter) == expected.count, "\(name)")
                #expect(try await f.store.cases(filter, offset: 0, limit: 100).map(\.number) == expected.map(\.number), "\(name)")
            }
        }
    }

    @Test(arguments: StoreKind.available) func patchesOfLaterEpochsAreHiddenAsOfAnEarlierDay(kind: StoreKind) async throws {
        try await Workspaces.with(kind) { workspaces in
            let f = try await LedgerFixture.make(in: workspaces, damages: [LedgerFixture.damage(dx: 0), LedgerFixture.damage(dx: 0.01)])
            var query = PatchQuery()
            #expect(try await f.store.patchCount(query) == 2)
            query.asOf = try Day("2026-06-29")  // the day before the after-epoch
            #expect(try await f.store.patchCount(query) == 0)
            #expect(try await f.store.patches(query, offset: 0, limit: 10).isEmpty)
            query.asOf = try Day("2026-06-30")
            #expect(try await f.store.patchCount(query) == 2)
            #expect(try await f.store.patches(query, offset: 0, limit: 10).count == 2)
        }
    }

    @Test(arguments: StoreKind.available) func searchFindsCasesByNumberCellsByCodeOrNameAndReservesByName(kind: StoreKind) async throws {
        try await Workspaces.with(kind) { workspaces in
            let f = try await LedgerFixture.make(in: workspaces, damages: (0..<3).map { LedgerFixture.damage(dx: Double($0) * 0.01) })
            let grid = Grid(store: f.store)
            let districts = f.dir.appendingPathComponent("districts.geojson").path
            try VectorSink.write(try GridScene.districtFeatures(wgs84: true), to: districts)
            _ = try await grid.apply(try GridImport.read(districts, options: GridImportOptions(level: .county, codeField: "code")))
            let day = try Day("2026-07-01")

            let byNumber = try await f.store.search("000002", day: day, limit: 10)
            #expect(byNumber.map(\.kind) == [.case])
            let hit = try #require(byNumber.first)
            let c = try #require(try await f.store.case("2026-000002"))
            #expect(hit.key == String(c.id) && hit.label == "2026-000002" && hit.detail == "flagged" && hit.code == "溱湖")
            let box = try #require(c.geometry.envelope)
            #expect(abs(hit.box.minX - box.minX) < 1e-6 && abs(hit.box.maxY - box.maxY) < 1e-6, "\(hit.box) vs \(box)")
            // Every case number holds "2026-": all three, the limit keeps two.
            #expect(try await f.store.search("2026-", day: day, limit: 2).filter { $0.kind == .case }.count == 2)
            // As of a day before detection, the cases did not exist yet.
            #expect(try await f.store.search("000002", day: try Day("2026-06-01"), limit: 10).isEmpty)

            let byName = try await f.store.search("海陵", day: day, limit: 10)
            #expect(byName.map(\.key) == ["321202"] && byName.first?.kind == .cell && byName.first?.label == "海陵区")
            #expect(byName.first?.detail == "county")
            let byCode = try await f.store.search("321204", day: day, limit: 10)
            #expect(byCode.map(\.label) == ["姜堰区"])

            let reserve = try await f.store.search("溱湖", day: day, limit: 10)
            #expect(reserve.map(\.kind) == [.area] && reserve.first?.key == String(f.area.area.id) && reserve.first?.code == "NR1")
            #expect(reserve.first.map { $0.box.minX < LedgerFixture.center.x && LedgerFixture.center.x < $0.box.maxX } == true)
            #expect(try await f.store.search("nr1", day: day, limit: 10).map(\.kind) == [.area], "codes match whatever their case")
            // Before the reserve was established it is not found; LIKE's wildcards are taken literally.
            #expect(try await f.store.search("溱湖", day: try Day("2019-01-01"), limit: 10).isEmpty)
            #expect(try await f.store.search("%", day: day, limit: 10).isEmpty)
            #expect(try await f.store.search("_", day: day, limit: 10).isEmpty)
        }
    }

    /// The value a sort key orders by, as the store must order it (lifecycle and severity ranks).
    static func sortValue(_ c: Case, _ key: CaseSort.Key) -> String {
        switch key {
        case .number: c.number
        case .status: String(CaseStatus.allCases.firstIndex(of: c.status)!)
        case .severity: String(Severity.allCases.firstIndex(of: c.severity)!)
        case .activity: c.activity
        case .detectedOn: c.detectedOn.description
        case .dueOn: c.dueOn.description
        case .overlapM2: String(format: "%020.3f", c.overlapM2)
        case .areaName: c.area.name
        }
    }
}
