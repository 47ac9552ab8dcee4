/// Everything fitted once per scene from sampled pixels and then applied to every block: the
/// IR-MAD transform, the change measure chosen for the scene and its threshold, the radiometric
/// normalisation and the cloud screens.
/// A `Sendable` value, so all workers share it.
public struct ChangeModel: Sendable, Codable {
    /// The roles of the planes, in order.
    public let roles: [BandRole]
    /// The IR-MAD transform giving each pixel's chi-square change statistic.
    public let irmad: IRMADModel
    /// The per-pixel statistic thresholded: IR-MAD's chi-square or standardised change vectors.
    public let measure: ChangeMeasure
    /// The standardisation of both epochs for the change-vector measure (also kept with IR-MAD).
    public let scaling: ChangeVectorScaling?
    /// Pixels whose change magnitude (square root of the measure's 3×3 mean) exceeds this are changed.
    public let threshold: Float
    /// How `threshold` was chosen: `otsu`, `otsu+robust` (the stricter of Otsu and the median
    /// + 5 MAD no-change bound) or `given`.
    public let thresholdSource: String
    /// Why the scene's IR-MAD fit was judged degenerate and the robust measure used instead; nil
    /// when the fit was sound.
    public let warning: String?

    /// True when `threshold` was chosen automatically, false when given.
    public var thresholdIsAutomatic: Bool { thresholdSource != "given" }
    /// AFTER-to-BEFORE correction for index differences.
    public let normalisation: RadiometricNormalisation
    /// BEFORE's cloud screen; nil when screening is off or the epoch has a mask.
    public let beforeScreen: CloudScreen?
    /// AFTER's cloud screen, likewise.
    public let afterScreen: CloudScreen?
    /// Flag shadows cast in either epoch on unchanged land (with or without given masks, which
    /// often leave shadows out); off with cloud screening.
    public let screensShadows: Bool
    /// Median visible brightness of BEFORE, to express brightness changes relatively.
    public let brightnessScale: Float
    /// Median BEFORE edge strength of the sample (see `ChangeVectorScaling.beforeEdge`): the scene's
    /// texture, against which an old parcel's edge stands out. Nil in models stored before it existed.
    public var beforeEdgeScale: Float? = nil

    /// Pixels whose BEFORE edge strength exceeds this sit on an edge BEFORE already showed.
    var oldEdgeLimit: Float? { beforeEdgeScale.map { max($0, 1e-6) * ChangeVectorScaling.oldEdgeFactor } }
}
