/// A GeoJSON document that cannot be read: what was wrong and where, so the user can fix the file.
///
/// The description names the feature (its index in `features`, and its id when it has one),
/// the member path inside it, then the problem:
/// "feature 12 (id 'A-3'), geometry.coordinates[0]: Polygon ring has 3 positions, needs at least 4".
public struct GeoJSONError: Error, CustomStringConvertible, Hashable, Sendable {
    /// What was wrong.
    public enum Reason: CustomStringConvertible, Hashable, Sendable {
        /// The text is not JSON; the `JSONError` has the line and column.
        case malformedJSON(JSONError)
        /// A member holds the wrong kind of JSON value.
        case wrongType(expected: String, found: String)
        /// A member RFC 7946 requires is missing.
        case missingMember(String)
        /// The document's `type` is none of GeoJSON's.
        case unknownType(String)
        /// A geometry's `type` is none of the seven GeoJSON geometry types.
        case unknownGeometryType(String)
        /// A member of `features` is not a Feature.
        case notAFeature(type: String)
        /// A position holds something other than numbers.
        case coordinatesNotNumbers(found: String)
        /// A position with fewer than two numbers.
        case positionTooShort(count: Int)
        /// A line with one position, or a ring with fewer than four.
        case tooFewPositions(part: String, count: Int, minimum: Int)
        /// A ring whose last position is not its first; RFC 7946 §3.1.6 requires closed rings.
        case ringNotClosed(part: String)
        /// A legacy `crs` member in a form this reader does not know.
        case unsupportedCRS(String)
        /// A legacy `crs` member naming a CRS that PROJ does not know.
        case unknownCRS(name: String, message: String)
        /// Reprojecting from the legacy CRS to WGS84 failed.
        case transformFailed(String)

        public var description: String {
            switch self {
            case let .malformedJSON(error): error.description
            case let .wrongType(expected, found): "expected \(expected), found \(found)"
            case let .missingMember(name): "missing member '\(name)'"
            case let .unknownType(type):
                "unknown GeoJSON type '\(type)'; expected FeatureCollection, Feature or a geometry type"
            case let .unknownGeometryType(type):
                "unknown geometry type '\(type)'; expected Point, LineString, Polygon, MultiPoint, "
                    + "MultiLineString, MultiPolygon or GeometryCollection"
            case let .notAFeature(type): "expected type 'Feature', found '\(type)'"
            case let .coordinatesNotNumbers(found): "coordinates must be numbers, found \(found)"
            case let .positionTooShort(count): "position has \(count) \(count == 1 ? "number" : "numbers"), needs at least 2"
            case let .tooFewPositions(part, count, minimum):
                "\(part) has \(count) \(count == 1 ? "position" : "positions"), needs at least \(minimum)"
            case let .ringNotClosed(part):
                "\(part) is not closed: its last position must repeat its first (RFC 7946 §3.1.6)"
            case let .unsupportedCRS(detail):
                "crs member not understood (\(detail)); expected "
                    + #"{"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}}"#
            case let .unknownCRS(name, message): "legacy crs '\(name)' is not a CRS PROJ knows: \(message)"
            case let .transformFailed(message): "cannot reproject to WGS84 lon/lat: \(message)"
            }
        }
    }

    /// What was wrong.
    public var reason: Reason
    /// The index of the feature in `features` (0 for a lone Feature or geometry), nil for the document.
    public var featureIndex: Int?
    /// The feature's `id`, when it has one.
    public var featureID: JSONValue?
    /// Where inside the feature (or document): `geometry.coordinates[0][3]`; empty for the whole.
    public var path: String

    /// Makes an error.
    /// - Parameters:
    ///   - reason: What was wrong.
    ///   - featureIndex: The feature's index in `features`, if the problem is in one.
    ///   - featureID: The feature's id, if it has one.
    ///   - path: The member path inside the feature or document.
    public init(_ reason: Reason, featureIndex: Int? = nil, featureID: JSONValue? = nil, path: String = "") {
        self.reason = reason
        self.featureIndex = featureIndex
        self.featureID = featureID
        self.path = path
    }

    public var description: String {
        var place: [String] = []
        if let featureIndex {
            switch featureID {
            case .string(let id)?: place.append("feature \(featureIndex) (id '\(id)')")
            case let id?: place.append("feature \(featureIndex) (id \(id.serialized()))")
            case nil: place.append("feature \(featureIndex)")
            }
        }
        if !path.isEmpty { place.append(path) }
        return place.isEmpty ? reason.description : place.joined(separator: ", ") + ": " + reason.description
    }

    /// Puts `key` in front of the path as the error travels out of a member.
    mutating func prependKey(_ key: String) { prepend(key) }

    /// Puts `[index]` in front of the path as the error travels out of an array element.
    mutating func prependIndex(_ index: Int) { prepend("[\(index)]") }

    private mutating func prepend(_ component: String) {
        path = path.isEmpty || path.hasPrefix("[") ? component + path : component + "." + path
    }
}
