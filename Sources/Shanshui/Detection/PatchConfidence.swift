import Foundation

/// A patch's confidence: the chance that it is real change, from how far its mean magnitude sits
/// above the threshold and how many pixels it holds, by a logistic map fitted offline.
enum PatchConfidence {
    /// Logistic weights: intercept, log pixel count, log magnitude ratio.
    static let weights = (intercept: -1.0, logPixels: 0.5, logRatio: 2.0)

    /// The confidence of a patch (0–1).
    static func of(ratio: Double, pixels: Int, measure: ChangeMeasure) -> Double {
        let z = weights.intercept + weights.logPixels * log(Double(max(pixels, 1))) + weights.logRatio * log(max(ratio, 1e-6))
        return 1 / (1 + exp(-z))
    }
}
