import Foundation
import GeoKit
import Hummingbird
import Shanshui

extension Request {
    /// The body decoded as `T`, at most `limit` bytes. The body is first read by the strict
    /// parser (RFC 8259 numbers, no member given twice), then decoded with snake_case names.
    /// - Throws: `Problem` 400 naming the field that is missing or of the wrong type (with a
    ///   `field` member), for malformed JSON or a body that is not an object; 413 when too large.
    mutating func decode<T: Decodable>(_ type: T.Type, limit: Int) async throws -> T {
        let buffer = try await collectBody(upTo: limit)
        let bytes = Array(buffer.readableBytesView)
        guard case .object = try JSONValue.parse(bytes, refuseDuplicateKeys: true) else {
            throw Problem.badRequest("the request body must be a JSON object")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(T.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw BodyField.problem(error)
        }
    }

    /// A query parameter.
    func query(_ name: String) -> String? {
        uri.queryParameters.get(name).map { String($0) }
    }
}

/// Problems about one field of a request body, each naming the field (as a `field` member too).
enum BodyField {
    /// 400 for a decoding error: which field is missing, null or of which wrong type.
    static func problem(_ error: DecodingError) -> Problem {
        switch error {
        case .keyNotFound(let key, let context):
            return problem(.badRequest, name(context.codingPath + [key]), "is required")
        case .valueNotFound(let type, let context):
            return problem(.badRequest, name(context.codingPath), "is required (\(kind(type)))")
        case .typeMismatch(let type, let context):
            return problem(.badRequest, name(context.codingPath), "must be \(kind(type))")
        case .dataCorrupted(let context):
            return problem(.badRequest, name(context.codingPath), context.debugDescription)
        @unknown default:
            return Problem.badRequest("the request body does not fit: \(error)")
        }
    }

    /// `parse(text)` for the field `name`; a domain error becomes 422 naming the field.
    static func parse<T>(_ name: String, _ text: String, _ parse: (String) throws -> T) throws -> T {
        do { return try parse(text) } catch let error as DomainError {
            throw problem(.unprocessableContent, name, "\(error)".replacingOccurrences(of: "invalid value: ", with: ""))
        }
    }

    /// A problem with `status` saying what is wrong with `field`, naming it in a `field` member too.
    static func problem(_ status: HTTPResponse.Status, _ field: String, _ what: String) -> Problem {
        var p = Problem(status, "field '\(field)' \(what)")
        p.extra = [("field", .string(field))]
        return p
    }

    /// The field's path as the body spells it: `staff[1].phone`.
    static func name(_ path: [any CodingKey]) -> String {
        path.reduce("") { name, key in
            if let index = key.intValue { return "\(name)[\(index)]" }
            let part = JSONKey.snakeCase(key.stringValue)
            return name.isEmpty ? part : "\(name).\(part)"
        }
    }

    /// What a value of `type` is called in a message.
    static func kind(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Double.Type, is Int.Type, is Int64.Type: "a number"
        case is Bool.Type: "true or false"
        case is [String].Type: "an array of strings"
        default: String(describing: type).hasPrefix("Array") ? "an array" : "an object"
        }
    }
}
