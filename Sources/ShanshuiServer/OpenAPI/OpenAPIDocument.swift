import GeoKit
import Hummingbird

/// The OpenAPI documents of the service, made from the endpoints as registered, so every route
/// is in them: the whole service in 3.1 at `/api/v1/openapi.json`, and OGC API - Features alone
/// in 3.0 at `/ogc/api` for OGC clients (QGIS, GDAL). Parameters are typed (`ParameterSchemas`)
/// and every success answer has a schema (the controller's, else `ResponseSchemas`).
public struct OpenAPIDocument: Sendable {
    /// The routes documented.
    public let endpoints: [EndpointDoc]

    /// A document over `endpoints`.
    public init(endpoints: [EndpointDoc]) {
        self.endpoints = endpoints
    }

    /// The whole service as JSON.
    /// - Parameter version: `3.1.0` or `3.0.3`.
    public func json(version: String) -> JSONValue {
        document(version: version, title: "Shanshui", endpoints: endpoints,
                 description: "Protected-area supervision: registry, grid, scans, cases; OGC API - Features at /ogc (its own document: /ogc/api).")
    }

    /// OGC API - Features alone (the `/ogc` routes), OpenAPI 3.0 as Part 1's `oas30` class asks.
    public var ogcJSON: JSONValue {
        document(version: "3.0.3", title: "Shanshui OGC API - Features", endpoints: endpoints.filter { $0.path.hasPrefix("/ogc") },
                 description: "Protected areas, zones, red lines, change patches, cases and grid cells as OGC API - Features Part 1 "
                    + "(Core, GeoJSON). Sign in with HTTP Basic (user accounts) or a bearer token.")
    }

    private func document(version: String, title: String, endpoints: [EndpointDoc], description: String) -> JSONValue {
        var paths: [(key: String, value: JSONValue)] = []
        var seen = Set<String>()
        for path in endpoints.map(\.path) where seen.insert(path).inserted {
            let operations: [(key: String, value: JSONValue)] = endpoints.filter { $0.path == path }.map { e in
                (key: e.method.rawValue.lowercased(), value: operation(e))
            }
            paths.append((key: path, value: .object(operations)))
        }
        let document: JSONValue = .object([
            ("openapi", .string(version)),
            ("info", .object([("title", .string(title)), ("version", "0.1.0"), ("description", .string(description))])),
            ("servers", .array([.object([("url", "/")])])),
            ("paths", .object(paths)),
            ("components", .object([
                ("securitySchemes", .object([
                    ("bearer", .object([("type", "http"), ("scheme", "bearer")])),
                    ("basic", .object([("type", "http"), ("scheme", "basic")])),
                    ("cookieAuth", .object([("type", "apiKey"), ("in", "cookie"), ("name", "shanshui_session"),
                                            ("description", "The web app's session (POST /api/v1/session); unsafe requests also need X-CSRF-Token and the same origin")])),
                ])),
                ("schemas", .object(ComponentSchemas.all)),
            ])),
        ])
        return version.hasPrefix("3.0") ? document : Schema.openAPI31(document)
    }

    private func operation(_ e: EndpointDoc) -> JSONValue {
        var parameters: [JSONValue] = parameterNames(e.path).map { name in
            .object([("name", .string(name)), ("in", "path"), ("required", true),
                     ("schema", ParameterSchemas.schema(name, path: e.path).schema)])
        }
        parameters += e.query.map { name in
            let (schema, explode) = ParameterSchemas.schema(name, path: e.path)
            var members: [(key: String, value: JSONValue)] = [("name", .string(name)), ("in", "query"),
                                                              ("required", .bool(ParameterSchemas.isRequired(name, path: e.path))), ("schema", schema)]
            if let explode { members += [("style", "form"), ("explode", .bool(explode))] }
            return .object(members)
        }
        if e.path.contains("/transitions") {
            parameters.append(.object([("name", "If-Match"), ("in", "header"), ("required", true), ("schema", Schema.string)]))
        }
        let problem: JSONValue = .object([("description", "A problem (RFC 9457)"), ("content", .object([
            ("application/problem+json", .object([("schema", Schema.ref("Problem"))])),
        ]))])
        let success = e.response ?? ResponseSchemas.response(e.method.rawValue, e.path)
        var responses: [(key: String, value: JSONValue)] = [
            (key: String(e.success), value: .object([("description", "Success"), ("content", .object([
                (success.mediaType, .object([("schema", success.schema)])),
            ]))])),
        ]
        responses += Self.problemResponses(e, hasQuery: !parameters.isEmpty).map { (key: $0, value: problem) }
        responses.append((key: "4XX", value: problem))
        if case .role = e.access { responses.append((key: "401", value: problem)) }
        var members: [(key: String, value: JSONValue)] = [
            ("summary", .string(e.summary)), ("tags", .array([.string(e.tag)])),
            ("operationId", .string(e.method.rawValue.lowercased() + e.path.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
                .map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined())),
            ("parameters", .array(parameters)), ("responses", .object(responses)),
        ]
        let signedIn: [JSONValue] = [.object([("bearer", .array([]))]), .object([("basic", .array([]))]), .object([("cookieAuth", .array([]))])]
        switch e.access {
        case .role(let role):
            members.append(("security", .array(signedIn)))
            members.append(("x-required-role", .string(role.rawValue)))
        case .publicRead:
            members.append(("security", .array(signedIn + [.object([])])))
        case .open:
            members.append(("security", .array([])))
        }
        if let body = e.body {
            let schema = RequestSchemas.schema(e.method.rawValue, e.path)
            members.append(("requestBody", .object([("required", true), ("content", .object(body.components(separatedBy: ", ").map { ($0, .object([("schema", schema)])) }))])))
        }
        return .object(members)
    }

    /// The problem answers an operation can give, declared one by one so clients and checkers
    /// (schemathesis) know them: 400 for bad parameters or bodies, 404 for an unknown path
    /// parameter, 405 (with Allow) for a method the path does not serve, 413, 415 and 422 for
    /// bodies, 503 (with Retry-After) when the store stays busy past the wait.
    static func problemResponses(_ e: EndpointDoc, hasQuery: Bool) -> [String] {
        let hasPathParameter = e.path.contains("{")
        var codes: [String] = []
        if hasQuery || e.body != nil { codes.append("400") }
        if hasPathParameter { codes.append("404") }
        codes.append("405")
        if e.body != nil { codes += ["413", "415", "422"] } else if hasPathParameter { codes.append("422") }
        codes.append("503")
        return codes
    }

    private func parameterNames(_ path: String) -> [String] {
        // A segment is `{name}` or `{name}.ext` (tiles' `{y}.png`).
        path.split(separator: "/").filter { $0.hasPrefix("{") && $0.contains("}") }.map { String($0.dropFirst().prefix { $0 != "}" }) }
    }
}
