import Hummingbird

/// Query parameters checked against what a route declares: OGC clients must learn of a
/// mistyped or unsupported parameter (400) instead of getting every feature back.
enum QueryCheck {
    /// Parameters every strict route takes: `f`, the output format.
    static let standard = ["f"]
    /// The `f` values served: everything is JSON (GeoJSON for features).
    static let formats = ["json", "geojson", "application/json", "application/geo+json"]

    /// Throws 400 naming the first parameter not in `allowed`, or an `f` that is not served.
    static func only(_ allowed: Set<String>, in request: Request) throws {
        for (key, value) in request.uri.queryParameters {
            let name = String(key)
            guard allowed.contains(name) else {
                var p = Problem.badRequest("unknown query parameter '\(name)'; this resource takes: \(allowed.sorted().joined(separator: ", "))")
                p.extra = [("parameter", .string(name))]
                throw p
            }
            if name == "f", !formats.contains(String(value).lowercased()) {
                var p = Problem.badRequest("f=\(value) is not served; use f=json (GeoJSON for features) or leave f out")
                p.extra = [("parameter", "f")]
                throw p
            }
        }
    }
}
