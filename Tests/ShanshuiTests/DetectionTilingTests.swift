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

    /// The last two tiles are halved so an area's workers finish together; every block still
    /// belongs to exactly one tile job, and a one-block tile is left whole.
    @Test func theLastTilesAreHalvedAndCoverEveryBlockOnce() {
        // 5 × 5 blocks in tiles of 2 × 2: 7 whole tiles (the last row's are 1 block high), then a
        // 1 × 2 tile cut in two, then a 1 × 1 tile left whole.
        let blocks = BlockLayout(window: Window(column: 0, row: 0, width: 320, height: 320), size: 64)
        let tiles = TileLayout(blocks: blocks, tileSize: 128)
        #expect(tiles.count == 10)
        #expect((0..<7).allSatisfy { tiles.blockIndices($0).count == 4 || tiles.blockIndices($0).count == 2 })
        #expect(tiles.blockIndices(6) == [20, 21])
        #expect(tiles.blockIndices(7) == [22] && tiles.blockIndices(8) == [23] && tiles.blockIndices(9) == [24])
        #expect(tiles.shape(7) == (1, 1) && tiles.shape(6) == (1, 2))
        var covered = (0..<tiles.count).flatMap(tiles.blockIndices)
        covered.sort()
        #expect(covered == Array(0..<blocks.count))
        // One tile of 4 × 4 blocks: two jobs of 2 × 4 blocks.
        let single = TileLayout(blocks: BlockLayout(window: Window(column: 0, row: 0, width: 256, height: 256), size: 64), tileSize: 512)
        #expect(single.count == 2 && single.shape(0) == (2, 4) && single.blockIndices(1) == Array(8..<16))
    }

    /// Chips batches: whole batches, the last two halved, every case in exactly one batch.
    @Test func chipsBatchesHalveTheLastTwoAndCoverEveryCaseOnce() {
        let batches = ScanJob.chipBatches(cases: 61, size: 25)
        #expect(batches == [0..<25, 25..<38, 38..<50, 50..<56, 56..<61])
        #expect(ScanJob.chipBatches(cases: 1, size: 25) == [0..<1])
        #expect(ScanJob.chipBatches(cases: 0, size: 25).isEmpty)
        #expect(ScanJob.chipBatches(cases: 761, size: 25).flatMap { Array($0) } == Array(0..<761))
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

    /// Tile jobs outline the patches lying wholly inside their tile and store them with the
    /// components; the stitch outlines only those crossing tile seams and takes the rest as
    /// stored, and still gives exactly one `detect` call's patches.
    @Test func tilesOutlineTheirInteriorPatchesAndTheStitchTakesThem() throws {
        var configuration = DetectionConfiguration()
        configuration.blockSize = 64
        let detector = ChangeDetector(configuration)
        try withScene { before, after in
            let whole = try detector.detect(before: before, after: after)
            let planned = try detector.plan(before: before, after: after, region: nil, meter: ProgressMeter(nil))
            for tileSize in [128, 192] {
                let tiles = TileLayout(blocks: planned.layout, tileSize: tileSize)
                var blocks = [BlockComponents?](repeating: nil, count: planned.layout.count)
                var known: [Int64: Patch?] = [:]
                for tile in 0..<tiles.count {
                    let indices = tiles.blockIndices(tile), shape = tiles.shape(tile)
                    #expect(shape.rows * shape.columns == indices.count)
                    let components = try detector.analyse(planned, blocks: indices, meter: ProgressMeter(nil))
                    let patches = try detector.interiorPatches(planned, blocks: components, rows: shape.rows, columns: shape.columns)
                    let stored = try TileResult.decode(try TileResult(blocks: Array(zip(indices, components)), patches: patches).encoded(),
                                                       what: "tile \(tile)")
                    known.merge(stored.patches) { first, _ in first }
                    for (index, c) in stored.blocks { blocks[index] = c }
                }
                let outlined = known.values.compactMap { $0 }
                #expect(outlined.count >= 2, "tiles of \(tileSize) px outline patches of their own")
                #expect(outlined.count < whole.patches.count, "some patches cross tile seams and are left to the stitch")
                let stitched = try detector.assemble(planned, blocks: blocks.compactMap { $0 }, known: known, meter: ProgressMeter(nil))
                #expect(try fingerprint(stitched) == fingerprint(whole), "tiles of \(tileSize) px")
                // The stitch takes a tile's patch as stored rather than outlining it again.
                let (key, patch) = known.first { $0.value != nil }!
                var changed = known
                changed[key] = patch.map { p in
                    var p = p
                    p.confidence = 0.123456
                    return p
                }
                let taken = try detector.assemble(planned, blocks: blocks.compactMap { $0 }, known: changed, meter: ProgressMeter(nil))
                #expect(taken.patches.filter { $0.confidence == 0.123456 }.count == 1)
            }
        }
    }

    @Test func corruptTileBytesAreRefusedWithTheirName() throws {
        let block = BlockComponents(window: Window(column: 0, row: 0, width: 4, height: 2), codes: [1, 1, 0, 0, 0, 1, 0, 255])
        let patch = Patch(id: 0, geometry: .polygon(Polygon(exterior: [Coordinate(120, 30), Coordinate(120.001, 30), Coordinate(120.001, 30.001),
                                                                       Coordinate(120, 30)], holes: [])),
                          areaM2: 1234.5, perimeterM: 300.25, activity: .mining, change: .new, confidence: 0.7, magnitudeRatio: 2.5,
                          dNDVI: -0.3, dWater: 0.01, dBare: 0.2, dBrightness: 0.1, elongation: 1.5, spectralAngle: 12.5, pixelCount: 14)
        let patches: [Int64: Patch?] = [7: patch, 9: nil]  // 9: a component dropped as natural change
        let data = try TileResult(blocks: [(3, block)], patches: patches).encoded()
        let back = try TileResult.decode(data, what: "tile 0")
        #expect(back.blocks.count == 1 && back.blocks[0].index == 3)
        let nine = back.patches[9]
        #expect(back.patches.count == 2 && nine != nil && (nine ?? nil) == nil)
        #expect((back.patches[7] ?? nil) == patch)
        for cut in [2, 20, data.count / 2, data.count - 1] {
            #expect { try TileResult.decode(data.prefix(cut), what: "tile 7 of NR-T") } throws: { "\($0)".contains("tile 7 of NR-T") }
        }
        #expect { try TileResult.decode(BlockComponents.encode([(3, block)]), what: "tile 1") } throws: { "\($0)".contains("another Shanshui version") }
    }

    /// A patch is drawn with the pixels widening its outline unless they would more than triple it.
    @Test func anOutlineWidensAtMostToThreeTimesThePatch() {
        let own = [ComponentRun(row: 0, start: 0, end: 10, label: 0)]
        let rim = [ComponentRun(row: 1, start: 0, end: 20, label: 0)]
        #expect(OutlineGrowth.drawn(runs: own, pixels: 10, grown: []).count == 1)
        #expect(OutlineGrowth.drawn(runs: own, pixels: 10, grown: rim).count == 2)
        #expect(OutlineGrowth.drawn(runs: own, pixels: 10, grown: rim + [ComponentRun(row: 2, start: 0, end: 1, label: 0)]).count == 1)
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
        var block = BlockComponents(window: Window(column: 0, row: 0, width: 4, height: 2), codes: [1, 1, 0, 0, 0, 1, 0, 255])
        block.grown = [ComponentRun(row: 0, start: 2, end: 4, label: 0)]
        let data = BlockComponents.encode([(3, block)])
        let back = try BlockComponents.decode(data, what: "tile 0")
        #expect(back.count == 1 && back[0].index == 3)
        #expect(back[0].components.runs.count == block.runs.count)
        #expect(back[0].components.grown.map { [$0.row, $0.start, $0.end, $0.label] } == [[0, 2, 4, 0]])
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
