@testable import Shanshui
import Testing

/// The per-pixel decision (issue 13): the 3×3 mean lights a rim around every change, and the
/// rim a pixel did not earn by its own statistic is trimmed.
@Suite("Change mask: smoothing and its rim")
struct ChangeMaskTests {
    static let width = 9, threshold: Float = 4

    /// Codes of a 9×9 block whose statistic is `chi`, smoothed and then (or not) trimmed.
    private func codes(_ chi: [Float], trimmed: Bool) -> [UInt8] {
        let n = chi.count
        var meanSquare = [Float](repeating: 0, count: n), codes = [UInt8](repeating: ChangeMask.notAssessed, count: n)
        ChangeMask.smooth(chi: chi, invalid: [UInt8](repeating: 0, count: n), width: Self.width, height: Self.width,
                          threshold: Self.threshold, meanSquare: &meanSquare, codes: &codes)
        if trimmed {
            ChangeMask.trimRim(chi: chi, width: Self.width, height: Self.width, threshold: Self.threshold, codes: &codes)
        }
        return codes
    }

    /// A 5×5 change (rows and columns 2–6) with a quiet pixel at its centre and one partly changed
    /// pixel on its rim, above it at row 1, column 4.
    private var square: [Float] {
        var chi = [Float](repeating: 0, count: Self.width * Self.width)
        for row in 2...6 {
            for column in 2...6 where !(row == 4 && column == 4) { chi[row * Self.width + column] = 100 }
        }
        chi[1 * Self.width + 4] = 10
        return chi
    }

    @Test func pixelsLitOnlyByTheirNeighboursAreTrimmed() {
        let smoothed = codes(square, trimmed: false), trimmed = codes(square, trimmed: true)
        let changed = { (c: [UInt8]) in c.indices.filter { c[$0] == ChangeMask.change } }
        // Smoothing grows the square by a rim of quiet pixels.
        #expect(smoothed[1 * Self.width + 3] == ChangeMask.change)
        #expect(changed(smoothed).count > 25)
        // Trimming keeps the square, its quiet centre too (a trim never makes a hole, which could cut a
        // patch in two), and the rim pixel that changed on its own.
        #expect(smoothed[4 * Self.width + 4] == ChangeMask.change)
        let expected = (2...6).flatMap { row in (2...6).map { row * Self.width + $0 } } + [1 * Self.width + 4]
        #expect(Set(changed(trimmed)) == Set(expected))
    }
}
