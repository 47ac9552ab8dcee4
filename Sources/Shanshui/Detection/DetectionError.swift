/// What can go wrong in change detection because of the input: each case names the file or
/// option at fault and says what to do.
public enum DetectionError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A raster could not be opened or read.
    case unreadable(path: String, reason: String)
    /// `--bands` or the band descriptions do not give the roles detection needs.
    case bandRoles(String)
    /// The two epochs (or the requested region) share no pixels.
    case noOverlap(String)
    /// Every pixel of the overlap is masked (clouds, shadows, nodata).
    case nothingToAssess(String)
    /// An option value that cannot be used.
    case invalidOption(String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): reason.contains(path) ? reason : "cannot read '\(path)': \(reason)"
        case .bandRoles(let m), .noOverlap(let m), .nothingToAssess(let m), .invalidOption(let m): m
        }
    }
}
