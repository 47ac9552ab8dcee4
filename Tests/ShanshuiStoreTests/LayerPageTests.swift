import Foundation
import GeoKit
import Shanshui
import ShanshuiTestSupport
import Testing

/// Layer pages (`LayerPageStore`) give the same answers as a full scan filtered in memory, on
/// each store: counts, pages walked end to end, boxes by geometry, as-of days and single items.
@Suite("Layer pages on each store")
struct LayerPageTests {
    static let center = LedgerFixture.center
    static let day = try! Day("2026-06-30")

    /// The reserve (with zones) and its cases from `LedgerFixture`, a red line beside it and a
    /// 4×3 grid of cells over both, some assigned (one reassigned after `day`).
    func withLayers(_ kind: StoreKind, _ body: (LedgerFixture, Workspaces) async throws -> Void) async throws {
        try await Workspaces.with(kind) { workspaces in
            let damages = (0..<7).map { LedgerFixture.damage(dx: Double($0) * 0.004 - 0.012) }
            let f = try await LedgerFixture.make(in: workspaces, damages: damages)
            var o = RegistryImportOptions(effective: try Day("2021-01-01"))
            o.kind = .ecologicalRedLine
            o.codeField = "code"
            let redLine = ReserveScene.redLine(code: "RL1", name: "红线", center: Coordinate(Self.center.x + 0.05, Self.center.y), half: 0.015)
            _ = try await f.registry.apply(try RegistryImport.plan([redLine], fields: ["code", "name"], source: "test", options: o), options: o)
            var batch = GridBatch()
            for row in 0..<3 {
                for col in 0..<4 {
                    let c = Coordinate(Self.center.x - 0.03 + Double(col) * 0.03, Self.center.y - 0.02 + Double(row) * 0.02)
                    let code = String(format: "3212020010%02d", row * 4 + col)
                    batch.newCells.append(GridCell(code: code, name: "村\(row * 4 + col)", level: .village, parentCode: nil,
                                                   geometry: .polygon(ReserveScene.square(c, half: 0.01))))
                    guard col % 2 == 0 else { continue }
                    let head = try Person(name: "头\(code.suffix(2))", phone: "1380000\(code.suffix(4))")
                    let staff = [try Person(name: "甲", phone: "13900000001"), try Person(name: "乙", phone: "13900000002")]
                    batch.assignments.append(try Assignment(cellCode: code, unit: "单位\(code.suffix(2))", head: head, staff: staff,
                                                            validFrom: try Day("2025-01-01")))
                    if row == 0 && col == 0 {
                        batch.assignments.append(try Assignment(cellCode: code, unit: "新单位", head: head, staff: staff,
                                                                validFrom: try Day("2026-07-01")))
                    }
                }
            }
            try await f.store.commit(batch)
            try await body(f, workspaces)
        }
    }

    /// Every row a paged read gives, walked `limit` at a time.
    func walk<T>(_ limit: Int, _ page: (_ offset: Int, _ limit: Int) async throws -> [T]) async throws -> [T] {
        var out: [T] = []
        while true {
            let rows = try await page(out.count, limit)
            out += rows
            if rows.count < limit { return out }
        }
    }

    /// True when `geometry` meets the box (always without one): the reference a store's SQL must match.
    func meets(_ box: Envelope?, _ geometry: Geometry?) throws -> Bool {
        guard let box else { return true }
        guard let geometry else { return false }
        return try PreparedGeometry(box.polygon).intersects(geometry)
    }

    static let boxes: [Envelope?] = [
        nil,
        Envelope(minX: center.x - 0.006, minY: center.y - 0.002, maxX: center.x + 0.001, maxY: center.y + 0.002),
        // Meets the reserve's bounding box but only its experimental zone's hole side: envelope is not enough.
        Envelope(minX: center.x + 0.012, minY: center.y + 0.012, maxX: center.x + 0.014, maxY: center.y + 0.014),
        Envelope(minX: center.x + 0.04, minY: center.y - 0.03, maxX: center.x + 0.06, maxY: center.y + 0.03),
        Envelope(minX: 10, minY: 10, maxX: 11, maxY: 11),
    ]

    @Test(arguments: StoreKind.available) func areasZonesAndRedLinesMatchAFullScan(kind: StoreKind) async throws {
        try await withLayers(kind) { f, _ in
            let store = f.store
            let all = try await f.registry.list(asOf: Self.day)
            #expect(all.count == 2)
            for box in Self.boxes {
                for kindFilter in [nil, ProtectedAreaKind.ecologicalRedLine] {
                    let expected = try all.filter { try meets(box, $0.version.geometry) && (kindFilter == nil || $0.area.kind == kindFilter) }
                    let q = AreaQuery(day: Self.day, box: box, kind: kindFilter)
                    #expect(try await store.areaCount(q) == expected.count, "box \(String(describing: box))")
                    let paged = try await walk(1) { try await store.areas(q, offset: $0, limit: $1) }
                    #expect(paged.map(\.area) == expected.map(\.area))
                    #expect(paged.map(\.version.id) == expected.map(\.version.id))
                    #expect(paged.map(\.version.areaKm2) == expected.map(\.version.areaKm2))
                }
                let zones = try all.flatMap { item in item.version.zones.map { (item.area.id, $0) } }.filter { try meets(box, $0.1.geometry) }
                let q = AreaQuery(day: Self.day, box: box)
                #expect(try await store.zoneCount(q) == zones.count, "box \(String(describing: box))")
                let paged = try await walk(2) { try await store.zones(q, offset: $0, limit: $1) }
                #expect(paged.map(\.area.id) == zones.map(\.0))
                #expect(paged.map(\.zone) == zones.map(\.1))
            }
            // As of a day before the reserve's first version only the red line... neither is in force.
            #expect(try await store.areaCount(AreaQuery(day: try Day("2019-01-01"))) == 0)
            #expect(try await store.areaCount(AreaQuery(day: try Day("2021-06-01"))) == 2)
            // One item by key.
            let one = try await store.areas(AreaQuery(day: Self.day, areaID: all[1].area.id), offset: 0, limit: 1)
            #expect(one.map(\.area) == [all[1].area])
            let core = try await store.zones(AreaQuery(day: Self.day, areaID: all[0].area.id, zone: .core), offset: 0, limit: 5)
            #expect(core.map(\.zone.kind) == [.core])
        }
    }

    @Test(arguments: StoreKind.available) func cellsAndTheirPeopleMatchAFullScan(kind: StoreKind) async throws {
        try await withLayers(kind) { f, _ in
            let store = f.store
            let all = try await store.cells()
            #expect(all.count == 12)
            for box in Self.boxes {
                let expected = try all.filter { try meets(box, $0.geometry) }
                #expect(try await store.cellCount(CellQuery(box: box)) == expected.count)
                #expect(try await walk(5) { try await store.cells(CellQuery(box: box), offset: $0, limit: $1) } == expected)
            }
            #expect(try await store.cells(CellQuery(code: all[3].code), offset: 0, limit: 1) == [all[3]])
            #expect(try await store.cellCount(CellQuery(level: .county)) == 0)
            for day in [Self.day, try Day("2026-08-01"), try Day("2024-01-01")] {
                let snapshot = try await Grid(store: store).snapshot(on: day)
                let paged = try await store.assignments(cellCodes: all.map(\.code), asOf: day)
                #expect(Dictionary(paged.map { ($0.cellCode, $0) }, uniquingKeysWith: { _, b in b }) == snapshot.assignments)
            }
            #expect(try await store.assignments(cellCodes: [all[0].code], asOf: Self.day).map(\.unit) == ["单位00"])
            #expect(try await store.assignments(cellCodes: [all[0].code], asOf: try Day("2026-07-01")).map(\.unit) == ["新单位"])
        }
    }

    @Test(arguments: StoreKind.available) func casesMatchAFullScan(kind: StoreKind) async throws {
        try await withLayers(kind) { f, _ in
            let store = f.store
            let all = try await store.cases(CaseFilter())
            #expect(all.count == 7)
            _ = try await f.ledger.perform(.dispatch(to: "海陵区生态环境局"), on: all[2].number, by: "officer")
            for box in Self.boxes {
                for status in [nil, CaseStatus.flagged, CaseStatus.dispatched] {
                    var filter = CaseFilter(status: status, areaID: f.area.area.id, cellCode: "321202001001", scanID: f.scanID)
                    filter.box = box
                    let expected = try await store.cases(CaseFilter()).filter { try meets(box, $0.geometry) && (status == nil || $0.status == status) }
                    #expect(try await store.caseCount(filter) == expected.count)
                    let paged = try await walk(3) { try await store.cases(filter, offset: $0, limit: $1) }
                    #expect(paged.map(\.id) == expected.map(\.id))
                    #expect(try await store.cases(filter).map(\.id) == expected.map(\.id))
                }
            }
            var one = CaseFilter()
            one.id = all[4].id
            #expect(try await store.cases(one, offset: 0, limit: 10).map(\.number) == [all[4].number])
            #expect(try await store.caseCount(CaseFilter(cellCode: "999")) == 0)
        }
    }
}
