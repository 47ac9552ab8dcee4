import GeoKit
import Hummingbird
import Shanshui

/// Query and path parameters parsed with 400 answers that name the parameter.
enum Params {
    /// A parsed query parameter; any parse error becomes 400 naming it.
    static func parse<T>(_ request: Request, _ name: String, _ parse: (String) throws -> T) throws -> T? {
        guard let text = request.query(name), !text.isEmpty else { return nil }
        do { return try parse(text) } catch { throw Problem.badRequest("query parameter '\(name)': \(error)") }
    }

    /// A day (`YYYY-MM-DD`) from the query, today when absent.
    static func day(_ request: Request, _ name: String = "as_of") throws -> Day {
        try parse(request, name) { try Day($0) } ?? .today
    }

    /// A path parameter.
    static func path(_ context: ShanshuiRequestContext, _ name: String) throws -> String {
        try context.parameters.require(name)
    }

    /// A bounding box `minLon,minLat,maxLon,maxLat` in WGS84 degrees.
    /// - Throws: 400 when it has not four numbers, lies outside ±180/±90, or min > max on latitude.
    static func bbox(_ request: Request) throws -> Envelope? {
        guard let text = request.query("bbox") else { return nil }
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 4 || parts.count == 6, parts.allSatisfy({ $0 != nil }) else {
            throw Problem.badRequest("bbox must be minLon,minLat,maxLon,maxLat (four numbers), got '\(text)'")
        }
        let v = parts.map { $0! }
        let (minX, minY, maxX, maxY) = v.count == 4 ? (v[0], v[1], v[2], v[3]) : (v[0], v[1], v[3], v[4])
        guard (-180...180).contains(minX), (-180...180).contains(maxX), (-90...90).contains(minY), (-90...90).contains(maxY) else {
            throw Problem.badRequest("bbox \(text) is out of range: longitudes must lie in -180…180 and latitudes in -90…90")
        }
        guard minY <= maxY, minX <= maxX else {
            throw Problem.badRequest("bbox \(text): the minimum must not exceed the maximum")
        }
        return Envelope(minX: minX, minY: minY, maxX: maxX, maxY: maxY)
    }
}

extension Geometry {
    /// The geometry as a GeoJSON value, for embedding in API documents.
    var geoJSONValue: JSONValue {
        (try? JSONValue.parse(GeoJSON.encode(self))) ?? .null
    }
}
