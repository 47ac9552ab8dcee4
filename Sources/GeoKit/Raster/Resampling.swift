/// How a warp computes a target pixel from the source pixels under it.
///
/// `nearest` and `mode` keep class values (masks, land cover); `bilinear` and `cubic`
/// suit reflectance; `average` suits going to a coarser grid.
public enum Resampling: String, CaseIterable, Hashable, Sendable {
    /// The value of the nearest source pixel.
    case nearest
    /// Weighted mean of the 2 x 2 nearest source pixels.
    case bilinear
    /// Cubic convolution over the 4 x 4 nearest source pixels.
    case cubic
    /// Mean of the valid source pixels under the target pixel.
    case average
    /// Most frequent source value under the target pixel.
    case mode

    /// The name `gdalwarp -r` takes.
    public var gdalName: String {
        switch self {
        case .nearest: "near"
        default: rawValue
        }
    }
}
