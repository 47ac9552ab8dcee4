import CGDAL
import Foundation

extension Raster {
    /// Opens any raster GDAL reads, read-only: GeoTIFF, COG, ENVI (name the data file; GDAL
    /// finds the `.hdr`), JP2, VRT, and `/vsizip/`, `/vsicurl/`... paths. URLs are read in place
    /// (`https://`, `s3://`, `gs://`; see `GDALPath.resolve(_:)`). A path ending in `.zip` is
    /// read through `/vsizip/`; a zip holding one raster opens that raster.
    /// - Parameter path: file path, URL or GDAL virtual path.
    /// - Returns: the open raster, closed when released.
    /// - Throws: `GDALError` naming the file and saying why: missing, not a regular file (a FIFO
    ///   or device would block), not a raster, or GDAL's reason.
    public static func open(_ path: String) throws -> Raster {
        GDAL.ensureRegistered()
        let gdalPath = GDALPath.resolve(path)
        try refuseSpecialFile(gdalPath, shownAs: path)
        if let handle = openDataset(gdalPath) {
            return Raster(handle: handle, path: path)
        }
        let failure = GDALError.last("cannot open raster '\(path)'")
        if gdalPath.hasPrefix("/vsizip/"), exists(gdalPath), let inside = try onlyRasterInZip(gdalPath, shownAs: path) {
            if let handle = openDataset(inside) { return Raster(handle: handle, path: path) }
            throw GDALError.last("cannot open raster '\(inside)'")
        }
        throw explain(failure, path: path, gdalPath: gdalPath)
    }

    /// Why `path` did not open, in words a user can act on: missing, a directory, a vector
    /// file, not a raster at all, or GDAL's own reason (`failure`) for a damaged file.
    private static func explain(_ failure: GDALError, path: String, gdalPath: String) -> GDALError {
        let what = "cannot open raster '\(path)'"
        guard exists(gdalPath) else {
            let remote = GDALPath.isRemote(gdalPath)
            let reason = failure.message.hasPrefix(what + ": ") ? String(failure.message.dropFirst(what.count + 2)) : "no reason given"
            return GDALError(code: failure.code, message: remote
                ? "\(what): not found or not reachable (\(reason))"
                : "\(what): No such file or directory")
        }
        var isDirectory: ObjCBool = false
        if !gdalPath.hasPrefix("/vsi"), FileManager.default.fileExists(atPath: gdalPath, isDirectory: &isDirectory),
           isDirectory.boolValue {
            return GDALError(code: failure.code, message: "'\(path)' is a directory, not a raster file")
        }
        guard GDALIdentifyDriverEx(gdalPath, UInt32(GDAL_OF_RASTER), nil, nil) == nil else { return failure }
        if let driver = GDALIdentifyDriverEx(gdalPath, UInt32(GDAL_OF_VECTOR), nil, nil),
           let name = GDALGetDriverLongName(driver) {
            return GDALError(code: failure.code, message: "'\(path)' is a vector file (\(String(cString: name))), not a raster")
        }
        let hint = path.lowercased().hasSuffix(".hdr") ? "; for ENVI, open the data file next to the .hdr" : ""
        return GDALError(code: failure.code, message: "'\(path)' is not a raster format GDAL recognises\(hint)")
    }

    private static func openDataset(_ path: String) -> UnsafeMutableRawPointer? {
        CPLErrorReset()
        return GDALOpenEx(path, UInt32(GDAL_OF_RASTER | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR), nil, nil, nil)
    }

    /// True when GDAL's virtual file system finds `path` (`VSIStatL`).
    static func exists(_ path: String) -> Bool {
        // VSIStatBufL is a macro for `struct stat64`, which Swift sees as opaque; on 64-bit
        // glibc (and Darwin's `struct stat`) it has the layout of `struct stat`.
        var buffer = stat()
        return withUnsafeMutablePointer(to: &buffer) { VSIStatL(path, OpaquePointer($0)) } == 0
    }

    /// The one raster inside a zip; nil when the zip is not a directory GDAL can list.
    /// - Throws: `GDALError` when the zip holds no raster or several.
    private static func onlyRasterInZip(_ zip: String, shownAs path: String) throws -> String? {
        guard let list = VSIReadDirRecursive(zip) else { return nil }
        defer { CSLDestroy(list) }
        var rasters: [String] = []
        var entry = list
        while let name = entry.pointee {
            let member = String(cString: name)
            let lower = member.lowercased()
            let sidecar = [".hdr", ".aux.xml", ".ovr", ".prj", ".tfw", ".xml", ".txt", ".md"].contains { lower.hasSuffix($0) }
            if !sidecar, !member.hasSuffix("/"),
               GDALIdentifyDriverEx("\(zip)/\(member)", UInt32(GDAL_OF_RASTER), nil, nil) != nil {
                rasters.append(member)
            }
            entry += 1
        }
        guard rasters.count == 1 else {
            let found = rasters.isEmpty ? "no raster" : "\(rasters.count) rasters (\(rasters.prefix(5).joined(separator: ", ")))"
            throw GDALError(message: "cannot open raster '\(path)': the zip holds \(found); "
                + "name one as /vsizip/\(path)/<file inside>")
        }
        return "\(zip)/\(rasters[0])"
    }
}
