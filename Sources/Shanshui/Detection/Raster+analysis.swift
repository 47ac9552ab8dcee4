import GeoKit

extension Raster {
    /// Opens a raster that detection or an epoch will read, with its header checked
    /// (`checkPlausible()`); failures become `DetectionError.unreadable` naming the path.
    static func openForAnalysis(_ path: String) throws -> Raster {
        do {
            let raster = try Raster.open(path)
            try raster.checkPlausible()
            return raster
        } catch let error as GDALError {
            throw DetectionError.unreadable(path: path, reason: error.message)
        }
    }
}
