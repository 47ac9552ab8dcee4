import Foundation
import GeoKit
import Shanshui
import ShanshuiTestSupport
import Testing

/// `reserves check` over many overlapping areas: the indexed search finds exactly what comparing
/// every pair finds, and a stack of areas past the listing limit is counted, not measured.
@Suite struct RegistryCheckScaleTests {
    /// `count` red lines: squares of 0.05° at seeded places in a box of `spread` degrees.
    static func areas(_ count: Int, spread: Double) throws -> [AreaVersion] {
        var random = SplitMix64(seed: 2004)
        return try (0..<count).map { i in
            let x = 119 + random.unit() * spread, y = 32 + random.unit() * spread, s = 0.05
            let square = Geometry.polygon(Polygon(exterior: [Coordinate(x, y), Coordinate(x + s, y), Coordinate(x + s, y + s),
                                                             Coordinate(x, y + s), Coordinate(x, y)]))
            return AreaVersion(area: ProtectedArea(id: Int64(i + 1), code: "R\(i)", name: "红线\(i)", kind: .ecologicalRedLine),
                               version: BoundaryVersion(validFrom: try Day("2020-01-01"), change: .establish, geometry: square))
        }
    }

    @Test func indexedOverlapSearchFindsWhatEveryPairFinds() throws {
        let areas = try Self.areas(150, spread: 0.4)
        let found = try RegistryCheck().run(areas).filter { $0.kind == .areaOverlap }
        var pairwise: [String: Double] = [:]
        for i in areas.indices {
            for j in areas.indices where j > i {
                let a = areas[i].version.geometry!, b = areas[j].version.geometry!
                let area = try a.intersection(b).geodesicArea
                if area >= 1 { pairwise["R\(i) R\(j)"] = area }
            }
        }
        #expect(pairwise.count > 100, "the scene has many overlaps")
        #expect(found.count == pairwise.count)
        for finding in found {
            let key = finding.areas.joined(separator: " ")
            #expect(abs((pairwise[key] ?? -1) - finding.areaM2) < 1, "\(key)")
        }
    }

    @Test func aStackPastTheLimitIsCountedNotExamined() throws {
        let areas = try Self.areas(60, spread: 0.01)   // every pair overlaps: 1,770 pairs
        var check = RegistryCheck()
        check.maxOverlapFindings = 100
        let report = try check.report(areas)
        #expect(report.findings.filter { $0.kind == .areaOverlap }.count == 100)
        #expect(report.unmeasuredOverlaps == 60 * 59 / 2 - 100)
    }
}
