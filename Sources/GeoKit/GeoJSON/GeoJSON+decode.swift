/// Turning a parsed document into features, checking it against RFC 7946 on the way.
///
/// Errors start at the member that is wrong and collect its path as they travel out
/// through `within(key:)` and `list(_:_:)`, so the message says exactly where, at no cost
/// when nothing is wrong.
extension GeoJSON {
    static let geometryTypes: Set<String> = [
        "Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection",
    ]

    static func document(from root: JSONValue) throws -> GeoJSONDocument {
        guard case .object = root else {
            throw GeoJSONError(.wrongType(expected: "a GeoJSON object", found: kind(of: root)))
        }
        let legacyCRS = try legacyCRS(in: root)
        let type = try typeName(of: root)
        switch type {
        case "FeatureCollection":
            guard let member = root["features"] else { throw GeoJSONError(.missingMember("features")) }
            guard case .array(let items) = member else {
                throw GeoJSONError(.wrongType(expected: "an array", found: kind(of: member)), path: "features")
            }
            var features: [Feature] = []
            features.reserveCapacity(items.count)
            for (index, item) in items.enumerated() {
                features.append(try feature(from: item, index: index))
            }
            return GeoJSONDocument(features: features, legacyCRS: legacyCRS)
        case "Feature":
            return GeoJSONDocument(features: [try feature(from: root, index: 0)], legacyCRS: legacyCRS)
        case _ where geometryTypes.contains(type):
            return GeoJSONDocument(features: [Feature(geometry: try geometry(from: root))], legacyCRS: legacyCRS)
        default:
            throw GeoJSONError(.unknownType(type))
        }
    }

    private static func feature(from value: JSONValue, index: Int) throws -> Feature {
        // RFC 7946 wants a string or number; any other non-null id is kept as it is.
        let id = value["id"].flatMap { $0 == .null ? nil : $0 }
        do {
            guard case .object = value else {
                throw GeoJSONError(.wrongType(expected: "a Feature object", found: kind(of: value)))
            }
            let type = try typeName(of: value)
            guard type == "Feature" else { throw GeoJSONError(.notAFeature(type: type)) }
            var geometry: Geometry?
            if let member = value["geometry"], member != .null {
                geometry = try within(key: "geometry") { try self.geometry(from: member) }
            }
            let properties: Properties
            switch value["properties"] {
            case nil, .null?: properties = Properties()
            case .object(let members)?: properties = Properties(members)
            case let other?:
                throw GeoJSONError(.wrongType(expected: "an object or null", found: kind(of: other)), path: "properties")
            }
            return Feature(id: id, geometry: geometry, properties: properties)
        } catch var error as GeoJSONError {
            error.featureIndex = index
            error.featureID = id
            throw error
        }
    }

    private static func geometry(from value: JSONValue) throws -> Geometry {
        guard case .object = value else {
            throw GeoJSONError(.wrongType(expected: "a geometry object or null", found: kind(of: value)))
        }
        let type = try typeName(of: value)
        guard geometryTypes.contains(type) else { throw GeoJSONError(.unknownGeometryType(type)) }
        if type == "GeometryCollection" {
            guard let member = value["geometries"] else { throw GeoJSONError(.missingMember("geometries")) }
            return .geometryCollection(try within(key: "geometries") { try list(member) { try geometry(from: $0) } })
        }
        guard let coordinates = value["coordinates"] else { throw GeoJSONError(.missingMember("coordinates")) }
        return try within(key: "coordinates") {
            switch type {
            case "Point": .point(try position(from: coordinates))
            case "MultiPoint": .multiPoint(try list(coordinates, position(from:)))
            case "LineString": .lineString(try line(from: coordinates, part: "LineString"))
            case "MultiLineString":
                .multiLineString(try list(coordinates) { try line(from: $0, part: "MultiLineString line") })
            case "Polygon": .polygon(try polygon(from: coordinates, part: "Polygon ring"))
            default: .multiPolygon(try list(coordinates) { try polygon(from: $0, part: "MultiPolygon ring") })
            }
        }
    }

    /// Positions of a line: none (an empty line) or at least two.
    private static func line(from value: JSONValue, part: String) throws -> [Coordinate] {
        let positions = try list(value, position(from:))
        guard positions.isEmpty || positions.count >= 2 else {
            throw GeoJSONError(.tooFewPositions(part: part, count: positions.count, minimum: 2))
        }
        return positions
    }

    /// Rings of a polygon, exterior first: none (an empty polygon), or closed rings of at least
    /// four positions. Rings are kept in the orientation they were written in.
    private static func polygon(from value: JSONValue, part: String) throws -> Polygon {
        let rings = try list(value) { ring in
            let positions = try list(ring, position(from:))
            guard positions.count >= 4 else {
                throw GeoJSONError(.tooFewPositions(part: part, count: positions.count, minimum: 4))
            }
            guard positions.first == positions.last else { throw GeoJSONError(.ringNotClosed(part: part)) }
            return positions
        }
        guard let exterior = rings.first else { return Polygon(exterior: []) }
        return Polygon(exterior: exterior, holes: Array(rings.dropFirst()))
    }

    /// A position `[x, y]`; Z and M values after them must be numbers too but are dropped.
    private static func position(from value: JSONValue) throws -> Coordinate {
        guard case .array(let numbers) = value else {
            throw GeoJSONError(.wrongType(expected: "a position [x, y]", found: kind(of: value)))
        }
        for (i, number) in numbers.enumerated() where number.doubleValue == nil {
            throw GeoJSONError(.coordinatesNotNumbers(found: kind(of: number)), path: "[\(i)]")
        }
        guard numbers.count >= 2, let x = numbers[0].doubleValue, let y = numbers[1].doubleValue else {
            throw GeoJSONError(.positionTooShort(count: numbers.count))
        }
        return Coordinate(x, y)
    }

    /// The elements of an array, each made by `element`, with errors located by index.
    private static func list<T>(_ value: JSONValue, _ element: (JSONValue) throws -> T) throws -> [T] {
        guard case .array(let items) = value else {
            throw GeoJSONError(.wrongType(expected: "an array", found: kind(of: value)))
        }
        var result: [T] = []
        result.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            do {
                result.append(try element(item))
            } catch var error as GeoJSONError {
                error.prependIndex(i)
                throw error
            }
        }
        return result
    }

    private static func within<T>(key: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch var error as GeoJSONError {
            error.prependKey(key)
            throw error
        }
    }

    private static func typeName(of value: JSONValue) throws -> String {
        guard let member = value["type"] else { throw GeoJSONError(.missingMember("type")) }
        guard case .string(let name) = member else {
            throw GeoJSONError(.wrongType(expected: "a string", found: kind(of: member)), path: "type")
        }
        return name
    }

    /// The kind of a JSON value, for "found ..." in messages.
    static func kind(of value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .int, .double: "a number"
        case .string(let text): "a string ('\(text.prefix(40))')"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
