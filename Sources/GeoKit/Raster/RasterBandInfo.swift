/// What a band is: its 1-based index, pixel type, nodata value, description, colour role and
/// natural block size. A plain value read once from GDAL, so it can travel between tasks.
public struct RasterBandInfo: Hashable, Sendable {
    /// The band's number, 1-based as in GDAL and rasterio.
    public var index: Int
    /// The pixel type stored in the file.
    public var dataType: RasterDataType
    /// The value that marks "no data", when the band declares one.
    public var noData: Double?
    /// The band's description (ENVI band names, Sentinel-2 band ids...), "" when none.
    public var description: String
    /// GDAL's colour interpretation name: "Gray", "Red", "Palette", "Undefined"...
    public var colorInterpretation: String
    /// Width of the band's natural block (tile or strip), in pixels.
    public var blockWidth: Int
    /// Height of the band's natural block, in pixels.
    public var blockHeight: Int

    /// Makes a band description; `Raster.bands` is where these normally come from.
    public init(index: Int, dataType: RasterDataType, noData: Double?, description: String,
                colorInterpretation: String, blockWidth: Int, blockHeight: Int) {
        self.index = index
        self.dataType = dataType
        self.noData = noData
        self.description = description
        self.colorInterpretation = colorInterpretation
        self.blockWidth = blockWidth
        self.blockHeight = blockHeight
    }
}
