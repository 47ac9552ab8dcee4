import Foundation
import GeoKit
@testable import Shanshui
import Testing

/// A chip panel is each chip pixel's nearest window pixel through the contrast stretch, whether
/// the window is enlarged or reduced, and whatever rows repeat.
@Suite("Chip panels")
struct ChipComposeTests {
    @Test func composedPanelIsTheNearestWindowPixelStretched() {
        var random = SystemRandomNumberGenerator()
        for window in [Window(column: 5, row: 9, width: 37, height: 53), Window(column: 0, row: 0, width: 300, height: 250),
                       Window(column: 0, row: 0, width: 1, height: 240)] {
            let n = window.width * window.height
            let bands = (0..<3).map { b in
                (0..<n).map { i in i % 97 == b ? Float.nan : Float(UInt16.random(in: 0...4000, using: &random)) }
            }
            let stretch = bands.map { Stretch($0) }
            let size = 240
            let panel = EvidenceChip.compose(bands, stretch, window: window, size: size)
            var wrong = 0
            for y in 0..<size {
                for x in 0..<size {
                    let i = min(window.height - 1, y * window.height / size) * window.width + min(window.width - 1, x * window.width / size)
                    if panel.pixel(x: x, y: y) != RGB(stretch[0].byte(bands[0][i]), stretch[1].byte(bands[1][i]), stretch[2].byte(bands[2][i])) {
                        wrong += 1
                    }
                }
            }
            #expect(wrong == 0, "window \(window)")
        }
    }

    /// The stretch takes its percentiles from the finite values only: NaN and infinities beside
    /// them change nothing.
    @Test func stretchIgnoresNaNAndInfinities() {
        let values = (0..<1000).map(Float.init)
        let plain = Stretch(values)
        #expect(abs(plain.low - 20) < 1 && abs(plain.high - 980) < 1, "2 and 98 % of 0…999: \(plain.low)…\(plain.high)")
        for extra: [Float] in [[.nan], [.infinity, -.infinity], [.nan, .infinity]] {
            let s = Stretch(values + extra)
            #expect(s.low == plain.low && s.high == plain.high, "with \(extra)")
        }
        #expect(Stretch([.nan, .nan]).low == 0 && Stretch([.nan, .nan]).high == 1)
    }
}

