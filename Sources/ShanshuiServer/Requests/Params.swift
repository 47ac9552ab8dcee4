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

    /// A day (`YYYY-MM-DD`) from the query, `today` (the service clock's) when absent.
    static func day(_ request: Request, _ name: String = "as_of", today: Day) throws -> Day {
        try parse(request, name) { try Day($0) } ?? today
    }

    /// A path parameter.
    static func path(_ context: ShanshuiRequestContext, _ name: String) throws -> String {
        try context.parameters.require(name)
    }

    /// A position from `lat` and `lon` in decimal WGS84 degrees (a device's, sent by the app); nil
    /// when neither is given.
    /// - Throws: 400 when only one is given or either is not a number within ±90 / ±180.
    static func position(_ request: Request) throws -> Coordinate? {
        func degrees(_ name: String, limit: Double) throws -> Double? {
            try parse(request, name) { text in
                guard let v = Double(text), v.isFinite, abs(v) <= limit else {
                    throw DomainError.invalidValue("\(name) must be decimal degrees within ±\(Int(limit)), got '\(text)'")
                }
                return v
            }
        }
        let lat = try degrees("lat", limit: 90), lon = try degrees("lon", limit: 180)
        guard (lat == nil) == (lon == nil) else { throw Problem.badRequest("give lat and lon together (decimal degrees, WGS84)") }
        return lat.flatMap { la in lon.map { Coordinate($0, la) } }
    }

    /// A bounding box `minLon,minLat,maxLon,maxLat` in WGS84 degrees.
    /// - Throws: 400 when it has not four numbers, lies outside ±180/±90, or min > max on latitude.
    static func bbox(_ request: Request) throws -> Envelope? {
        guard let text = request.query("bbox") else { return nil }
        do { return try QueryText.bbox(text) } catch { throw Problem.badRequest(error.description) }
    }
}
