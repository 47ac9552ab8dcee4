import Foundation

/// How detection runs: band roles, minimum mapping unit, threshold override, cloud screening,
/// simplification, block size and threads. Defaults suit Sentinel-2 and Landsat scenes.
public struct DetectionConfiguration: Sendable {
    /// Band roles for both epochs; inferred from band names when nil.
    public var bandRoles: BandRoles?
    /// Patches smaller than this many m² are dropped (they stay in the change raster).
    public var minimumArea: Double = 1000
    /// Change magnitude threshold; chosen per scene (Otsu) when nil.
    public var threshold: Float?
    /// Screen clouds and shadows automatically in epochs without a mask.
    public var cloudScreen = true
    /// Douglas-Peucker tolerance in the grid's CRS units (metres for UTM); pixel-exact when nil.
    public var simplifyTolerance: Double?
    /// Side of the square blocks processed in parallel, in pixels.
    public var blockSize = 512
    /// Worker threads; all cores by default.
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    /// Where to write the change raster (1 change, 0 no change, 255 not assessed); none when nil.
    public var changeRasterPath: String?
    /// Pixels sampled for fitting IR-MAD and the normalisation.
    public var samplePixels = 150_000

    /// The defaults.
    public init() {}
}
