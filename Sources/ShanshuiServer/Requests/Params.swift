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

    /// A bounding box `minLon,minLat,maxLon,maxLat` in WGS84 degrees.
    /// - Throws: 400 when it has not four numbers, lies outside ±180/±90, or min > max on latitude.
    static func bbox(_ request: Request) throws -> Envelope? {
        guard let text = request.query("bbox") else { return nil }
        do { return try QueryText.bbox(text) } catch { throw Problem.badRequest(error.description) }
    }
}
