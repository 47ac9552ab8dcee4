import CGDAL
import Foundation

extension Raster {
    /// Writes a virtual raster (VRT) at `path` holding `bands` of `sources` in that order, and
    /// external overviews (`path.ovr`, averaged, halving down to about `overviewSize` pixels), so
    /// that map tiles at low zooms read the small overviews instead of the full raster.
    /// Band numbers are 1-based across the sources taken in order, as an epoch's files are; with
    /// several sources each chosen band must be the only band of its file.
    /// Written under temporary names, then renamed (overviews first, the VRT last).
    /// - Returns: the stack, opened read-only.
    /// - Throws: `GDALError` for a band that does not exist, or when GDAL cannot write.
    public static func stack(_ sources: [Raster], bands: [Int], to path: String, overviewSize: Int = 256) throws -> Raster {
        var arguments: [String] = []
        var chosen: [Raster] = []
        if sources.count == 1, let only = sources.first {
            for band in bands { _ = try only.bandHandle(band) }
            chosen = [only]
            arguments = bands.flatMap { ["-b", "\($0)"] }
        } else {
            var firsts: [Int] = [], first = 1
            for source in sources { firsts.append(first); first += source.bandCount }
            for band in bands {
                guard let k = firsts.lastIndex(where: { $0 <= band }), band - firsts[k] < sources[k].bandCount else {
                    throw GDALError(message: "band \(band) does not exist in \(sources.map(\.displayName).joined(separator: ", "))")
                }
                guard sources[k].bandCount == 1 else {
                    throw GDALError(message: "'\(sources[k].displayName)' has \(sources[k].bandCount) bands; an epoch of several files needs one band per file")
                }
                chosen.append(sources[k])
            }
            arguments = ["-separate"]
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(UUID().uuidString).vrt").path
        defer {
            try? FileManager.default.removeItem(atPath: temporary)
            try? FileManager.default.removeItem(atPath: temporary + ".ovr")
        }
        GDAL.ensureRegistered()
        CPLErrorReset()
        let argv = CStringList(arguments)
        guard let options = withExtendedLifetime(argv, { GDALBuildVRTOptionsNew(argv.pointer, nil) }) else {
            throw GDALError.last("bad VRT options for '\(path)'")
        }
        defer { GDALBuildVRTOptionsFree(options) }
        var handles: [GDALDatasetH?] = chosen.map(\.handle)
        var usageError: Int32 = 0
        guard let vrt = withExtendedLifetime(chosen, { GDALBuildVRT(temporary, Int32(handles.count), &handles, nil, options, &usageError) }) else {
            throw GDALError.last("cannot stack \(sources.map(\.displayName).joined(separator: ", ")) into '\(path)'")
        }
        GDALClose(vrt)
        // Overviews are written while the stack is open and complete once it is closed.
        try Raster.open(temporary) { built in
            var levels: [Int32] = []
            var level = 2
            while max(built.width, built.height) / level >= overviewSize / 2, max(built.width, built.height) > overviewSize {
                levels.append(Int32(level))
                level *= 2
            }
            guard !levels.isEmpty else { return }
            // Compressed like the chips' GeoTIFFs (else the .ovr is a third of the raw raster).
            for (key, value) in [("COMPRESS_OVERVIEW", "DEFLATE"), ("PREDICTOR_OVERVIEW", "2")] { CPLSetThreadLocalConfigOption(key, value) }
            defer { for key in ["COMPRESS_OVERVIEW", "PREDICTOR_OVERVIEW"] { CPLSetThreadLocalConfigOption(key, nil) } }
            CPLErrorReset()
            guard GDALBuildOverviews(built.handle, "AVERAGE", Int32(levels.count), &levels, 0, nil, nil, nil) == CE_None else {
                throw GDALError.last("cannot build overviews of '\(path)'")
            }
        }
        if FileManager.default.fileExists(atPath: temporary + ".ovr") {
            _ = rename(temporary + ".ovr", path + ".ovr")
        }
        guard rename(temporary, path) == 0 else {
            throw GDALError(message: "cannot write '\(path)': \(String(cString: strerror(errno)))")
        }
        return try Raster.open(path)
    }

    /// This raster warped onto `grid` in memory (`GDALWarp` to a MEM dataset with `-dstalpha`),
    /// every band read as `Float`, with which pixels the raster covers (alpha above zero): what a
    /// map tile needs to be transparent outside the imagery. GDAL reads the overview nearest the
    /// target resolution (`-ovr AUTO`), so a low-zoom tile of a large raster stays cheap.
    /// - Returns: the bands over the grid and one flag per pixel, row by row.
    /// - Throws: `GDALError` when the raster has no CRS or GDAL cannot warp.
    public func warpWithCoverage(onto grid: RasterGrid, resampling: Resampling = .bilinear) throws -> (bands: RasterBuffer<Float>, covered: [Bool]) {
        guard let target = grid.crs, crs != nil else {
            throw GDALError(message: "cannot warp '\(displayName)': it or the target grid has no CRS")
        }
        let b = grid.bounds
        let arguments = ["-t_srs", target.wkt, "-te", "\(b.minX)", "\(b.minY)", "\(b.maxX)", "\(b.maxY)",
                         "-ts", "\(grid.width)", "\(grid.height)", "-r", resampling.gdalName, "-dstalpha", "-ot", "Float32", "-of", "MEM"]
        let warped = Raster(handle: try gdalWarp(to: "", arguments: arguments), path: "", dependencies: [self])
        let count = warped.bandCount
        let bands = try warped.read(bands: Array(1..<count), as: Float.self)
        let alpha = try warped.read(band: count, as: Float.self)
        return (bands, alpha.values.map { $0 > 0 })
    }
}
