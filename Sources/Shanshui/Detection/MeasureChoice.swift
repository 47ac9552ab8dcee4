import Foundation

/// The scene's sanity guard and choice of change measure, from the sampled magnitudes of both
/// measures. IR-MAD with Otsu's threshold is kept when its fit is sound and it separates a change
/// class at least as clearly as standardised change vectors do; otherwise the change vectors are
/// thresholded at the stricter of Otsu and the robust no-change bound (median + 5 MAD), which no
/// scene-wide shift can push over half the scene.
///
/// A fit is degenerate when almost no sampled pixel fits IR-MAD's no-change model (a tiny
/// invariant set), when Otsu would flag a large share of the scene, or when a per-band gain
/// cannot reconcile the epochs. Then the choice carries one warning naming the cause.
/// The limits were set on the Taizhou pair and the OSCD tuning cities (abudhabi, beirut,
/// bordeaux, nantes, paris, saclay_e) with scripts/eval-detect's measures, never on the check cities.
struct MeasureChoice: Sendable {
    let measure: ChangeMeasure
    let threshold: Float
    /// `otsu` or `otsu+robust`.
    let source: String
    let warning: String?

    /// Above this share of changed sample pixels an IR-MAD fit is degenerate.
    static let maximumChangedShare = 0.35
    /// Below this share of sample pixels within IR-MAD's 99 % no-change bound the fit is degenerate.
    static let minimumInvariantShare = 0.05
    /// Normalisation gains outside this range mean the epochs cannot be reconciled.
    static let reconcilableGains: ClosedRange<Float> = 0.2...5
    /// MADs above the median of the change-vector magnitude for the robust bound.
    static let robustDeviations: Float = 5

    /// Chooses the measure and threshold.
    /// - Parameters:
    ///   - irmad: sampled IR-MAD magnitudes (square roots of 3×3 mean chi-squares).
    ///   - vector: sampled change-vector magnitudes, nil when the bands could not be standardised.
    ///   - invariantShare: share of sampled pixels within IR-MAD's 99 % no-change bound.
    ///   - gains: the fitted normalisation gains.
    /// - Throws: `DetectionError.nothingToAssess` when no threshold can be chosen.
    static func choose(irmad: [Float], vector: [Float]?, invariantShare: Double, gains: [Float]) throws -> MeasureChoice {
        guard let otsu = Thresholds.otsu(irmad) else {
            throw DetectionError.nothingToAssess("the change magnitude is the same everywhere; no threshold can be chosen "
                + "(give one with --threshold)")
        }
        let changedShare = Double(irmad.filter { $0 > otsu }.count) / Double(max(irmad.count, 1))
        var causes: [String] = []
        if invariantShare < minimumInvariantShare {
            causes.append(String(format: "a tiny invariant set (%.1f %% of the sampled pixels fit IR-MAD's no-change model, %.0f %% needed)",
                                 100 * invariantShare, 100 * minimumInvariantShare))
        }
        if changedShare > maximumChangedShare {
            causes.append(String(format: "a large share of the scene changed (IR-MAD with Otsu flags %.0f %%, more than %.0f %%)",
                                 100 * changedShare, 100 * maximumChangedShare))
        }
        if let band = gains.firstIndex(where: { !reconcilableGains.contains($0) }) {
            causes.append(String(format: "epochs that normalisation cannot reconcile (gain %.2f in band %d)", gains[band], band + 1))
        }
        let degenerate = causes.isEmpty ? nil : "degenerate change model: " + causes.joined(separator: "; ")
        guard let vector, let vectorOtsu = Thresholds.otsu(vector) else {
            return MeasureChoice(measure: .irmad, threshold: otsu, source: "otsu", warning: degenerate.map { $0 + "; no robust fallback (a band is constant)" })
        }
        let robust = max(vectorOtsu, Thresholds.robustUpperBound(vector, k: robustDeviations) ?? vectorOtsu)
        let fallback = MeasureChoice(measure: .changeVector, threshold: robust, source: "otsu+robust",
                                     warning: degenerate.map { $0 + "; fell back to standardised change vectors with a robust threshold" })
        if degenerate != nil { return fallback }
        if Thresholds.separation(irmad, at: otsu) >= Thresholds.separation(vector, at: vectorOtsu) {
            return MeasureChoice(measure: .irmad, threshold: otsu, source: "otsu", warning: nil)
        }
        return fallback
    }
}
