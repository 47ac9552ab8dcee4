/// The affine map from pixel (column, row) to CRS coordinates, in GDAL's six-number order.
///
/// `x = originX + column * pixelWidth + row * rowRotation`,
/// `y = originY + column * columnRotation + row * pixelHeight`.
/// Pixel (0, 0) is the outer corner of the top-left pixel; `pixelHeight` is negative
/// for the usual north-up image. This is rasterio's `transform`, GDAL's `GetGeoTransform`.
public struct GeoTransform: Hashable, Sendable {
    /// x of the top-left corner (GT[0]).
    public var originX: Double
    /// Pixel width along x, in CRS units (GT[1]).
    public var pixelWidth: Double
    /// x shift per row; 0 for north-up images (GT[2]).
    public var rowRotation: Double
    /// y of the top-left corner (GT[3]).
    public var originY: Double
    /// y shift per column; 0 for north-up images (GT[4]).
    public var columnRotation: Double
    /// Pixel height along y, in CRS units; negative for north-up images (GT[5]).
    public var pixelHeight: Double

    /// Makes a north-up transform from its top-left corner and pixel size.
    /// - Parameters:
    ///   - originX: x of the top-left corner.
    ///   - originY: y of the top-left corner.
    ///   - pixelWidth: pixel width, positive.
    ///   - pixelHeight: pixel height, negative for north-up.
    public init(originX: Double, pixelWidth: Double, originY: Double, pixelHeight: Double) {
        self.init([originX, pixelWidth, 0, originY, 0, pixelHeight])
    }

    /// Makes a transform from GDAL's six coefficients, in GDAL's order.
    /// - Parameter coefficients: exactly six numbers.
    public init(_ coefficients: [Double]) {
        precondition(coefficients.count == 6, "a geotransform has 6 coefficients, got \(coefficients.count)")
        originX = coefficients[0]
        pixelWidth = coefficients[1]
        rowRotation = coefficients[2]
        originY = coefficients[3]
        columnRotation = coefficients[4]
        pixelHeight = coefficients[5]
    }

    /// The six coefficients in GDAL's order, as `GDALSetGeoTransform` takes them.
    public var coefficients: [Double] {
        [originX, pixelWidth, rowRotation, originY, columnRotation, pixelHeight]
    }

    /// True when rows run along x and columns along y (no rotation terms).
    public var isNorthUp: Bool { rowRotation == 0 && columnRotation == 0 }

    /// The area of one pixel in CRS units squared (always positive).
    public var pixelArea: Double { abs(pixelWidth * pixelHeight - rowRotation * columnRotation) }

    /// The CRS coordinate of a pixel position; (0.5, 0.5) is the centre of the top-left pixel.
    /// - Parameters:
    ///   - column: fractional column.
    ///   - row: fractional row.
    /// - Returns: the coordinate in the raster's CRS.
    public func pixelToGeo(column: Double, row: Double) -> Coordinate {
        Coordinate(originX + column * pixelWidth + row * rowRotation,
                   originY + column * columnRotation + row * pixelHeight)
    }

    /// The fractional pixel position of a CRS coordinate (floor it to get the pixel index).
    /// - Parameter coordinate: a position in the raster's CRS.
    /// - Returns: fractional column and row.
    public func geoToPixel(_ coordinate: Coordinate) -> (column: Double, row: Double) {
        let determinant = pixelWidth * pixelHeight - rowRotation * columnRotation
        precondition(determinant != 0, "geotransform \(coefficients) cannot be inverted")
        let dx = coordinate.x - originX
        let dy = coordinate.y - originY
        return ((dx * pixelHeight - dy * rowRotation) / determinant,
                (dy * pixelWidth - dx * columnRotation) / determinant)
    }

    /// The box covered by a `width` x `height` pixel grid on this transform.
    /// - Parameters:
    ///   - width: columns.
    ///   - height: rows.
    /// - Returns: the envelope of the four outer corners, in the raster's CRS.
    public func bounds(width: Int, height: Int) -> Envelope {
        let w = Double(width), h = Double(height)
        let corners = [pixelToGeo(column: 0, row: 0), pixelToGeo(column: w, row: 0),
                       pixelToGeo(column: 0, row: h), pixelToGeo(column: w, row: h)]
        return Envelope(covering: corners)!
    }
}
