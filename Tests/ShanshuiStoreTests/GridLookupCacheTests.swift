import Foundation
import GeoKit
import Shanshui
import ShanshuiTestSupport
import Testing

/// The server's grid lookup cache answers as a fresh lookup does, and sees a change made by
/// another connection or another process on the next lookup (both stores).
@Suite("Grid lookup cache on each store")
struct GridLookupCacheTests {
    @Test(arguments: StoreKind.available) func cacheAnswersEqualFreshLookupsAndSeeOtherWriters(kind: StoreKind) async throws {
        try await LayerPageTests().withLayers(kind) { f, workspaces in
            let grid = Grid(store: f.store)
            let cache = GridLookupCache(grid: grid)
            let c = LayerPageTests.center
            // Points inside, between and outside the 4×3 cells (edges included), seeded.
            var rng = SystemRandomNumberGenerator.Seeded(seed: 7)
            var points = (0..<50).map { _ in
                Coordinate(c.x - 0.05 + Double(rng.next() % 10_000) / 10_000 * 0.1, c.y - 0.04 + Double(rng.next() % 10_000) / 10_000 * 0.08)
            }
            points += [Coordinate(c.x - 0.015, c.y), Coordinate(c.x, c.y - 0.01), Coordinate(c.x + 0.5, c.y)]
            let days = [LayerPageTests.day, try Day("2026-08-01")]
            for day in days {
                // A fresh index per day (what the server did on every request before) as the reference.
                let snapshot = try await grid.snapshot(on: day)
                let fresh = try Self.answers(points, snapshot)
                for _ in 0..<2 {
                    for (p, expected) in zip(points, fresh) {
                        #expect(try await cache.responsibility(at: p, on: day) == expected, "\(p) on \(day)")
                        // Kept answers (the lookup endpoint's JSON) are those of the same cell.
                        #expect(try await cache.answer(at: p, on: day, variant: 0) { $0 } == expected, "\(p) on \(day)")
                    }
                }
            }
            #expect(cache.buildCount == 2, "one build per day while nothing changes")
            let first = Coordinate(c.x - 0.03, c.y - 0.02)  // inside cell …00, assigned
            #expect(try await cache.responsibility(at: first, on: LayerPageTests.day)?.assignment?.unit == "单位00")
            #expect(try await cache.answer(at: first, on: LayerPageTests.day, variant: 0) { $0.assignment?.unit ?? "" } == "单位00")

            // Another process changes the unit (sqlite3 / psql): the next lookup sees it.
            let sql = try workspaces.rawSQL("UPDATE grid_assignment SET unit = '改过的单位' WHERE cell_code = '321202001000' AND valid_from = '2025-01-01'")
            #expect(sql.status == 0, "\(sql.error)")
            #expect(try await cache.responsibility(at: first, on: LayerPageTests.day)?.assignment?.unit == "改过的单位")
            #expect(try await cache.answer(at: first, on: LayerPageTests.day, variant: 0) { $0.assignment?.unit ?? "" } == "改过的单位")
            #expect(cache.buildCount == 3)

            // Another connection assigns an unassigned cell (…01): seen on the next lookup too.
            let other = try await workspaces.reopen()
            let second = Coordinate(c.x, c.y - 0.02)
            #expect(try await cache.responsibility(at: second, on: LayerPageTests.day)?.assignment == nil)
            var batch = GridBatch()
            batch.assignments = [try Assignment(cellCode: "321202001001", unit: "另一个单位", head: try Person(name: "周", phone: "13811112222"),
                                                staff: [try Person(name: "吴", phone: "13811113333"), try Person(name: "郑", phone: "13811114444")],
                                                validFrom: try Day("2026-01-01"))]
            try await other.commit(batch)
            let seen = try await cache.responsibility(at: second, on: LayerPageTests.day)
            #expect(seen?.assignment?.unit == "另一个单位")
            #expect(seen == (try await grid.cell(at: second, on: LayerPageTests.day)))
        }
    }
}

extension GridLookupCacheTests {
    /// Fresh answers from an index built here (GEOS objects stay on this thread).
    static func answers(_ points: [Coordinate], _ snapshot: GridSnapshot) throws -> [CellResponsibility?] {
        let index = try GridIndex(snapshot)
        return try points.map { try index.responsibility(at: $0) }
    }
}

extension SystemRandomNumberGenerator {
    /// A small seeded generator (SplitMix64), so the points are the same every run.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
