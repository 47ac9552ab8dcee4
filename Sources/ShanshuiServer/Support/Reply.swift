import Foundation
import GeoKit
import Hummingbird

/// Responses the controllers send: JSON, GeoJSON and files.
enum Reply {
    /// A JSON value.
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, contentType: String = "application/json",
                     headers: HTTPFields = [:]) -> Response {
        bytes(Array(value.serialized().utf8), contentType: contentType, status: status, headers: headers)
    }

    /// Features as a GeoJSON FeatureCollection.
    static func features(_ features: [Feature]) -> Response {
        bytes(Array(GeoJSON.encode(features)), contentType: "application/geo+json")
    }

    /// Raw bytes.
    static func bytes(_ bytes: some Sequence<UInt8>, contentType: String, status: HTTPResponse.Status = .ok,
                      headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = contentType
        let array: [UInt8] = Array(bytes)
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: array)))
    }
}

extension Request {
    /// The body as JSON, at most `limit` bytes.
    /// - Throws: `Problem` 400 for malformed JSON, a member given twice or a body that is not an
    ///   object, 413 when too large.
    mutating func jsonObject(limit: Int = 1 << 20) async throws -> JSONBody {
        let buffer = try await collectBody(upTo: limit)
        let value = try JSONValue.parse(buffer.readableBytesView, refuseDuplicateKeys: true)
        guard case .object = value else { throw Problem.badRequest("the request body must be a JSON object") }
        return JSONBody(value: value)
    }

    /// A query parameter.
    func query(_ name: String) -> String? {
        uri.queryParameters.get(name).map { String($0) }
    }
}

/// A JSON request body with typed field access that answers 400 naming the field.
struct JSONBody {
    let value: JSONValue

    /// A required string field.
    func string(_ key: String) throws -> String {
        guard let s = try optionalString(key) else { throw Problem.badRequest("field '\(key)' is required (a string)") }
        return s
    }

    /// An optional string field (null counts as absent).
    func optionalString(_ key: String) throws -> String? {
        switch value[key] {
        case nil, .null?: return nil
        case .string(let s)?: return s
        case let other?: throw Problem.badRequest("field '\(key)' must be a string, got \(other.serialized())")
        }
    }

    /// An optional number field.
    func optionalDouble(_ key: String) throws -> Double? {
        switch value[key] {
        case nil, .null?: return nil
        case let v?:
            guard let d = v.doubleValue else { throw Problem.badRequest("field '\(key)' must be a number, got \(v.serialized())") }
            return d
        }
    }

    /// An optional array of strings.
    func optionalStrings(_ key: String) throws -> [String]? {
        switch value[key] {
        case nil, .null?: return nil
        case .array(let items)?:
            return try items.map {
                guard let s = $0.stringValue else { throw Problem.badRequest("field '\(key)' must be an array of strings") }
                return s
            }
        case let other?: throw Problem.badRequest("field '\(key)' must be an array of strings, got \(other.serialized())")
        }
    }
}
