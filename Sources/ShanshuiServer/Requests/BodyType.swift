import Hummingbird

/// The media type of request bodies, checked before a handler reads one: a route that takes
/// JSON answers 415 to a form post or plain text instead of guessing.
enum BodyType {
    /// The media types a route declaring `declared` accepts (GeoJSON uploads may say plain JSON;
    /// a route taking several lists them separated by ", ").
    static func accepted(_ declared: String) -> [String] {
        declared == "application/geo+json" ? [declared, "application/json"] : declared.components(separatedBy: ", ")
    }

    /// Throws 415 naming the accepted types when the request's Content-Type is missing or other.
    static func check(_ request: Request, declared: String) throws {
        let sent = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        let accepted = accepted(declared)
        guard let sent, accepted.contains(sent) else {
            var p = Problem(.unsupportedMediaType, "send the body with Content-Type: \(accepted.joined(separator: " or ")); got \(sent.map { "'\($0)'" } ?? "none")")
            p.headers[.accept] = accepted.joined(separator: ", ")
            throw p
        }
    }
}
