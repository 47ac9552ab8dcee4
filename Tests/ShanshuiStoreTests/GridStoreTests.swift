import Foundation
import GeoKit
import Shanshui
import ShanshuiTestSupport
import Testing

/// The grid over a real workspace of each store kind, on Taizhou's real district boundaries.
@Suite("Grid on each store")
struct GridStoreTests {
    /// Runs `body` with a fresh workspace holding Taizhou (city) and its six districts (county level).
    func withTaizhou(_ kind: StoreKind, _ body: (Grid, Workspaces) async throws -> Void) async throws {
        try await Workspaces.with(kind) { workspaces in try await withTaizhou(workspaces, body) }
    }

    private func withTaizhou(_ workspaces: Workspaces, _ body: (Grid, Workspaces) async throws -> Void) async throws {
        let dir = workspaces.dir
        let grid = Grid(store: try await workspaces.make())
        let city = dir.appendingPathComponent("city.geojson").path, districts = dir.appendingPathComponent("districts.geojson").path
        try VectorSink.write([try GridScene.city(wgs84: false)], to: city)
        try VectorSink.write(try GridScene.districtFeatures(wgs84: false), to: districts)
        var options = GridImportOptions(level: .city, codeField: "code")
        options.datum = .gcj02
        _ = try await grid.apply(try GridImport.read(city, options: options))
        options.level = .county
        let summary = try await grid.apply(try GridImport.read(districts, options: options))
        #expect(summary.rows.map(\.outcome) == Array(repeating: .created, count: 6))
        try await body(grid, workspaces)
    }

    func options(_ level: GridLevel) -> GridImportOptions {
        var o = GridImportOptions(level: level, codeField: "code")
        o.parentField = "parent"
        return o
    }

    @Test(arguments: StoreKind.available) func taizhouDistrictsHangUnderTheCityAndLookupsFindThem(kind: StoreKind) async throws {
        try await withTaizhou(kind) { grid, _ in
            let day = try Day("2025-01-01")
            let snapshot = try await grid.snapshot(on: day)
            #expect(snapshot.cells.count == 7)
            #expect(snapshot.cells.filter { $0.parentCode == "321200" }.count == 6)
            // A point in central Hailing (WGS84) is in 海陵区 under 泰州市.
            let found = try #require(try await grid.cell(at: Coordinate(119.915, 32.490), on: day))
            #expect(found.chain.map(\.cell.code) == ["321202", "321200"])
            // The districts' boundaries come from the same source as the city's: no real gaps or overlaps.
            var check = GridCheck()
            check.assignments = false
            check.tolerance = 10_000
            let errors = try check.run(snapshot).filter(\.isError)
            #expect(errors.isEmpty, "\(errors.map(\.detail))")
        }
    }

    @Test(arguments: StoreKind.available) func generateDissolveRoundTrip(kind: StoreKind) async throws {
        try await withTaizhou(kind) { grid, workspaces in
            let dir = workspaces.dir
            let squares = try await grid.generate(within: "321202", size: 2000, level: .village)
            #expect(squares.count > 50)
            await #expect { try await grid.generate(within: "321202", size: 2000, level: .village) } throws: { "\($0)".contains("already exists") }
            // Re-code the squares as villages of two townships (west, east) that do not exist yet.
            var hailing = try await grid.cell("321202")
            hailing.parentCode = nil  // alone in the other workspace
            let middle = hailing.geometry.envelope!.center.x
            var sequence = [1: 0, 2: 0]
            let features = squares.map { c -> Feature in
                let t = c.geometry.envelope!.center.x < middle ? 1 : 2
                sequence[t]! += 1
                let township = "32120200\(t)"
                return GridScene.cell(township + String(format: "%03d", sequence[t]!), "村", parent: township, c.geometry)
            }
            let file = dir.appendingPathComponent("villages.gpkg").path
            try VectorSink.write(features, to: file)
            let other = Grid(store: try await workspaces.make("other"))
            _ = try await other.apply(GridImportPlan(source: "hailing", cells: [hailing]))
            _ = try await other.apply(try GridImport.read(file, options: options(.village)))
            let townships = try await other.dissolve(level: .township, from: .village)
            #expect(townships.map(\.code) == ["321202001", "321202002"])
            #expect(townships.allSatisfy { $0.parentCode == "321202" })
            let total = townships.reduce(0) { $0 + $1.areaKm2 }
            #expect(abs(total - hailing.areaKm2) / hailing.areaKm2 < 1e-4)
            #expect(try await other.dissolve(level: .township, from: .village).isEmpty)
            var check = GridCheck()
            check.assignments = false
            let errors = try check.run(try await other.snapshot(on: try Day("2026-07-01"))).filter(\.isError)
            #expect(errors.isEmpty, "\(errors.map(\.detail))")
        }
    }

    @Test(arguments: StoreKind.available) func checkFindsAPlantedGapAndOverlap(kind: StoreKind) async throws {
        try await withTaizhou(kind) { grid, workspaces in
            let dir = workspaces.dir
            let squares = try await grid.generate(within: "321203", size: 2000, level: .village)
            // Two whole 2 km squares side by side (sharing an edge, the second to the east) in 高港区.
            let whole = squares.filter { abs($0.areaKm2 - 4) < 0.01 }
            func ring(_ c: GridCell) -> Set<Coordinate> { Set(c.geometry.polygons[0].exterior) }
            let (a, b) = try #require(whole.lazy.compactMap { a in
                whole.first { b in ring(a).intersection(ring(b)).count == 2 && b.geometry.envelope!.center.x > a.geometry.envelope!.center.x + 0.01 }
                    .map { (a, $0) }
            }.first)
            let box = a.geometry.envelope!
            let hole = Envelope(minX: box.center.x - 0.002, minY: box.center.y - 0.002, maxX: box.center.x + 0.002, maxY: box.center.y + 0.002).polygon
            let bump = Envelope(minX: box.maxX - 0.003, minY: box.center.y - 0.001, maxX: box.maxX + 0.001, maxY: box.center.y + 0.001).polygon
            let changed = [GridScene.cell(a.code, a.name, parent: "321203", try a.geometry.difference(hole)),
                           GridScene.cell(b.code, b.name, parent: "321203", try b.geometry.union(bump))]
            let file = dir.appendingPathComponent("changed.geojson").path
            try VectorSink.write(changed, to: file)
            let summary = try await grid.apply(try GridImport.read(file, options: options(.village)))
            #expect(summary.rows.map(\.outcome) == [.updated, .updated])
            var check = GridCheck()
            check.assignments = false
            let findings = try check.run(try await grid.snapshot(on: try Day("2026-07-01"))).filter { $0.isError && $0.cells.contains { $0.hasPrefix("321203") } }
            let gap = try #require(findings.first { $0.kind == .gap })
            #expect(gap.cells == ["321203"])
            #expect(abs(gap.areaM2! - hole.geodesicArea) / hole.geodesicArea < 0.01)
            #expect(abs(gap.location!.x - box.center.x) < 0.003)
            let overlap = try #require(findings.first { $0.kind == .overlap })
            #expect(overlap.cells == [a.code, b.code])
            let expected = try bump.intersection(a.geometry).geodesicArea
            #expect(abs(overlap.areaM2! - expected) / expected < 0.01)
            #expect(findings.count == 2)
        }
    }

    @Test(arguments: StoreKind.available) func reassignmentAnswersWhoWasResponsibleOnEachDay(kind: StoreKind) async throws {
        try await withTaizhou(kind) { grid, _ in
            let staff = try Person.list(parsing: "李娜:13912345678,赵强:0523-86880001")
            try await grid.assign([try Assignment(cellCode: "321202", unit: "海陵区生态环境局", head: try Person(parsing: "张伟:13812345678"),
                                                  staff: staff, validFrom: try Day("2024-01-01"))])
            try await grid.assign([try Assignment(cellCode: "321202", unit: "海陵区自然资源局", head: try Person(parsing: "王芳:13612345678"),
                                                  staff: staff, validFrom: try Day("2025-07-01"))])
            #expect(try await grid.responsibility(of: "321202", on: try Day("2023-12-31")).assignment == nil)
            #expect(try await grid.responsibility(of: "321202", on: try Day("2024-01-01")).assignment?.head.name == "张伟")
            #expect(try await grid.responsibility(of: "321202", on: try Day("2025-06-30")).assignment?.head.name == "张伟")
            let after = try await grid.responsibility(of: "321202", on: try Day("2025-07-01"))
            #expect(after.assignment?.head.name == "王芳")
            #expect(after.assignment?.unit == "海陵区自然资源局")
            let history = try await grid.history("321202").assignments
            #expect(history.map(\.validTo) == [try Day("2025-07-01"), nil])
            await #expect { try await grid.assign([try Assignment(cellCode: "321202", unit: "x", head: staff[0], staff: staff, validFrom: try Day("2025-01-01"))]) } throws: {
                "\($0)".contains("already has an assignment from 2025-07-01")
            }
            // A patch mostly in Hailing: the largest overlap wins, with the chain and people on the day.
            let patch = Envelope(minX: 119.90, minY: 32.48, maxX: 119.93, maxY: 32.50).polygon
            let r = try #require(try await grid.responsibility(for: patch, on: try Day("2025-08-01")))
            #expect(r.cell.code == "321202")
            #expect(r.assignment?.head.name == "王芳")
        }
    }

    @Test(arguments: StoreKind.available) func badInputNamesTheFeatureAndStoresNothing(kind: StoreKind) async throws {
        try await withTaizhou(kind) { grid, workspaces in
            let dir = workspaces.dir
            let before = try await grid.snapshot(on: try Day("2026-07-01")).cells
            let g = try GridScene.geometry("321202")
            let cases: [([Feature], GridLevel, String)] = [
                ([GridScene.cell("321202001", "甲", parent: "321202", g), GridScene.cell("321202001", "乙", parent: "321202", g)], .township,
                 "feature 1 ('乙'): code 321202001 is already used by feature 0 ('甲')"),
                ([GridScene.cell("321202001", "甲", parent: "321202", g), GridScene.cell("321202002", "乙", parent: "321203", g)], .city,
                 "feature 0 ('甲'): parent 321202 (海陵区) is a county cell and cannot hold a city cell"),
                ([GridScene.cell("32120", "甲", parent: nil, g)], .township, "feature 0 ('甲'): '32120' is not a grid cell code"),
            ]
            for (n, (features, level, message)) in cases.enumerated() {
                let file = dir.appendingPathComponent("bad\(n).geojson").path
                try VectorSink.write(features, to: file)
                await #expect { try await grid.apply(try GridImport.read(file, options: options(level))) } throws: { "\($0)".contains(message) }
            }
            await #expect { try await grid.assign([try Assignment(cellCode: "999999", unit: "u", head: try Person(parsing: "张伟:13812345678"), staff: [], validFrom: try Day("2025-01-01"))], labels: ["row 7"]) } throws: {
                "\($0)".contains("row 7: no grid cell with code '999999'")
            }
            #expect(try await grid.snapshot(on: try Day("2026-07-01")).cells == before)
        }
    }
}
