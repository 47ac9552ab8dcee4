/// A position in a CRS's own units: `x` is longitude or easting, `y` latitude or northing.
///
/// Shanshui always keeps x/y (lon/lat) order, whatever axis order a CRS declares.
public struct Coordinate: Hashable, Sendable {
    /// Longitude (degrees) or easting (metres).
    public var x: Double
    /// Latitude (degrees) or northing (metres).
    public var y: Double

    /// Makes a coordinate from x (lon/easting) and y (lat/northing).
    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }

    /// Makes a coordinate from x (lon/easting) and y (lat/northing).
    public init(x: Double, y: Double) {
        self.init(x, y)
    }
}
