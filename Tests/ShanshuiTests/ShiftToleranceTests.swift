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

    /// The forgiving distances, or with `forgiving` false the plain ones (all weight on the plain distance).
    private func distances(before: [Float], after: [Float], forgiving: Bool = true) -> [Float] {
        var result = [Float](repeating: -1, count: 64)
        before.withUnsafeBufferPointer { b in
            after.withUnsafeBufferPointer { a in
                result.withUnsafeMutableBufferPointer { r in
                    ShiftTolerance.distances(before: b.baseAddress!, after: a.baseAddress!, planes: 2, width: 8, height: 8,
                                             plainShare: forgiving ? 0 : 1, into: r)
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

    @Test func onePixelAtATimeOnRawBandsAgreesWithTheBlock() throws {
        let before = edge(shift: 0), after = edge(shift: 0.4).map { 3 * $0 + 1 }
        let pixelMajor = { (planes: [Float]) in (0..<64).flatMap { i in [planes[i], planes[64 + i]] } }
        let scaling = try #require(ChangeVectorScaling(x: pixelMajor(before), y: pixelMajor(after), bandCount: 2))
        let standard = { (planes: [Float], mean: [Float], scale: [Float]) in
            planes.indices.map { (planes[$0] - mean[$0 / 64]) * scale[$0 / 64] }
        }
        let zb = standard(before, scaling.beforeMean, scaling.beforeScale), za = standard(after, scaling.afterMean, scaling.afterScale)
        let forgiven = distances(before: zb, after: za), plain = distances(before: zb, after: za, forgiving: false)
        before.withUnsafeBufferPointer { b in
            after.withUnsafeBufferPointer { a in
                for i in 0..<64 {
                    let d = ShiftTolerance.distances(before: b, after: a, scaling: scaling, count: 64, width: 8, height: 8, pixel: i)
                    #expect(abs(d.forgiven - forgiven[i]) < 1e-3 && abs(d.plain - plain[i]) < 1e-3, "pixel \(i)")
                }
            }
        }
    }

    @Test func aPatchRemembersHowMuchAShiftExplainsAndItsMeanVectors() {
        var strip = PatchStatistics(), other = PatchStatistics()
        strip.addShift(forgiven: 0.1, plain: 1)
        other.addShift(forgiven: 0.1, plain: 1)
        // Two pixels, each band scaled by 1.1 on average: the mean vectors do not turn.
        strip.addBand(0, of: 2, before: 1000, after: 1200)
        strip.addBand(1, of: 2, before: 2000, after: 2000)
        other.addBand(0, of: 2, before: 1000, after: 1000)
        other.addBand(1, of: 2, before: 2000, after: 2400)
        strip.merge(other)
        #expect(abs(strip.shiftShare - 0.1) < 1e-6)
        #expect(strip.meanVectorAngle < 1e-3)
        #expect(PatchStatistics().shiftShare == 1)
        #expect(other.meanVectorAngle > 3)
    }
}

/// The block's distances, eight interior pixels at a time, are the scalar per-pixel ones exactly.
@Suite("Shift-forgiving change distance: vector lanes")
struct ShiftToleranceLaneTests {
    @Test func vectorLanesGiveTheScalarValues() {
        // 37 columns: one edge pixel, four chunks of eight, then scalar tails; flat patches (both
        // neighbours equal, no interior minimum) beside noisy ones, so every branch is taken.
        let width = 37, height = 9, p = 3, n = width * height
        var state: UInt64 = 2026
        func random() -> Float {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(state >> 40) / Float(1 << 24) * 6 - 3
        }
        let before = (0..<(p * n)).map { i in (i % width) % 5 == 0 ? 1 : random() }
        let after = before.enumerated().map { i, v in (i / width) % 3 == 0 ? v + random() * 0.1 : random() }
        var result = [Float](repeating: -1, count: n)
        before.withUnsafeBufferPointer { b in
            after.withUnsafeBufferPointer { a in
                result.withUnsafeMutableBufferPointer { r in
                    ShiftTolerance.distances(before: b.baseAddress!, after: a.baseAddress!, planes: p, width: width, height: height,
                                             plainShare: 0.25, into: r)
                }
                for row in 0..<height {
                    for column in 0..<width {
                        let i = row * width + column
                        var products = ShiftTolerance.Products(row: row, column: column, width: width, height: height)
                        for band in 0..<p { products.add(residual: a[band * n + i] - b[band * n + i], before: b.baseAddress!, at: band * n + i, scale: 1) }
                        let expected = 0.25 * products.rr + 0.75 * products.minimum
                        #expect(result[i] == expected, "pixel (\(column), \(row))")
                    }
                }
            }
        }
        #expect(Set(result).count > n / 2)
    }
}
