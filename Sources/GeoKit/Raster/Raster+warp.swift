import CGDAL

extension Raster {
    /// Reprojects and resamples this raster onto `grid`, so the result has exactly the grid's
    /// size, geotransform and CRS (`GDALWarp` with `-t_srs`, `-te`, `-ts`, `-r`).
    ///
    /// With no `path` the result is a virtual raster (a warped VRT): nothing is computed until
    /// it is read, and reading it block by block warps block by block, so a scene never sits
    /// in memory. The virtual raster keeps this raster open and must stay on its thread.
    /// With a `path` a tiled DEFLATE GeoTIFF is written (under a temporary name, then renamed)
    /// and opened read-only.
    ///
    /// Pixels the source does not cover get `noData`. The source's nodata, when it declares one,
    /// is never used as a value (`-srcnodata`).
    /// - Parameters:
    ///   - grid: the target grid; a nil CRS means this raster's CRS. It must be north-up.
    ///   - resampling: how target pixels are computed, bilinear by default.
    ///   - noData: the target nodata; by default the source band's nodata, or 0 when the source
    ///     declares none (0 is the fill value of Landsat and Sentinel-2 products).
    ///   - path: where to write a GeoTIFF; nil for a virtual raster.
    /// - Returns: the warped raster.
    /// - Throws: `GDALError` when the CRSs are missing or GDAL cannot warp or write.
    public func warp(onto grid: RasterGrid, resampling: Resampling = .bilinear, noData: Double? = nil,
                     to path: String? = nil) throws -> Raster {
        guard grid.geoTransform.isNorthUp, grid.geoTransform.pixelHeight < 0, grid.width > 0, grid.height > 0 else {
            throw GDALError(message: "cannot warp '\(displayName)': the target grid must be north-up and non-empty")
        }
        var arguments: [String] = []
        if let target = grid.crs {
            guard crs != nil else {
                throw GDALError(message: "cannot warp '\(displayName)' onto \(target): the raster has no CRS; "
                    + "assign one (e.g. with gdal_edit.py -a_srs) first")
            }
            arguments += ["-t_srs", target.wkt]
        }
        let b = grid.bounds
        arguments += ["-te", "\(b.minX)", "\(b.minY)", "\(b.maxX)", "\(b.maxY)",
                      "-ts", "\(grid.width)", "\(grid.height)", "-r", resampling.gdalName]
        let sourceNoData = bands.compactMap(\.noData)
        if !sourceNoData.isEmpty, sourceNoData.count == bandCount {
            arguments += ["-srcnodata", sourceNoData.map { "\($0)" }.joined(separator: " ")]
        }
        let targetNoData = noData ?? sourceNoData.first ?? 0
        arguments += ["-dstnodata", "\(targetNoData)"]
        guard let path else {
            arguments += ["-of", "VRT"]
            let handle = try gdalWarp(to: "", arguments: arguments)
            return Raster(handle: handle, path: "", dependencies: [self])
        }
        arguments += ["-of", "GTiff"]
        let dataType = bands.first?.dataType ?? .byte
        for option in Raster.geoTIFFOptions(dataType: dataType, blockSize: 256, compression: "DEFLATE") {
            arguments += ["-co", option]
        }
        try Raster.writeAtomically(to: path) { temporary in
            GDALClose(try gdalWarp(to: temporary, arguments: arguments))
        }
        return try Raster.open(path)
    }

    /// One `GDALWarp` call from this raster to a new dataset at `destination`.
    func gdalWarp(to destination: String, arguments: [String]) throws -> UnsafeMutableRawPointer {
        GDAL.ensureRegistered()
        CPLErrorReset()
        let argv = CStringList(arguments)
        guard let options = withExtendedLifetime(argv, { GDALWarpAppOptionsNew(argv.pointer, nil) }) else {
            throw GDALError.last("bad warp options for '\(displayName)'")
        }
        defer { GDALWarpAppOptionsFree(options) }
        var sources: [GDALDatasetH?] = [handle]
        var usageError: Int32 = 0
        guard let warped = GDALWarp(destination, nil, 1, &sources, options, &usageError) else {
            throw GDALError.last("cannot warp '\(displayName)'")
        }
        return warped
    }
}
