import Foundation

/// A patch's confidence: the share of the tuning patches like it that were real damage.
///
/// Two steps, both fitted offline by scripts/fit_confidence.py from the output of
/// scripts/eval-detect, never on the check cities: the OSCD tuning cities (abudhabi, beirut,
/// bordeaux, nantes, paris, saclay_e; a patch is right when a quarter of it is labelled change),
/// the 1500² trap scene (seed 2026; right when a quarter is planted damage) and what each trap
/// alone leaves in a 450² scene (seed 2026; all wrong):
/// 1. `score`: a logistic score of size, how far the mean magnitude sits above the threshold,
///    the index changes, shape, how near the change is to a brightness scaling and whether
///    vegetation came back (maximum likelihood, a little ridge, the trap patches a tenth of the
///    weight: the planted ones are all alike and all right);
/// 2. `calibrated`: the score mapped to the share right of the group of tuning patches it falls
///    in (pool-adjacent-violators, groups of at least ten patches). Monotone: a higher score
///    never lowers confidence.
/// `ledgerMinimum` (scan's default `--min-confidence`) is the calibrated value that maximised the
/// F1 of the ledger on the tuning patches (0.56: recall 0.60, precision 0.53; on the check cities
/// 0.46: recall 0.60, precision 0.37) while the trap scene kept 95 % of its right patches.
/// At fitting, patches at 0.8 and above were right 0.88 of the time on the tuning side (64: the
/// 50 planted trap patches all right, the 14 city patches 0.43) and 1.00 on the check cities (6).
/// Trap artefacts stay under 0.8 but not all under `ledgerMinimum` (sub-pixel misregistration
/// alone leaves edge patches up to about 0.6).
enum PatchConfidence {
    /// Intercept, then the weights of log pixels, log magnitude ratio, dNDVI, relative brightness
    /// change, |water index change|, bareness change, log elongation, compactness, nearness to a
    /// brightness scaling (log of `nearScalingAngle` over the spectral angle, 0 above it) and restored.
    static let weights: [Double] = [-2.7286, 0.6620, 0.6108, -1.1706, 0.1476, -0.3404, -0.8475, -0.6504, -0.5409, -1.4395, -0.5551]

    /// Spectral angles (degrees) under this are nearly a brightness scaling (sand drying, a
    /// shifted edge of the same cover) and count against the patch.
    static let nearScalingAngle = 5.0

    /// (lowest score of a group, its confidence), increasing in both.
    static let calibration: [(score: Double, chance: Double)] = [
        (-4.7308, 0.074), (-3.0935, 0.083), (-2.6247, 0.102), (-2.3025, 0.108), (-1.8317, 0.111), (-1.5292, 0.162), (-1.3926, 0.179),
        (-1.3638, 0.189), (-1.1455, 0.24), (-0.9255, 0.3), (-0.8438, 0.444), (-0.5037, 0.492), (-0.2108, 0.5), (0.0661, 0.58),
        (1.285, 0.733), (1.6011, 0.851), (2.5659, 0.944),
    ]

    /// Scan's default minimum confidence for the ledger (see the type's comment).
    static let ledgerMinimum = 0.3

    /// The confidence (0–1) of a patch from its own measures (no labels): the same in `detect`
    /// and `scan`, since both outline patches through `ChangeDetector.patch`.
    static func of(_ patch: Patch) -> Double {
        calibrated(score(patch))
    }

    /// The logistic score (log-odds before calibration) of a patch.
    static func score(_ patch: Patch) -> Double {
        zip(weights, features(patch)).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// The features `weights` weigh, in their order (scripts/fit_confidence.py's `features`
    /// computes the same from the GeoJSON properties).
    static func features(_ p: Patch) -> [Double] {
        let compactness = p.perimeterM > 0 ? 4 * .pi * p.areaM2 / (p.perimeterM * p.perimeterM) : 0
        return [1, log(Double(max(p.pixelCount, 1))), log(max(p.magnitudeRatio, 1e-3)), p.dNDVI, p.dBrightness, abs(p.dWater), p.dBare,
                log(max(p.elongation, 1)), min(max(compactness, 0), 1),
                max(0, log(nearScalingAngle / max(p.spectralAngle, 0.1))), p.change == .restored ? 1 : 0]
    }

    /// The confidence of a score: that of the highest group whose lowest score it reaches (the
    /// lowest group's below them all).
    static func calibrated(_ score: Double) -> Double {
        calibration.last { $0.score <= score }?.chance ?? calibration.first?.chance ?? 0
    }
}
