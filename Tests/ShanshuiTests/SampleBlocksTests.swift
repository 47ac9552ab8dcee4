import GeoKit
@testable import Shanshui
import Testing

/// The scene model is fitted on sample blocks spread over the whole scene whatever its size
/// (issue 13: at 6000² evenly spaced row-major indices sampled 5 of 24 block columns).
@Suite("Sample blocks of the scene model")
struct SampleBlocksTests {
    @Test("large scenes: every sample block in a block row and a block column of its own", arguments: [24, 47])
    func spreadOverRowsAndColumns(_ side: Int) {
        let layout = BlockLayout(window: Window(column: 0, row: 0, width: side * 256, height: side * 256), size: 256)
        let chosen = ChangeDetector.sampleBlocks(layout)
        #expect(chosen.count == ChangeDetector.sampleBlockCount)
        #expect(Set(chosen.map { $0 / layout.columns }).count == chosen.count, "rows")
        #expect(Set(chosen.map { $0 % layout.columns }).count == chosen.count, "columns")
        // Every quarter of the scene is sampled.
        let quarters = Set(chosen.map { ($0 / layout.columns) * 2 / layout.rows * 2 + ($0 % layout.columns) * 2 / layout.columns })
        #expect(quarters == [0, 1, 2, 3])
    }

    @Test func smallScenesAreSampledWhole() {
        let layout = BlockLayout(window: Window(column: 0, row: 0, width: 700, height: 700), size: 256)
        #expect(ChangeDetector.sampleBlocks(layout) == Array(0..<layout.count))
    }
}
