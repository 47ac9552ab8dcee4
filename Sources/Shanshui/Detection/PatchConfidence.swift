import Foundation

/// A patch's confidence: the chance that it is real damage, by a logistic map of its size, how far
/// its mean magnitude sits above the threshold, its index changes and its shape.
///
/// The weights were fitted offline (maximum likelihood, a little ridge) on the patches of the OSCD
/// tuning cities (abudhabi, beirut, bordeaux, nantes, paris, saclay_e; right when a quarter of the
/// patch is labelled change) and of the 1500² trap scene of scripts/eval-detect (seed 2026; right
/// when a quarter is planted damage), the two sources weighted equally; never on the check
/// cities. scripts/eval-detect prints the reliability table they give.
enum PatchConfidence {
    /// Intercept, then the weights of log pixels, log magnitude ratio, dNDVI, relative brightness
    /// change, |water index change|, bareness change and log elongation.
    static let weights: [Double] = [-3.8689, 0.1662, 3.4019, -1.4245, 0.5907, 0.1953, -0.4339, 2.1671]

    /// The confidence (0–1) of a patch with these measures.
    static func of(pixels: Int, ratio: Double, dNDVI: Double, dBrightness: Double, dWater: Double, dBare: Double,
                   elongation: Double) -> Double {
        let features = [1, log(Double(max(pixels, 1))), log(max(ratio, 1e-3)), dNDVI, dBrightness, abs(dWater), dBare,
                        log(max(elongation, 1))]
        let z = zip(weights, features).reduce(0) { $0 + $1.0 * $1.1 }
        return 1 / (1 + exp(-z))
    }
}
