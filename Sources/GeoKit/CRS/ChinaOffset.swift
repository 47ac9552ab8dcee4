import Foundation

/// The obfuscated coordinate systems of Chinese web maps and their inverse to WGS84.
///
/// GCJ-02 ("Mars coordinates", Amap, Tencent, DataV) shifts WGS84 by 100–700 m inside China;
/// BD-09 (Baidu) adds a second shift on top of GCJ-02. Boundary data taken from these maps sits
/// about 500 m off the imagery until converted. The published formulas are used; outside China
/// (the usual rough rectangle) GCJ-02 equals WGS84 and the conversions are the identity.
public enum ChinaOffset {
    /// A source datum for imported coordinates.
    public enum Datum: String, Sendable, CaseIterable {
        case wgs84, gcj02, bd09
    }

    private static let a = 6_378_245.0  // Krasovsky 1940 semi-major axis, as the formula uses
    private static let ee = 0.006_693_421_622_965_943_23
    private static let xPi = Double.pi * 3000.0 / 180.0

    /// True when the formulas leave the position unchanged (outside mainland China's rectangle).
    public static func isOutsideChina(_ c: Coordinate) -> Bool {
        c.x < 72.004 || c.x > 137.8347 || c.y < 0.8293 || c.y > 55.8271
    }

    /// WGS84 → GCJ-02 (the forward, closed-form formula).
    public static func wgs84ToGCJ02(_ c: Coordinate) -> Coordinate {
        guard !isOutsideChina(c) else { return c }
        let d = delta(c)
        return Coordinate(c.x + d.x, c.y + d.y)
    }

    /// GCJ-02 → WGS84, by fixed-point iteration of the forward formula to under 1e-9° (~0.1 mm).
    public static func gcj02ToWGS84(_ c: Coordinate) -> Coordinate {
        guard !isOutsideChina(c) else { return c }
        var guess = Coordinate(c.x - delta(c).x, c.y - delta(c).y)
        for _ in 0..<30 {
            let forward = wgs84ToGCJ02(guess)
            let dx = forward.x - c.x, dy = forward.y - c.y
            guess = Coordinate(guess.x - dx, guess.y - dy)
            if abs(dx) < 1e-10 && abs(dy) < 1e-10 { break }
        }
        return guess
    }

    /// GCJ-02 → BD-09.
    public static func gcj02ToBD09(_ c: Coordinate) -> Coordinate {
        let z = (c.x * c.x + c.y * c.y).squareRoot() + 0.00002 * sin(c.y * xPi)
        let theta = atan2(c.y, c.x) + 0.000003 * cos(c.x * xPi)
        return Coordinate(z * cos(theta) + 0.0065, z * sin(theta) + 0.006)
    }

    /// BD-09 → GCJ-02 (the published inverse, then refined by iteration to under 1e-9°).
    public static func bd09ToGCJ02(_ c: Coordinate) -> Coordinate {
        let x = c.x - 0.0065, y = c.y - 0.006
        let z = (x * x + y * y).squareRoot() - 0.00002 * sin(y * xPi)
        let theta = atan2(y, x) - 0.000003 * cos(x * xPi)
        var guess = Coordinate(z * cos(theta), z * sin(theta))
        for _ in 0..<10 {
            let forward = gcj02ToBD09(guess)
            let dx = forward.x - c.x, dy = forward.y - c.y
            guess = Coordinate(guess.x - dx, guess.y - dy)
            if abs(dx) < 1e-10 && abs(dy) < 1e-10 { break }
        }
        return guess
    }

    /// WGS84 → BD-09.
    public static func wgs84ToBD09(_ c: Coordinate) -> Coordinate { gcj02ToBD09(wgs84ToGCJ02(c)) }

    /// BD-09 → WGS84.
    public static func bd09ToWGS84(_ c: Coordinate) -> Coordinate { gcj02ToWGS84(bd09ToGCJ02(c)) }

    /// Converts a position from `datum` to WGS84.
    public static func toWGS84(_ c: Coordinate, from datum: Datum) -> Coordinate {
        switch datum {
        case .wgs84: c
        case .gcj02: gcj02ToWGS84(c)
        case .bd09: bd09ToWGS84(c)
        }
    }

    /// The offset GCJ-02 adds at a WGS84 position, in degrees.
    private static func delta(_ c: Coordinate) -> Coordinate {
        let x = c.x - 105.0, y = c.y - 35.0
        var dLat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * abs(x).squareRoot()
        dLat += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
        dLat += (20.0 * sin(y * .pi) + 40.0 * sin(y / 3.0 * .pi)) * 2.0 / 3.0
        dLat += (160.0 * sin(y / 12.0 * .pi) + 320 * sin(y * .pi / 30.0)) * 2.0 / 3.0
        var dLon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * abs(x).squareRoot()
        dLon += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
        dLon += (20.0 * sin(x * .pi) + 40.0 * sin(x / 3.0 * .pi)) * 2.0 / 3.0
        dLon += (150.0 * sin(x / 12.0 * .pi) + 300.0 * sin(x / 30.0 * .pi)) * 2.0 / 3.0
        let radLat = c.y / 180.0 * .pi
        var magic = sin(radLat)
        magic = 1 - ee * magic * magic
        let sqrtMagic = magic.squareRoot()
        dLat = (dLat * 180.0) / ((a * (1 - ee)) / (magic * sqrtMagic) * .pi)
        dLon = (dLon * 180.0) / (a / sqrtMagic * cos(radLat) * .pi)
        return Coordinate(dLon, dLat)
    }
}

extension Geometry {
    /// The geometry with every position converted from a Chinese web-map datum to WGS84.
    public func converted(from datum: ChinaOffset.Datum) -> Geometry {
        datum == .wgs84 ? self : mapCoordinates { ChinaOffset.toWGS84($0, from: datum) }
    }
}
