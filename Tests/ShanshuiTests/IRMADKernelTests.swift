@testable import Shanshui
import Testing

/// The fast paths of IR-MAD's arithmetic (issue 18 item 6) give the numbers of the plain ones.
@Suite("IR-MAD kernels: closed forms and vector loops")
struct IRMADKernelTests {
    /// The no-change weight's closed form for even degrees is 1 − cdf (the gamma series), and
    /// odd degrees still use the series.
    @Test func survivalIsOneMinusTheCDF() {
        for degrees in [1, 3, 4, 6] {
            for x in stride(from: 0.0, through: 60, by: 0.37) {
                let expected = 1 - ChiSquare.cdf(x, degrees: degrees)
                #expect(abs(ChiSquare.survival(x, degrees: degrees) - expected) < 1e-11, "χ²(\(degrees)) at \(x)")
            }
        }
        #expect(ChiSquare.survival(0, degrees: 4) == 1)
        #expect(ChiSquare.survival(-1, degrees: 4) == 1)
    }

    /// The block chi-square (eight pixels at a time, then a tail) gives every pixel the value of
    /// the fit's per-sample chi-square of the same values, whatever range it is computed in.
    @Test func blockChiSquareMatchesTheSampleChiSquare() throws {
        let p = 4, count = 203   // not a multiple of eight: vectors and a tail
        let (x, y) = IRMADKernelTests.samples(count: count, bandCount: p)
        let model = try #require(IRMADModel.fit(x: x, y: y, bandCount: p))
        // The same pixels as band-sequential planes.
        let before = (0..<p).flatMap { band in (0..<count).map { x[$0 * p + band] } }
        let after = (0..<p).flatMap { band in (0..<count).map { y[$0 * p + band] } }
        var whole = [Float](repeating: -1, count: count), pieces = whole
        before.withUnsafeBufferPointer { b in
            after.withUnsafeBufferPointer { a in
                whole.withUnsafeMutableBufferPointer { r in
                    model.chiSquare(before: b.baseAddress!, after: a.baseAddress!, count: count, pixels: 0..<count, into: r.baseAddress!)
                }
                pieces.withUnsafeMutableBufferPointer { r in
                    for range in [0..<5, 5..<100, 100..<count] {
                        model.chiSquare(before: b.baseAddress!, after: a.baseAddress!, count: count, pixels: range, into: r.baseAddress!)
                    }
                }
            }
        }
        #expect(whole == pieces)
        let samples = model.chiSquares(x: x, y: y, pixels: 0..<count)
        for i in 0..<count {
            // The sample form sums BEFORE − AFTER per band, the block form per epoch: rounding apart.
            #expect(abs(whole[i] - samples[i]) <= 1e-3 * max(1, samples[i]), "pixel \(i)")
        }
        #expect(whole.allSatisfy { $0 >= 0 })
    }

    /// Pixel-major samples: AFTER a gain and offset of BEFORE plus noise, so the fit is sound.
    static func samples(count: Int, bandCount p: Int) -> (x: [Float], y: [Float]) {
        var state: UInt64 = 7
        func random() -> Float {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(state >> 40) / Float(1 << 24) * 1000
        }
        var x: [Float] = [], y: [Float] = []
        for _ in 0..<count {
            for band in 0..<p {
                let value = random()
                x.append(value)
                y.append(0.9 * value + Float(band * 10) + random() / 50)
            }
        }
        return (x, y)
    }

    /// The fit's per-sample chi-square, eight four-band samples at a time, is the scalar sum exactly.
    @Test func sampleChiSquareLanesGiveTheScalarSums() throws {
        let p = 4, count = 45   // five vectors of eight and a tail of five
        let (x, y) = IRMADKernelTests.samples(count: count, bandCount: p)
        let model = try #require(IRMADModel.fit(x: x, y: y, bandCount: p))
        for range in [0..<count, 3..<count, 7..<20] {
            let values = model.chiSquares(x: x, y: y, pixels: range)
            #expect(values.count == range.count)
            for (n, i) in range.enumerated() {
                var sum: Float = 0
                for k in 0..<p {
                    var u = model.offset[k]
                    for j in 0..<p { u += model.before[k * p + j] * x[i * p + j] - model.after[k * p + j] * y[i * p + j] }
                    sum += u * u
                }
                #expect(values[n] == sum, "sample \(i) of \(range)")
            }
        }
    }
}
