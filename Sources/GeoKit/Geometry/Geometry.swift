/// A simple-features geometry as a value: coordinates in Swift arrays, `Sendable`, `Hashable`.
///
/// Operations run through GEOS (see `Geometry+GEOS.swift`); GeoJSON, WKT and WKB
/// convert to and from it. Coordinates are 2-D; a Z value in a source is dropped.
public enum Geometry: Hashable, Sendable {
    case point(Coordinate)
    case lineString([Coordinate])
    case polygon(Polygon)
    case multiPoint([Coordinate])
    case multiLineString([[Coordinate]])
    case multiPolygon([Polygon])
    case geometryCollection([Geometry])

    /// The OGC name of the geometry type, as WKT and GeoJSON spell it (`Polygon`, `MultiPolygon`...).
    public var typeName: String {
        switch self {
        case .point: "Point"
        case .lineString: "LineString"
        case .polygon: "Polygon"
        case .multiPoint: "MultiPoint"
        case .multiLineString: "MultiLineString"
        case .multiPolygon: "MultiPolygon"
        case .geometryCollection: "GeometryCollection"
        }
    }

    /// True when the geometry has no coordinates at all.
    public var isEmpty: Bool {
        switch self {
        case .point: false
        case .lineString(let c), .multiPoint(let c): c.isEmpty
        case .polygon(let p): p.exterior.isEmpty
        case .multiLineString(let l): l.allSatisfy(\.isEmpty)
        case .multiPolygon(let p): p.allSatisfy { $0.exterior.isEmpty }
        case .geometryCollection(let g): g.allSatisfy(\.isEmpty)
        }
    }

    /// True for polygons and multipolygons, the only shapes a protected area, zone or cell can have.
    public var isPolygonal: Bool {
        switch self {
        case .polygon, .multiPolygon: true
        default: false
        }
    }

    /// The polygons of a polygonal geometry (a collection contributes its polygonal members).
    public var polygons: [Polygon] {
        switch self {
        case .polygon(let p): p.exterior.isEmpty ? [] : [p]
        case .multiPolygon(let ps): ps.filter { !$0.exterior.isEmpty }
        case .geometryCollection(let gs): gs.flatMap(\.polygons)
        default: []
        }
    }

    /// Every coordinate, in order, for envelopes and bulk transforms.
    public var allCoordinates: [Coordinate] {
        switch self {
        case .point(let c): [c]
        case .lineString(let c), .multiPoint(let c): c
        case .polygon(let p): p.rings.flatMap { $0 }
        case .multiLineString(let l): l.flatMap { $0 }
        case .multiPolygon(let ps): ps.flatMap { $0.rings.flatMap { $0 } }
        case .geometryCollection(let gs): gs.flatMap(\.allCoordinates)
        }
    }

    /// The same geometry with every coordinate passed through `transform` (datum shifts, projections).
    public func mapCoordinates(_ transform: (Coordinate) throws -> Coordinate) rethrows -> Geometry {
        switch self {
        case .point(let c): return .point(try transform(c))
        case .lineString(let c): return .lineString(try c.map(transform))
        case .multiPoint(let c): return .multiPoint(try c.map(transform))
        case .polygon(let p): return .polygon(try p.mapCoordinates(transform))
        case .multiLineString(let l): return .multiLineString(try l.map { try $0.map(transform) })
        case .multiPolygon(let ps): return .multiPolygon(try ps.map { try $0.mapCoordinates(transform) })
        case .geometryCollection(let gs): return .geometryCollection(try gs.map { try $0.mapCoordinates(transform) })
        }
    }

    /// The bounding box of all coordinates, or nil for an empty geometry.
    public var envelope: Envelope? { Envelope(covering: allCoordinates) }
}

/// A polygon: one exterior ring and any number of holes, each ring closed (first == last).
public struct Polygon: Hashable, Sendable {
    /// The outer boundary; empty for an empty polygon.
    public var exterior: [Coordinate]
    /// Inner boundaries.
    public var holes: [[Coordinate]]

    /// Makes a polygon from its rings; rings are expected closed.
    public init(exterior: [Coordinate], holes: [[Coordinate]] = []) {
        self.exterior = exterior
        self.holes = holes
    }

    /// Exterior first, then holes.
    public var rings: [[Coordinate]] { [exterior] + holes }

    /// The same polygon with every coordinate passed through `transform`.
    public func mapCoordinates(_ transform: (Coordinate) throws -> Coordinate) rethrows -> Polygon {
        Polygon(exterior: try exterior.map(transform), holes: try holes.map { try $0.map(transform) })
    }
}

/// An axis-aligned bounding box in a CRS's own units.
public struct Envelope: Hashable, Sendable {
    public var minX: Double
    public var minY: Double
    public var maxX: Double
    public var maxY: Double

    /// Makes a box from its bounds.
    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    /// The box around `coordinates`, or nil when there are none.
    public init?(covering coordinates: [Coordinate]) {
        guard let first = coordinates.first else { return nil }
        var box = Envelope(minX: first.x, minY: first.y, maxX: first.x, maxY: first.y)
        for c in coordinates.dropFirst() { box.expand(toInclude: c) }
        self = box
    }

    /// Grows the box to take in `c`.
    public mutating func expand(toInclude c: Coordinate) {
        minX = Swift.min(minX, c.x)
        minY = Swift.min(minY, c.y)
        maxX = Swift.max(maxX, c.x)
        maxY = Swift.max(maxY, c.y)
    }

    /// Grows the box to take in `other`.
    public mutating func expand(toInclude other: Envelope) {
        expand(toInclude: Coordinate(other.minX, other.minY))
        expand(toInclude: Coordinate(other.maxX, other.maxY))
    }

    /// The box around both (either may be missing); nil when both are.
    public static func union(_ a: Envelope?, _ b: Envelope?) -> Envelope? {
        guard var a else { return b }
        if let b { a.expand(toInclude: b) }
        return a
    }

    /// Width along x.
    public var width: Double { maxX - minX }
    /// Height along y.
    public var height: Double { maxY - minY }
    /// The middle of the box.
    public var center: Coordinate { Coordinate((minX + maxX) / 2, (minY + maxY) / 2) }

    /// True when the two boxes share any point.
    public func intersects(_ other: Envelope) -> Bool {
        minX <= other.maxX && other.minX <= maxX && minY <= other.maxY && other.minY <= maxY
    }

    /// The shared part of two boxes, or nil when they are apart.
    public func intersection(_ other: Envelope) -> Envelope? {
        guard intersects(other) else { return nil }
        return Envelope(minX: Swift.max(minX, other.minX), minY: Swift.max(minY, other.minY),
                        maxX: Swift.min(maxX, other.maxX), maxY: Swift.min(maxY, other.maxY))
    }

    /// The box as a closed polygon ring (counter-clockwise).
    public var polygon: Geometry {
        .polygon(Polygon(exterior: [Coordinate(minX, minY), Coordinate(maxX, minY), Coordinate(maxX, maxY),
                                    Coordinate(minX, maxY), Coordinate(minX, minY)]))
    }
}
