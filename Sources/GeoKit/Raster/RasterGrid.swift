/// The pixel grid a raster lives on: size, geotransform and CRS, without the pixels.
///
/// Two epochs are compared pixel by pixel only after both are warped onto one grid;
/// `Raster.warp(onto:)` takes this value.
public struct RasterGrid: Hashable, Sendable {
    /// Columns.
    public var width: Int
    /// Rows.
    public var height: Int
    /// Pixel-to-CRS mapping.
    public var geoTransform: GeoTransform
    /// The grid's CRS; nil when unknown.
    public var crs: CRS?

    /// Makes a grid.
    /// - Parameters:
    ///   - width: columns.
    ///   - height: rows.
    ///   - geoTransform: pixel-to-CRS mapping.
    ///   - crs: the CRS, nil when unknown.
    public init(width: Int, height: Int, geoTransform: GeoTransform, crs: CRS?) {
        self.width = width
        self.height = height
        self.geoTransform = geoTransform
        self.crs = crs
    }

    /// The smallest north-up grid of square `resolution` pixels covering `bounds`, with its
    /// edges on multiples of `resolution` (as `gdalwarp -tap`), so grids made this way line up.
    /// - Parameters:
    ///   - bounds: the area to cover, in `crs` units.
    ///   - crs: the grid's CRS.
    ///   - resolution: pixel size in CRS units, positive.
    public init(covering bounds: Envelope, crs: CRS?, resolution: Double) {
        precondition(resolution > 0, "resolution must be positive, got \(resolution)")
        // A bound already on a multiple stays there despite floating-point noise in the division.
        func snap(_ value: Double, _ rule: FloatingPointRoundingRule) -> Double {
            let steps = value / resolution
            let nearest = steps.rounded()
            return (abs(steps - nearest) < 1e-9 ? nearest : steps.rounded(rule)) * resolution
        }
        let minX = snap(bounds.minX, .down), maxX = snap(bounds.maxX, .up)
        let minY = snap(bounds.minY, .down), maxY = snap(bounds.maxY, .up)
        let width = max(1, Int(((maxX - minX) / resolution).rounded()))
        let height = max(1, Int(((maxY - minY) / resolution).rounded()))
        self.init(width: width, height: height,
                  geoTransform: GeoTransform(originX: minX, pixelWidth: resolution, originY: maxY, pixelHeight: -resolution),
                  crs: crs)
    }

    /// The WGS84 / UTM grid of `resolution` metre pixels covering a raster's footprint, in the
    /// UTM zone of the footprint's centre: the usual target for lon/lat imagery before change
    /// detection, since areas and distances are then in metres.
    /// - Parameters:
    ///   - raster: a georeferenced raster in any CRS (typically EPSG:4326).
    ///   - resolution: pixel size in metres.
    /// - Throws: `GDALError` when the raster has no CRS or geotransform; `PROJError` when its
    ///   footprint cannot be transformed.
    public static func utm(covering raster: Raster, resolution: Double) throws -> RasterGrid {
        guard let crs = raster.crs, raster.geoTransform != nil else {
            throw GDALError(message: "'\(raster.displayName)' has no CRS or geotransform; cannot place it on a UTM grid")
        }
        let bounds = raster.bounds
        let center = try Transformer(from: crs, to: .wgs84).transform(bounds).center
        let utm = try CRS.utm(longitude: center.x, latitude: center.y)
        let projected = try Transformer(from: crs, to: utm).transform(bounds)
        return RasterGrid(covering: projected, crs: utm, resolution: resolution)
    }

    /// The box the grid covers, in its CRS.
    public var bounds: Envelope { geoTransform.bounds(width: width, height: height) }

    /// The window holding the whole grid.
    public var window: Window { .full(width: width, height: height) }
}
