import CGDAL
import Foundation

extension Raster {
    /// Creates a tiled, compressed GeoTIFF (`TILED=YES`, `BLOCKXSIZE`/`BLOCKYSIZE`, `COMPRESS`,
    /// `PREDICTOR=2` for integer types, `BIGTIFF=IF_SAFER`) with the profile's georeferencing
    /// and nodata, open for writing. The file is written in place: call `flush()` to surface
    /// write errors before the raster is released.
    /// - Parameters:
    ///   - path: where to write the GeoTIFF; an existing file is replaced.
    ///   - profile: size, bands, type, georeferencing, nodata and layout.
    /// - Returns: the new raster, open for update.
    /// - Throws: `GDALError` naming the path when the profile is unusable or GDAL cannot create it.
    public static func create(_ path: String, profile: RasterProfile) throws -> Raster {
        GDAL.ensureRegistered()
        guard profile.width > 0, profile.height > 0, profile.bandCount > 0 else {
            throw GDALError(message: "cannot create '\(path)': a raster needs at least one band and one pixel, "
                + "got \(profile.width)x\(profile.height)x\(profile.bandCount)")
        }
        guard profile.blockSize > 0, profile.blockSize % 16 == 0 else {
            throw GDALError(message: "cannot create '\(path)': GeoTIFF tiles must be a multiple of 16 pixels, got \(profile.blockSize)")
        }
        guard profile.dataType != .unknown, let driver = GDALGetDriverByName("GTiff") else {
            throw GDALError(message: "cannot create '\(path)': pixel type \(profile.dataType.name) cannot be written")
        }
        let options = CStringList(geoTIFFOptions(dataType: profile.dataType, blockSize: profile.blockSize,
                                                 compression: profile.compression))
        CPLErrorReset()
        let created = withExtendedLifetime(options) {
            GDALCreate(driver, path, Int32(profile.width), Int32(profile.height),
                       Int32(profile.bandCount), profile.dataType.gdal, options.pointer)
        }
        guard let handle = created else { throw GDALError.last("cannot create raster '\(path)'") }
        do {
            try georeference(handle, path: path, profile: profile)
        } catch {
            GDALClose(handle)
            _ = VSIUnlink(path)
            throw error
        }
        return Raster(handle: handle, path: path)
    }

    /// Sets geotransform, CRS and per-band nodata of a just-created dataset.
    private static func georeference(_ handle: UnsafeMutableRawPointer, path: String, profile: RasterProfile) throws {
        if let geoTransform = profile.geoTransform {
            var coefficients = geoTransform.coefficients
            guard GDALSetGeoTransform(handle, &coefficients) == CE_None else {
                throw GDALError.last("cannot set the geotransform of '\(path)'")
            }
        }
        if let crs = profile.crs, GDALSetProjection(handle, crs.wkt) != CE_None {
            throw GDALError.last("cannot set the CRS of '\(path)' to \(crs)")
        }
        if let noData = profile.noData {
            for band in 1...profile.bandCount
            where GDALSetRasterNoDataValue(GDALGetRasterBand(handle, Int32(band)), noData) != CE_None {
                throw GDALError.last("cannot set nodata \(noData) on band \(band) of '\(path)'")
            }
        }
    }

    /// Writes a buffer into bands over a window (`GDALDatasetRasterIOEx`), converting from `T`
    /// to the bands' pixel type.
    /// - Parameters:
    ///   - buffer: band-sequential values, one buffer band per target band.
    ///   - bands: 1-based bands to write; bands 1...buffer.bandCount when nil.
    ///   - window: where to write; the window at (0, 0) of the buffer's size when nil.
    /// - Throws: `GDALError` when the bands or window do not fit, or GDAL cannot write.
    public func write<T: RasterScalar>(_ buffer: RasterBuffer<T>, bands: [Int]? = nil, at window: Window? = nil) throws {
        let bands = bands ?? Array(1...buffer.bandCount)
        let window = window ?? Window(column: 0, row: 0, width: buffer.width, height: buffer.height)
        guard bands.count == buffer.bandCount, window.width == buffer.width, window.height == buffer.height else {
            throw GDALError(message: "cannot write a \(buffer.width)x\(buffer.height)x\(buffer.bandCount) buffer "
                + "to band(s) \(bands) at \(window) of '\(displayName)': sizes differ")
        }
        try check(bands: bands, window: window)
        // GF_Write only reads the buffer; passing it as mutable avoids copying the values.
        try buffer.values.withUnsafeBytes { bytes in
            try rasterIO(GF_Write, bands: bands, window: window,
                         buffer: UnsafeMutableRawPointer(mutating: bytes.baseAddress), type: T.self)
        }
    }

    /// Sets a band's description (its name in QGIS and `gdalinfo`).
    /// - Parameters:
    ///   - description: the text, e.g. "NDVI 2003 - 2000".
    ///   - band: 1-based band number.
    /// - Throws: `GDALError` when the band does not exist.
    public func setDescription(_ description: String, band: Int) throws {
        GDALSetDescription(try bandHandle(band), description)
    }

    /// Writes cached blocks to disk (`GDALFlushCache`).
    /// - Throws: `GDALError` when GDAL reports a failure while writing.
    public func flush() throws {
        CPLErrorReset()
        GDALFlushCache(handle)
        if CPLGetLastErrorType().rawValue >= CE_Failure.rawValue {
            throw GDALError.last("cannot write '\(displayName)'")
        }
    }

    /// Writes a Cloud Optimized GeoTIFF copy of `source` (`GDALTranslate -of COG -co COMPRESS=DEFLATE`).
    /// It is written under a temporary name in the same directory and renamed when complete,
    /// so `path` never holds a half-written file.
    /// - Parameters:
    ///   - source: any open raster.
    ///   - path: the COG to write; an existing file is replaced.
    /// - Throws: `GDALError` naming both files when GDAL fails; the temporary file is removed.
    public static func writeCOG(from source: Raster, to path: String) throws {
        var arguments = ["-of", "COG", "-co", "COMPRESS=DEFLATE", "-co", "BIGTIFF=IF_SAFER"]
        if source.bands.first?.dataType.isInteger == true { arguments += ["-co", "PREDICTOR=YES"] }
        try writeAtomically(to: path) { temporary in
            CPLErrorReset()
            let argv = CStringList(arguments)
            guard let options = withExtendedLifetime(argv, { GDALTranslateOptionsNew(argv.pointer, nil) }) else {
                throw GDALError.last("bad COG options \(arguments)")
            }
            defer { GDALTranslateOptionsFree(options) }
            var usageError: Int32 = 0
            guard let written = GDALTranslate(temporary, source.handle, options, &usageError) else {
                throw GDALError.last("cannot write COG '\(path)' from '\(source.displayName)'")
            }
            GDALClose(written)
        }
    }

    /// GeoTIFF creation options for a tiled, compressed file.
    static func geoTIFFOptions(dataType: RasterDataType, blockSize: Int, compression: String) -> [String] {
        var options = ["TILED=YES", "BLOCKXSIZE=\(blockSize)", "BLOCKYSIZE=\(blockSize)",
                       "COMPRESS=\(compression)", "BIGTIFF=IF_SAFER"]
        if dataType.isInteger, !dataType.isComplex, compression.uppercased() != "NONE" {
            options.append("PREDICTOR=2")
        }
        return options
    }

    /// Runs `write` on a temporary path next to `path`, then renames it to `path`; on any
    /// failure the temporary file (and its `.aux.xml`) is removed and the error rethrown.
    /// `write` must close every dataset it opened on the temporary path before returning.
    static func writeAtomically(to path: String, _ write: (String) throws -> Void) throws {
        GDAL.ensureRegistered()
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let temporary = "\(directory).\(name).partial-\(UUID().uuidString)"
        do {
            try write(temporary)
            CPLErrorReset()
            guard VSIRename(temporary, path) == 0 else {
                throw GDALError.last("cannot rename '\(temporary)' to '\(path)'")
            }
            if exists(temporary + ".aux.xml") { _ = VSIRename(temporary + ".aux.xml", path + ".aux.xml") }
        } catch {
            for leftover in [temporary, temporary + ".aux.xml"] where exists(leftover) { _ = VSIUnlink(leftover) }
            throw error
        }
    }
}
