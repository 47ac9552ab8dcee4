@testable import Shanshui
import Testing

/// Quantiles by selection give exactly what sorting gave (the detector's thresholds and its
/// output must not move when the fit gets faster).
@Suite("Quantiles by selection")
struct SelectionTests {
    @Test("every rank of arrays with runs of equal values, sorted, reversed and shuffled input")
    func selectionIsTheSortedValue() {
        var state: UInt64 = 7
        func next() -> Float {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float((state >> 40) % 50) / 4
        }
        let shuffled = (0..<301).map { _ in next() }
        for values in [shuffled, shuffled.sorted(), Array(shuffled.sorted().reversed()), [Float](repeating: 3, count: 40), [1.5]] {
            let sorted = values.sorted()
            for rank in values.indices {
                var copy = values
                #expect(copy.select(rank: rank) == sorted[rank])
            }
        }
    }

    @Test("quantile and Otsu keep their nearest-rank answers")
    func thresholdsKeepTheirAnswers() {
        let values: [Float] = [9, 1, 7, 3, 3, 8, 2, 10, 0, 4]
        #expect(Thresholds.quantile(values, 0.5) == 3)   // sorted: 0 1 2 3 3 4 7 8 9 10, rank 4
        #expect(Thresholds.quantile(values, 0) == 0)
        #expect(Thresholds.quantile(values, 1) == 10)
        #expect(Thresholds.quantile([], 0.5) == nil)
        let bimodal = (0..<200).map { Float($0 % 10) } + (0..<50).map { Float(100 + $0 % 10) }
        let otsu = Thresholds.otsu(bimodal)
        #expect(otsu.map { $0 > 9 && $0 < 100 } == true)
    }

    @Test("an array holding NaN is sorted, so the answer is still the sort's")
    func nanFallsBackToSorting() {
        let values: [Float] = [3, .nan, 1, 2]
        let sorted = values.sorted()
        for rank in values.indices {
            var copy = values
            #expect(copy.select(rank: rank).bitPattern == sorted[rank].bitPattern)
        }
    }
}
