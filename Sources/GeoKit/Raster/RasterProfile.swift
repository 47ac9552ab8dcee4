/// Everything needed to create a raster like another one: size, bands, pixel type,
/// georeferencing, nodata and GeoTIFF layout, as one value.
///
/// rasterio's `profile`: read it from a source (`Raster.profile`), change what differs
/// and hand it to `Raster.create(_:profile:)`, so metadata travels as one value.
public struct RasterProfile: Hashable, Sendable {
    /// Columns.
    public var width: Int
    /// Rows.
    public var height: Int
    /// Number of bands.
    public var bandCount: Int
    /// Pixel type of every band.
    public var dataType: RasterDataType
    /// Pixel-to-CRS mapping; nil for an ungeoreferenced raster.
    public var geoTransform: GeoTransform?
    /// Coordinate reference system; nil when unknown.
    public var crs: CRS?
    /// The nodata value set on every band, when there is one.
    public var noData: Double?
    /// Tile width and height in pixels (GeoTIFF wants a multiple of 16).
    public var blockSize: Int
    /// GeoTIFF compression: "DEFLATE", "LZW", "ZSTD", "NONE"...
    public var compression: String

    /// Makes a profile.
    /// - Parameters:
    ///   - width: columns.
    ///   - height: rows.
    ///   - bandCount: number of bands.
    ///   - dataType: pixel type.
    ///   - geoTransform: pixel-to-CRS mapping, nil when ungeoreferenced.
    ///   - crs: the CRS, nil when unknown.
    ///   - noData: nodata value for every band.
    ///   - blockSize: tile size in pixels, 256 by default.
    ///   - compression: GeoTIFF compression, DEFLATE by default.
    public init(width: Int, height: Int, bandCount: Int = 1, dataType: RasterDataType,
                geoTransform: GeoTransform? = nil, crs: CRS? = nil, noData: Double? = nil,
                blockSize: Int = 256, compression: String = "DEFLATE") {
        self.width = width
        self.height = height
        self.bandCount = bandCount
        self.dataType = dataType
        self.geoTransform = geoTransform
        self.crs = crs
        self.noData = noData
        self.blockSize = blockSize
        self.compression = compression
    }

    /// Makes a profile for rasters on `grid`.
    /// - Parameters:
    ///   - grid: size, geotransform and CRS.
    ///   - bandCount: number of bands.
    ///   - dataType: pixel type.
    ///   - noData: nodata value for every band.
    public init(grid: RasterGrid, bandCount: Int = 1, dataType: RasterDataType, noData: Double? = nil) {
        self.init(width: grid.width, height: grid.height, bandCount: bandCount, dataType: dataType,
                  geoTransform: grid.geoTransform, crs: grid.crs, noData: noData)
    }
}
