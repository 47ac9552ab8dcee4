import Foundation
import GeoKit
@testable import Shanshui
import ShanshuiScenes
import ShanshuiTestSupport
import Testing

/// A scan detects every protected area with the scene's model on the scene's blocks, so areas
/// whose boxes overlap share blocks: each is analysed once, and every area gets exactly the
/// patches it gets when detected alone.
@Suite("Blocks shared by the areas of a scan")
struct SharedBlocksTests {
    @Test func overlappingRegionsAnalyseEachBlockOnceAndGetTheSamePatches() throws {
        // A reserve, a red line inside it, and an area half outside it.
        try Self.withPlans([Window(column: 20, row: 20, width: 400, height: 400), Window(column: 100, row: 120, width: 150, height: 100),
                            Window(column: 300, row: 0, width: 150, height: 450)]) { detector, plans in
            func windows(_ plan: DetectionPlan) -> [Window] { (0..<plan.layout.count).map(plan.layout.window) }
            let shared = SharedBlocks()
            for plan in plans { shared.expect(windows(plan)) }
            var analysed = 0, patches = 0
            for plan in plans {
                let alone = try detector.detect(plan, meter: ProgressMeter(nil))
                let blocks = try shared.components(windows(plan)) { missing in
                    analysed += missing.count
                    return try detector.analyse(plan, blocks: missing, meter: ProgressMeter(nil))
                }
                let together = try detector.assemble(plan, blocks: blocks, meter: ProgressMeter(nil))
                #expect(try Self.fingerprint(together) == (try Self.fingerprint(alone)))
                #expect(together.summary.pixelsChanged == alone.summary.pixelsChanged)
                #expect(together.summary.pixelsAssessed == alone.summary.pixelsAssessed)
                patches += alone.patches.count
            }
            let distinct = Set(plans.flatMap(windows)).count
            #expect(patches >= 5, "the regions hold patches to compare")
            #expect(analysed == distinct, "each block analysed once")
            #expect(distinct < plans.map(\.layout.count).reduce(0, +), "the regions do share blocks")
            #expect(shared.count == 0, "no block kept after its last area")
        }
    }

    /// Patches outlined for one area are taken by the next whose blocks hold their component
    /// wholly, and every area still gets exactly the patches it gets when detected alone.
    @Test func areasTakeThePatchesOtherAreasOutlinedAndGetTheSamePatches() throws {
        // A reserve, red lines inside it and one half outside it (its components reach past the reserve's blocks).
        try Self.withPlans([Window(column: 20, row: 20, width: 400, height: 400), Window(column: 100, row: 120, width: 150, height: 100),
                            Window(column: 60, row: 250, width: 200, height: 150), Window(column: 300, row: 0, width: 150, height: 450)]) { detector, plans in
            let outlines = InteriorOutlines()
            var alone: [[String]] = []
            for plan in plans {
                let result = try detector.detect(plan, meter: ProgressMeter(nil))
                alone.append(try Self.fingerprint(result))
                let blocks = try detector.analyse(plan, blocks: Array(0..<plan.layout.count), meter: ProgressMeter(nil))
                let shared = try detector.assemble(plan, blocks: blocks, outlines: outlines, meter: ProgressMeter(nil))
                #expect(try Self.fingerprint(shared) == alone.last!)
                #expect(shared.summary.pixelsChanged == result.summary.pixelsChanged)
            }
            #expect(alone.flatMap { $0 }.count >= 5, "the regions hold patches to compare")
            #expect(outlines.count > 0)
            // A red line takes the reserve's outlines as they are: one marked in the store comes out marked.
            let reserve = InteriorOutlines()
            let blocks = try plans.map { try detector.analyse($0, blocks: Array(0..<$0.layout.count), meter: ProgressMeter(nil)) }
            _ = try detector.assemble(plans[0], blocks: blocks[0], outlines: reserve, meter: ProgressMeter(nil))
            var marks = 0
            for k in 1..<plans.count {
                let marked = InteriorOutlines(), pixelArea = try ChangeDetector.pixelAreaM2(plans[k].alignment)
                marked.keep(reserve.patches(reserve.keys, pixelArea: try ChangeDetector.pixelAreaM2(plans[0].alignment)).mapValues { p in
                    p.map { p in
                        var p = p
                        p.confidence = 0.123456
                        return p
                    }
                }, pixelArea: pixelArea)
                let taken = try detector.assemble(plans[k], blocks: blocks[k], outlines: marked, meter: ProgressMeter(nil))
                marks += taken.patches.filter { $0.confidence == 0.123456 }.count
            }
            #expect(marks >= 1, "the other areas' patches are taken from the reserve's outlines")
        }
    }

    /// A 450² synthetic pair in 64-pixel blocks, the scene's model fitted once, and a plan with
    /// that model for each window's box (as a scan plans its areas).
    static func withPlans(_ windows: [Window], _ body: (ChangeDetector, [DetectionPlan]) throws -> Void) throws {
        var configuration = DetectionConfiguration()
        configuration.blockSize = 64
        let detector = ChangeDetector(configuration)
        try Fixture.withTemporaryDirectory { dir in
            let beforePath = dir.appendingPathComponent("before.tif").path, afterPath = dir.appendingPathComponent("after.tif").path
            try SyntheticScene(width: 450, height: 450, bandCount: 4, seed: 7).write(before: beforePath, after: afterPath)
            let before = EpochSource(files: [beforePath]), after = EpochSource(files: [afterPath])
            let (grid, toLonLat) = try Raster.open(beforePath) { r in (r.grid, try Transformer(from: r.crs!, to: .wgs84)) }
            func lonLat(_ w: Window) throws -> Envelope {
                let g = grid.geoTransform
                return try toLonLat.transform(Envelope(covering: [g.pixelToGeo(column: Double(w.column), row: Double(w.row)),
                                                                  g.pixelToGeo(column: Double(w.columnEnd), row: Double(w.rowEnd))])!)
            }
            let model = try detector.plan(before: before, after: after, region: nil, meter: ProgressMeter(nil)).model
            try body(detector, try windows.map { try detector.plan(before: before, after: after, region: try lonLat($0), model: model) })
        }
    }

    static func fingerprint(_ result: DetectionResult) throws -> [String] {
        try result.patches.map { p in "\(p.activity) \(p.change) \(p.pixelCount) \(p.areaM2) \(p.confidence) \(try p.geometry.wkt)" }
    }
}
