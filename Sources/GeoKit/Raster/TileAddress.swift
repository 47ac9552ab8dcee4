import Foundation

/// One XYZ map tile ("slippy map" numbering, as OpenStreetMap and Leaflet use): zoom `z`, column
/// `x` from the antimeridian eastwards, row `y` from the north edge southwards, each tile a square
/// of Web Mercator (EPSG:3857) covering 1/2^z of the world's width.
public struct TileAddress: Hashable, Sendable, CustomStringConvertible {
    public let z: Int
    public let x: Int
    public let y: Int

    /// The deepest zoom served: about 1 cm per pixel at the equator, far below any imagery.
    public static let maxZoom = 24
    /// Half the width of the Web Mercator world, metres.
    static let halfWorld = 20_037_508.342789244

    /// A tile, or nil when `z` is outside 0…24 or `x`, `y` outside 0..<2^z.
    public init?(z: Int, x: Int, y: Int) {
        guard (0...Self.maxZoom).contains(z), (0..<(1 << z)).contains(x), (0..<(1 << z)).contains(y) else { return nil }
        self.z = z
        self.x = x
        self.y = y
    }

    public var description: String { "\(z)/\(x)/\(y)" }

    /// The tile's square in EPSG:3857 metres.
    public var mercatorBounds: Envelope {
        let size = 2 * Self.halfWorld / Double(1 << z)
        return Envelope(minX: -Self.halfWorld + Double(x) * size, minY: Self.halfWorld - Double(y + 1) * size,
                        maxX: -Self.halfWorld + Double(x + 1) * size, maxY: Self.halfWorld - Double(y) * size)
    }

    /// The tile's box in WGS84 longitude and latitude.
    public var lonLatBounds: Envelope {
        let n = Double(1 << z)
        func latitude(_ row: Int) -> Double { atan(sinh(Double.pi * (1 - 2 * Double(row) / n))) * 180 / Double.pi }
        return Envelope(minX: Double(x) / n * 360 - 180, minY: latitude(y + 1), maxX: Double(x + 1) / n * 360 - 180, maxY: latitude(y))
    }

    /// The tile as a `size`×`size` pixel grid in EPSG:3857, the target of a warp.
    public func grid(size: Int = 256) -> RasterGrid {
        let b = mercatorBounds, pixel = b.width / Double(size)
        return RasterGrid(width: size, height: size,
                          geoTransform: GeoTransform(originX: b.minX, pixelWidth: pixel, originY: b.maxY, pixelHeight: -pixel),
                          crs: Self.webMercator)
    }

    /// The tiles of zoom `z` covering a lon/lat box (latitudes clamped to Web Mercator's ±85.05°).
    public static func covering(_ box: Envelope, zoom z: Int) -> [TileAddress] {
        let n = Double(1 << z), limit = 85.051_128_78
        func column(_ lon: Double) -> Int { max(0, min(Int(n) - 1, Int(floor((lon + 180) / 360 * n)))) }
        func row(_ lat: Double) -> Int {
            let r = max(-limit, min(limit, lat)) * Double.pi / 180
            return max(0, min(Int(n) - 1, Int(floor((1 - log(tan(r) + 1 / cos(r)) / Double.pi) / 2 * n))))
        }
        return (row(box.maxY)...row(box.minY)).flatMap { y in
            (column(box.minX)...column(box.maxX)).compactMap { x in TileAddress(z: z, x: x, y: y) }
        }
    }

    /// EPSG:3857, Web Mercator.
    public static let webMercator = try! CRS(epsg: 3857)
}
