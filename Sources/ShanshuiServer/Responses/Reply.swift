import Foundation
import GeoKit
import Hummingbird
import Shanshui

/// Responses the controllers send: JSON, GeoJSON and files.
enum Reply {
    /// A shape (see `Shape`) as JSON.
    static func json(_ shape: some Shape, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        json(shape.json, status: status, headers: headers)
    }

    /// Shapes as a JSON array.
    static func json(_ shapes: [some Shape]) -> Response {
        json(.array(shapes.map(\.json)))
    }

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
