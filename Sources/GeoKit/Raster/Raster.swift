import CGDAL

/// An open GDAL raster dataset: GeoTIFF, COG, ENVI, JP2, VRT, or a file inside a zip or
/// behind a URL. Owns its `GDALDatasetH` and closes it in `deinit`.
///
/// Not `Sendable`: GDAL datasets must not be shared between threads, so open one per task
/// and hand out only values (`RasterBuffer`, `RasterBandInfo`, `RasterGrid`).
public final class Raster {
    /// The `GDALDatasetH`.
    let handle: UnsafeMutableRawPointer
    /// Where the raster was opened or created from; "" for a virtual (in-memory) raster.
    public let path: String
    /// Rasters this one reads through (a virtual warp reads its source), kept open while it is.
    private let dependencies: [Raster]
    private var cachedCRS: CRS??

    init(handle: UnsafeMutableRawPointer, path: String, dependencies: [Raster] = []) {
        self.handle = handle
        self.path = path
        self.dependencies = dependencies
    }

    deinit { GDALClose(handle) }

    /// Opens `path`, runs `body` with it and closes it when `body` returns, like rasterio's
    /// `with rasterio.open(path) as src:`.
    /// - Parameters:
    ///   - path: any path `open(_:)` accepts.
    ///   - body: what to do with the raster; it must not keep the raster.
    /// - Returns: what `body` returns.
    public static func open<Result>(_ path: String, _ body: (Raster) throws -> Result) throws -> Result {
        try withExtendedLifetime(try open(path)) { try body($0) }
    }

    /// The path for messages: the path, or what a virtual raster was made from.
    var displayName: String {
        if !path.isEmpty { return path }
        if let source = dependencies.first { return "virtual raster from \(source.displayName)" }
        return "virtual raster"
    }

    /// GDAL's short driver name: "GTiff", "ENVI", "JP2OpenJPEG", "VRT"...
    public var driverShortName: String {
        GDALGetDatasetDriver(handle).flatMap { GDALGetDriverShortName($0) }.map { String(cString: $0) } ?? ""
    }

    /// GDAL's long driver name: "GeoTIFF", "ENVI .hdr Labelled"...
    public var driverLongName: String {
        GDALGetDatasetDriver(handle).flatMap { GDALGetDriverLongName($0) }.map { String(cString: $0) } ?? ""
    }

    /// Columns.
    public var width: Int { Int(GDALGetRasterXSize(handle)) }

    /// Rows.
    public var height: Int { Int(GDALGetRasterYSize(handle)) }

    /// Number of bands.
    public var bandCount: Int { Int(GDALGetRasterCount(handle)) }

    /// What each band is, band 1 first.
    public var bands: [RasterBandInfo] {
        (0..<bandCount).map { bandInfo(band: $0 + 1) }
    }

    /// The pixel-to-CRS mapping; nil when the file has none.
    public var geoTransform: GeoTransform? {
        var coefficients = [Double](repeating: 0, count: 6)
        guard GDALGetGeoTransform(handle, &coefficients) == CE_None else { return nil }
        return GeoTransform(coefficients)
    }

    /// The raster's CRS; nil when the file has none or PROJ cannot read it.
    ///
    /// CRSs written with other names (ENVI headers say "UTM_Zone_51N") are taken as their
    /// EPSG equivalent when there is exactly one, so they compare equal to `CRS(epsg:)`.
    public var crs: CRS? {
        if let cachedCRS { return cachedCRS }
        let wkt = GDALGetProjectionRef(handle).map { String(cString: $0) } ?? ""
        let crs = Raster.crs(fromWKT: wkt)
        cachedCRS = .some(crs)
        return crs
    }

    /// The grid the raster lives on; GDAL's default transform (pixel units) when it has none.
    public var grid: RasterGrid {
        RasterGrid(width: width, height: height,
                   geoTransform: geoTransform ?? GeoTransform([0, 1, 0, 0, 0, 1]), crs: crs)
    }

    /// The box the raster covers, in its own CRS.
    public var bounds: Envelope { grid.bounds }

    /// The metadata of a domain as key/value pairs: the default domain when `domain` is nil,
    /// or "IMAGE_STRUCTURE" (COMPRESSION, INTERLEAVE, LAYOUT=COG), "RPC", "SUBDATASETS"...
    /// - Parameter domain: the metadata domain, nil for the default one.
    /// - Returns: the items; empty when the domain has none.
    public func metadata(domain: String? = nil) -> [String: String] {
        var items: [String: String] = [:]
        guard var entry = GDALGetMetadata(handle, domain) else { return items }
        while let item = entry.pointee {
            let text = String(cString: item)
            if let equals = text.firstIndex(of: "=") {
                items[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            entry += 1
        }
        return items
    }

    /// The profile to create a raster like this one: size, bands, type and nodata of band 1,
    /// georeferencing, and a tiled DEFLATE layout.
    public var profile: RasterProfile {
        let first = bands.first
        var profile = RasterProfile(width: width, height: height, bandCount: bandCount,
                                    dataType: first?.dataType ?? .byte, geoTransform: geoTransform,
                                    crs: crs, noData: first?.noData)
        if let first, first.blockWidth == first.blockHeight, first.blockWidth % 16 == 0 {
            profile.blockSize = first.blockWidth
        }
        return profile
    }

    /// The `GDALRasterBandH` of a 1-based band, after checking it exists.
    func bandHandle(_ band: Int) throws -> UnsafeMutableRawPointer {
        guard band >= 1, band <= bandCount, let h = GDALGetRasterBand(handle, Int32(band)) else {
            throw GDALError(message: "band \(band) does not exist: '\(displayName)' has \(bandCount) band(s), numbered from 1")
        }
        return h
    }

    private func bandInfo(band: Int) -> RasterBandInfo {
        let h = GDALGetRasterBand(handle, Int32(band))
        var hasNoData: Int32 = 0
        let noData = GDALGetRasterNoDataValue(h, &hasNoData)
        var blockWidth: Int32 = 0, blockHeight: Int32 = 0
        GDALGetBlockSize(h, &blockWidth, &blockHeight)
        return RasterBandInfo(
            index: band,
            dataType: RasterDataType(gdal: GDALGetRasterDataType(h)),
            noData: hasNoData != 0 ? noData : nil,
            description: GDALGetDescription(h).map { String(cString: $0) } ?? "",
            colorInterpretation: GDALGetColorInterpretationName(GDALGetRasterColorInterpretation(h))
                .map { String(cString: $0) } ?? "Undefined",
            blockWidth: Int(blockWidth), blockHeight: Int(blockHeight))
    }

    /// A CRS from GDAL's WKT, as its EPSG equivalent when exactly one EPSG CRS is equivalent
    /// to it (PROJ confidence 70 or more: same definition, maybe another name).
    private static func crs(fromWKT wkt: String) -> CRS? {
        guard !wkt.isEmpty else { return nil }
        if let code = equivalentEPSG(wkt), let crs = try? CRS(epsg: code) { return crs }
        return try? CRS(wkt)
    }

    private static func equivalentEPSG(_ wkt: String) -> Int? {
        guard let srs = OSRNewSpatialReference(wkt) else { return nil }
        defer { OSRDestroySpatialReference(srs) }
        var count: Int32 = 0
        var confidences: UnsafeMutablePointer<Int32>?
        guard let matches = OSRFindMatches(srs, nil, &count, &confidences) else { return nil }
        defer {
            OSRFreeSRSArray(matches)
            VSIFree(confidences)
        }
        guard count >= 1, let confidences, confidences[0] >= 70, count == 1 || confidences[1] < confidences[0],
              let best = matches[0],
              let authority = OSRGetAuthorityName(best, nil), String(cString: authority) == "EPSG" else { return nil }
        return OSRGetAuthorityCode(best, nil).flatMap { Int(String(cString: $0)) }
    }
}
