import Foundation
import GeoKit

/// One imagery epoch as the user names it: a multiband raster or a list of single-band rasters
/// (band N is then the Nth band across the list), an optional cloud/invalid mask (non-zero =
/// masked) and the acquisition date when known. A plain value: nothing is opened until detection.
public struct EpochSource: Hashable, Sendable {
    /// The raster files, in band order.
    public var files: [String]
    /// A raster whose non-zero pixels are cloud, shadow or otherwise not to be assessed.
    public var mask: String?
    /// The acquisition date, when known.
    public var date: Day?

    /// Makes an epoch.
    /// - Parameters:
    ///   - files: one multiband raster, or single-band rasters in band order.
    ///   - mask: cloud/invalid mask, any grid (it is warped when needed).
    ///   - date: acquisition date; guessed from a YYYYMMDD in the file name when nil.
    public init(files: [String], mask: String? = nil, date: Day? = nil) {
        self.files = files
        self.mask = mask
        self.date = date ?? EpochSource.dateInName(files.first ?? "")
    }

    /// Makes an epoch from a command-line argument: a path, or comma-separated paths.
    public init(argument: String, mask: String? = nil) {
        self.init(files: argument.split(separator: ",").map { String($0) }, mask: mask)
    }

    /// How messages name the epoch: its file, or its first file and the count.
    public var name: String {
        files.count == 1 ? files[0] : "\(files.first ?? "") (+\(files.count - 1) more)"
    }

    /// A date written as YYYYMMDD in a file name (Sentinel-2 and Landsat product names carry one).
    static func dateInName(_ path: String) -> Day? {
        let name = URL(fileURLWithPath: path).lastPathComponent
        guard let range = name.range(of: #"(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])"#, options: .regularExpression) else {
            return nil
        }
        let digits = name[range]
        let text = "\(digits.prefix(4))-\(digits.dropFirst(4).prefix(2))-\(digits.suffix(2))"
        return try? Day(text)
    }
}
