@testable import Shanshui
import Testing

/// The change distance that forgives sub-pixel misregistration (issue 13): an edge shifted by less
/// than half a pixel costs (almost) nothing, a real change keeps its full size.
@Suite("Shift-forgiving change distance")
struct ShiftToleranceTests {
    /// A 2-band 8×8 block with a vertical edge between columns 3 and 4, sampled as an area mean
    /// after shifting the scene right by `shift` pixels.
    private func edge(shift: Float) -> [Float] {
        let width = 8, height = 8
        var planes = [Float](repeating: 0, count: 2 * width * height)
        for row in 0..<height {
            for column in 0..<width {
                // Share of pixel [column, column + 1) right of the edge at x = 4 + shift.
                let bright = max(0, min(1, Float(column + 1) - (4 + shift)))
                planes[row * width + column] = 1 + 4 * bright
                planes[width * height + row * width + column] = 2 - bright
            }
        }
        return planes
    }

    private func distances(before: [Float], after: [Float], forgiving: Bool = true) -> [Float] {
        var result = [Float](repeating: -1, count: 64)
        before.withUnsafeBufferPointer { b in
            after.withUnsafeBufferPointer { a in
                result.withUnsafeMutableBufferPointer { r in
                    ShiftTolerance.distances(before: b.baseAddress!, after: a.baseAddress!, planes: 2, width: 8, height: 8,
                                             forgiving: forgiving, into: r)
                }
            }
        }
        return result
    }

    @Test func aShiftedEdgeCostsNothing() {
        let before = edge(shift: 0), after = edge(shift: 0.4)
        let plain = distances(before: before, after: after, forgiving: false)
        let forgiven = distances(before: before, after: after)
        // The pixel the edge moved into changed by 0.4 of the contrast: 0.4² × (16 + 1).
        #expect(abs(plain[3 * 8 + 4] - 0.16 * 17) < 1e-3)
        #expect(forgiven.allSatisfy { $0 < 1e-3 }, "\(forgiven)")
    }

    @Test func aRealChangeKeepsItsSize() {
        let before = edge(shift: 0)
        var after = before
        after[2 * 8 + 1] += 3  // band 1 of pixel (1, 2), in uniform surroundings
        let forgiven = distances(before: before, after: after)
        #expect(abs(forgiven[2 * 8 + 1] - 9) < 1e-3)
        #expect(forgiven[2 * 8 + 6] < 1e-6)
    }
}
