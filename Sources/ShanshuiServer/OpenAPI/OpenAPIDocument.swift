import GeoKit
import Hummingbird

/// The OpenAPI document of the service, made from the endpoints as registered, so every route
/// is in it: 3.1 at `/api/v1/openapi.json`, 3.0 at `/ogc/api` for OGC API clients.
public struct OpenAPIDocument: Sendable {
    /// The routes documented.
    public let endpoints: [EndpointDoc]

    /// A document over `endpoints`.
    public init(endpoints: [EndpointDoc]) {
        self.endpoints = endpoints
    }

    /// The document as JSON.
    /// - Parameter version: `3.1.0` or `3.0.3`.
    public func json(version: String) -> JSONValue {
        var paths: [(key: String, value: JSONValue)] = []
        for path in uniquePaths {
            let operations: [(key: String, value: JSONValue)] = endpoints.filter { $0.path == path }.map { e in
                (key: e.method.rawValue.lowercased(), value: operation(e))
            }
            paths.append((key: path, value: .object(operations)))
        }
        return .object([
            ("openapi", .string(version)),
            ("info", .object([("title", "Shanshui"), ("version", "0.1.0"),
                              ("description", "Protected-area supervision: registry, grid, scans, cases; OGC API - Features at /ogc.")])),
            ("servers", .array([.object([("url", "/")])])),
            ("paths", .object(paths)),
            ("components", .object([
                ("securitySchemes", .object([("bearer", .object([("type", "http"), ("scheme", "bearer")]))])),
                ("schemas", .object([("Problem", .object([("type", "object"), ("properties", .object([
                    ("type", .object([("type", "string")])), ("title", .object([("type", "string")])),
                    ("status", .object([("type", "integer")])), ("detail", .object([("type", "string")])),
                    ("instance", .object([("type", "string")])),
                ]))]))])),
            ])),
        ])
    }

    var uniquePaths: [String] {
        var seen = Set<String>()
        return endpoints.map(\.path).filter { seen.insert($0).inserted }
    }

    private func operation(_ e: EndpointDoc) -> JSONValue {
        var parameters: [JSONValue] = parameterNames(e.path).map { name in
            .object([("name", .string(name)), ("in", "path"), ("required", true), ("schema", .object([("type", "string")]))])
        }
        parameters += e.query.map { name in
            .object([("name", .string(name)), ("in", "query"), ("required", false), ("schema", .object([("type", "string")]))])
        }
        if e.path.contains("/transitions") {
            parameters.append(.object([("name", "If-Match"), ("in", "header"), ("required", true), ("schema", .object([("type", "string")]))]))
        }
        let problem: JSONValue = .object([("description", "A problem (RFC 9457)"), ("content", .object([
            ("application/problem+json", .object([("schema", .object([("$ref", "#/components/schemas/Problem")]))])),
        ]))])
        var responses: [(key: String, value: JSONValue)] = [(key: String(e.success), value: .object([("description", "Success")])),
                                                            (key: "4XX", value: problem)]
        if case .role = e.access { responses.append((key: "401", value: problem)) }
        var members: [(key: String, value: JSONValue)] = [
            ("summary", .string(e.summary)), ("tags", .array([.string(e.tag)])),
            ("operationId", .string(e.method.rawValue.lowercased() + e.path.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
                .map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined())),
            ("parameters", .array(parameters)), ("responses", .object(responses)),
        ]
        switch e.access {
        case .role(let role):
            members.append(("security", .array([.object([("bearer", .array([]))])])))
            members.append(("x-required-role", .string(role.rawValue)))
        case .publicRead:
            members.append(("security", .array([.object([("bearer", .array([]))]), .object([])])))
        case .open:
            members.append(("security", .array([])))
        }
        if let body = e.body {
            members.append(("requestBody", .object([("required", true), ("content", .object([(body, .object([("schema", .object([]))]))]))])))
        }
        return .object(members)
    }

    private func parameterNames(_ path: String) -> [String] {
        path.split(separator: "/").filter { $0.hasPrefix("{") && $0.hasSuffix("}") }.map { String($0.dropFirst().dropLast()) }
    }
}
