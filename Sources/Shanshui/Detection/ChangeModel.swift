/// Everything fitted once per scene from sampled pixels and then applied to every block: the
/// IR-MAD transform, the change threshold, the radiometric normalisation and the cloud screens.
/// A `Sendable` value, so all workers share it.
public struct ChangeModel: Sendable, Codable {
    /// The roles of the planes, in order.
    public let roles: [BandRole]
    /// The IR-MAD transform giving each pixel's chi-square change statistic.
    public let irmad: IRMADModel
    /// Pixels whose change magnitude (square root of the 3×3 mean chi-square) exceeds this are changed.
    public let threshold: Float
    /// True when `threshold` was chosen automatically (Otsu), false when given.
    public let thresholdIsAutomatic: Bool
    /// AFTER-to-BEFORE correction for index differences.
    public let normalisation: RadiometricNormalisation
    /// BEFORE's cloud screen; nil when screening is off or the epoch has a mask.
    public let beforeScreen: CloudScreen?
    /// AFTER's cloud screen, likewise.
    public let afterScreen: CloudScreen?
    /// Median visible brightness of BEFORE, to express brightness changes relatively.
    public let brightnessScale: Float
}
