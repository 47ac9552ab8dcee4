import Foundation

/// A patch's confidence: the chance that it is real damage, by a logistic map of its size, how far
/// its mean magnitude sits above the threshold, its index changes and its shape.
///
/// The weights were fitted offline (maximum likelihood, a little ridge) on the patches of the OSCD
/// tuning cities (abudhabi, beirut, bordeaux, nantes, paris, saclay_e; right when a quarter of the
/// patch is labelled change) and of the 1500² trap scene of scripts/eval-detect (seed 2026; right
/// when a quarter is planted damage), the two sources weighted equally; never on the check
/// cities. scripts/fit_confidence.py refits them from the harness output; scripts/eval-detect
/// prints the reliability table they give. Patches under 0.5 were right less than half the time
/// on both halves (0.29 and 0.20 in the 0.2–0.4 bin), hence `scan --min-confidence` 0.5.
enum PatchConfidence {
    /// Intercept, then the weights of log pixels, log magnitude ratio, dNDVI, relative brightness
    /// change, |water index change|, bareness change and log elongation.
    static let weights: [Double] = [-4.6557, 1.1615, 0.5557, -1.9002, 0.0961, 0.4188, -0.6954, -0.5621]

    /// The confidence (0–1) of a patch with these measures.
    static func of(pixels: Int, ratio: Double, dNDVI: Double, dBrightness: Double, dWater: Double, dBare: Double,
                   elongation: Double) -> Double {
        let features = [1, log(Double(max(pixels, 1))), log(max(ratio, 1e-3)), dNDVI, dBrightness, abs(dWater), dBare,
                        log(max(elongation, 1))]
        let z = zip(weights, features).reduce(0) { $0 + $1.0 * $1.1 }
        return 1 / (1 + exp(-z))
    }
}
