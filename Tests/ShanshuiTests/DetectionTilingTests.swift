import Foundation
import GeoKit
@testable import Shanshui
import ShanshuiScenes
import ShanshuiTestSupport
import Testing

/// The stages a distributed scan runs in separate processes — plan once, analyse tiles anywhere,
/// store their components as bytes, stitch at the end — give exactly the patches of one
/// `detect` call, whatever the tiling and the order the tiles come back in.
@Suite("Detection in tiles, stitched")
struct DetectionTilingTests {
    static let scene = SyntheticScene(width: 450, height: 450, bandCount: 4, seed: 7)

    private func withScene<T>(_ body: (EpochSource, EpochSource) throws -> T) throws -> T {
        try Fixture.withTemporaryDirectory { dir in
            let before = dir.appendingPathComponent("before.tif").path, after = dir.appendingPathComponent("after.tif").path
            try Self.scene.write(before: before, after: after)
            return try body(EpochSource(files: [before]), EpochSource(files: [after]))
        }
    }

    private func fingerprint(_ result: DetectionResult) throws -> [String] {
        try result.patches.map { p in
            "\(p.id) \(p.activity) \(p.change) \(p.pixelCount) \(p.areaM2) \(p.confidence) \(p.dNDVI) \(try p.geometry.wkt)"
        }
    }

    @Test func tilesStitchedFromBytesEqualOneRun() throws {
        var configuration = DetectionConfiguration()
        configuration.blockSize = 64
        let detector = ChangeDetector(configuration)
        try withScene { before, after in
            let whole = try detector.detect(before: before, after: after)
            #expect(whole.patches.count >= 5)

            // The plan job: fit the model and store it as text.
            let planned = try detector.plan(before: before, after: after, region: nil, meter: ProgressMeter(nil))
            let stored = try planned.model.encoded()
            for tileSize in [64, 192] {
            // Tile jobs, each rebuilding the plan from the stored model, in reverse order.
            let tiles = TileLayout(blocks: planned.layout, tileSize: tileSize)
            #expect(tiles.count > 1)
            var bytes: [Data] = []
            for tile in (0..<tiles.count).reversed() {
                let plan = try detector.plan(before: before, after: after, region: nil, model: try ChangeModel.decoded(stored))
                let indices = tiles.blockIndices(tile)
                bytes.append(BlockComponents.encode(Array(zip(indices, try detector.analyse(plan, blocks: indices, meter: ProgressMeter(nil))))))
            }
            // The stitch job.
            var blocks = [BlockComponents?](repeating: nil, count: planned.layout.count)
            for data in bytes {
                for (index, components) in try BlockComponents.decode(data, what: "tile") { blocks[index] = components }
            }
            #expect(blocks.allSatisfy { $0 != nil }, "every block is covered by exactly the tiles")
            // Some components do cross block (and tile) edges, so stitching is exercised.
            let all = blocks.compactMap { $0 }
            var stitcher = ComponentStitcher(blocks: all, rows: planned.layout.rows, columns: planned.layout.columns)
            var spans: [Int: Set<Int>] = [:]
            for (b, block) in all.enumerated() {
                for label in block.statistics.indices { spans[stitcher.component(block: b, label: Int32(label)), default: []].insert(b) }
            }
            #expect(spans.values.contains { $0.count >= 2 })
            let stitched = try detector.assemble(planned, blocks: blocks.compactMap { $0 }, meter: ProgressMeter(nil))
            #expect(try fingerprint(stitched) == fingerprint(whole))
            #expect(stitched.summary.pixelsChanged == whole.summary.pixelsChanged)
            #expect(stitched.summary.pixelsAssessed == whole.summary.pixelsAssessed)
            }
        }
    }

    @Test func theStoredModelRoundTripsExactly() throws {
        try withScene { before, after in
            let plan = try ChangeDetector().plan(before: before, after: after, region: nil, meter: ProgressMeter(nil))
            let text = try plan.model.encoded()
            let back = try ChangeModel.decoded(text)
            #expect(back.irmad == plan.model.irmad)
            #expect(back.threshold == plan.model.threshold)
            #expect(back.normalisation == plan.model.normalisation)
            #expect(back.beforeScreen == plan.model.beforeScreen)
            #expect(back.brightnessScale == plan.model.brightnessScale)
            #expect(back.measure == plan.model.measure && back.scaling == plan.model.scaling && back.warning == plan.model.warning)
            #expect(try back.encoded() == text)
            #expect(throws: DomainError.self) { try ChangeModel.decoded("{\"roles\": 3}") }
        }
    }

    @Test func corruptComponentBytesAreRefusedWithTheirName() throws {
        let block = BlockComponents(window: Window(column: 0, row: 0, width: 4, height: 2), codes: [1, 1, 0, 0, 0, 1, 0, 255])
        let data = BlockComponents.encode([(3, block)])
        let back = try BlockComponents.decode(data, what: "tile 0")
        #expect(back.count == 1 && back[0].index == 3)
        #expect(back[0].components.runs.count == block.runs.count)
        #expect(back[0].components.right == block.right)
        #expect(back[0].components.assessed == 7 && back[0].components.changed == 3)
        for cut in [1, 9, data.count / 2, data.count - 1] {
            #expect {
                try BlockComponents.decode(data.prefix(cut), what: "tile 7 of NR-T")
            } throws: { error in "\(error)".contains("tile 7 of NR-T") }
        }
        #expect { try BlockComponents.decode(data + Data([0]), what: "tile 1") } throws: { "\($0)".contains("trailing") }
    }

    /// One answer whatever the region: the model is fitted on the whole overlap and a region is
    /// widened to the scene's blocks, so a patch well inside any of several overlapping regions
    /// is the patch whole-scene detection finds there (same pixels, outline, class and confidence),
    /// and the reverse.
    @Test func aPatchIsTheSameWhateverRegionItIsDetectedIn() throws {
        var configuration = DetectionConfiguration()
        configuration.blockSize = 64
        let detector = ChangeDetector(configuration)
        try withScene { before, after in
            let whole = try detector.detect(before: before, after: after)
            let (grid, toLonLat) = try Raster.open(before.files[0]) { r in (r.grid, try Transformer(from: r.crs!, to: .wgs84)) }
            func lonLat(_ w: Window) throws -> Envelope {
                let g = grid.geoTransform
                let corners = [g.pixelToGeo(column: Double(w.column), row: Double(w.row)),
                               g.pixelToGeo(column: Double(w.columnEnd), row: Double(w.rowEnd))]
                return try toLonLat.transform(Envelope(covering: corners)!)
            }
            func inside(_ p: Patch, _ box: Envelope) -> Bool {
                guard let e = p.geometry.envelope else { return false }
                return e.minX > box.minX && e.maxX < box.maxX && e.minY > box.minY && e.maxY < box.maxY
            }
            func key(_ p: Patch) throws -> String {
                "\(p.activity) \(p.change) \(p.pixelCount) \(p.confidence) \(try p.geometry.wkt)"
            }
            var compared = 0
            for w in [Window(column: 20, row: 30, width: 210, height: 180), Window(column: 150, row: 170, width: 280, height: 260),
                      Window(column: 0, row: 0, width: 450, height: 130)] {
                let part = try detector.detect(before: before, after: after, region: try lonLat(w))
                // Patches cut by the region's edge may differ: compare those two pixels clear of it.
                let inner = try lonLat(Window(column: w.column + 2, row: w.row + 2, width: w.width - 4, height: w.height - 4))
                let expected = try whole.patches.filter { inside($0, inner) }.map(key).sorted()
                let found = try part.patches.filter { inside($0, inner) }.map(key).sorted()
                #expect(found == expected, "region \(w)")
                compared += expected.count
            }
            #expect(compared >= 3, "the regions hold patches to compare")
        }
    }
}
