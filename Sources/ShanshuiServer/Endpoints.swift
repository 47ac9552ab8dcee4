import GeoKit
import Hummingbird
import Shanshui

/// Who may call an endpoint.
public enum Access: Sendable, Hashable {
    /// Anyone, always (the map page and its scripts, health, metrics).
    case open
    /// Any token holder; anonymous callers too when the service runs with `--public` (then
    /// without personal data).
    case publicRead
    /// Holders of this role (or admins).
    case role(Role)
}

/// One documented route: what the OpenAPI document says about it.
public struct EndpointDoc: Sendable {
    public var method: HTTPRequest.Method
    /// The full path with `{name}` parameters, e.g. `/api/v1/cases/{id}`.
    public var path: String
    public var summary: String
    public var tag: String
    public var access: Access
    /// The request body's media type, when it takes one.
    public var body: String?
    /// The query parameters it reads.
    public var query: [String]
    /// The success status.
    public var success: Int
    /// The success response's media type and schema, when the controller declares them
    /// (else `ResponseSchemas` knows them by path).
    public var response: ResponseDoc? = nil
}

/// A success response as the OpenAPI documents describe it.
public struct ResponseDoc: Sendable {
    public var mediaType: String
    /// A JSON Schema in OpenAPI 3.0 form (`nullable: true`); the 3.1 document converts it.
    public var schema: JSONValue

    /// Makes a response description.
    public init(_ mediaType: String, _ schema: JSONValue) {
        self.mediaType = mediaType
        self.schema = schema
    }
}

/// The caller of one request as a handler sees it: identity and whether personal data may be shown.
public struct Caller: Sendable {
    public var identity: Identity?
    /// False for anonymous callers of a public service: names and phones are left out.
    public var personal: Bool
    /// The name recorded in audit logs.
    public var actor: String { identity?.name ?? "anonymous" }
}

/// A controller's routes with their documentation and access rules, registered together so the
/// OpenAPI document and the router cannot drift apart.
public final class Endpoints: @unchecked Sendable {
    /// Handles one request.
    public typealias Handler = @Sendable (Request, ShanshuiRequestContext, Caller) async throws -> Response

    let collection = RouteCollection(context: ShanshuiRequestContext.self)
    /// The documentation of every route, full paths.
    public private(set) var docs: [EndpointDoc] = []
    let prefix: String
    let tag: String
    let publicMode: Bool
    /// Refuse query parameters a route does not declare (OGC API: a mistyped filter must not
    /// silently return everything).
    let strictQuery: Bool

    /// Routes mounted at `prefix`, documented under `tag`.
    /// - Parameter strictQuery: answer 400 to query parameters a route does not declare.
    init(prefix: String, tag: String, publicMode: Bool, strictQuery: Bool = false) {
        self.prefix = prefix
        self.tag = tag
        self.publicMode = publicMode
        self.strictQuery = strictQuery
    }

    /// Adds a route.
    /// - Parameters:
    ///   - method: The HTTP method.
    ///   - path: The path below the prefix, `{name}` for parameters ("" for the prefix itself).
    ///   - summary: One line for the OpenAPI document.
    ///   - access: Who may call it.
    ///   - body: The request body's media type, if any.
    ///   - query: Query parameters read.
    ///   - success: The success status.
    ///   - response: The success response's media type and schema.
    ///   - handler: The handler, called once access is granted.
    func on(_ method: HTTPRequest.Method, _ path: String, _ summary: String, access: Access = .publicRead, body: String? = nil,
            query: [String] = [], success: Int = 200, response: ResponseDoc? = nil, handler: @escaping Handler) {
        let full = path.isEmpty ? (prefix.isEmpty ? "/" : prefix) : prefix + "/" + path
        docs.append(EndpointDoc(method: method, path: full, summary: summary, tag: tag, access: access, body: body, query: query,
                                success: success, response: response))
        let publicMode = self.publicMode
        let strict: Set<String>? = strictQuery ? Set(query + QueryCheck.standard) : nil
        collection.on(RouterPath(full), method: method) { request, context in
            if let strict { try QueryCheck.only(strict, in: request) }
            let caller = try Self.admit(context.identity, to: access, publicMode: publicMode)
            return try await handler(request, context, caller)
        }
    }

    /// Adds a GET route.
    func get(_ path: String, _ summary: String, access: Access = .publicRead, query: [String] = [], response: ResponseDoc? = nil,
             handler: @escaping Handler) {
        on(.get, path, summary, access: access, query: query, response: response, handler: handler)
    }

    /// Checks access: 401 without a token where one is needed, 403 when the role is not enough.
    static func admit(_ identity: Identity?, to access: Access, publicMode: Bool) throws -> Caller {
        switch access {
        case .open:
            return Caller(identity: identity, personal: identity != nil)
        case .publicRead:
            if let identity { return Caller(identity: identity, personal: true) }
            if publicMode { return Caller(identity: nil, personal: false) }
            throw unauthorized
        case .role(let role):
            guard let identity else { throw unauthorized }
            guard identity.role.allows(role) else {
                throw Problem(.forbidden, "this needs the \(role.rawValue) role (or admin); your token has the \(identity.role.rawValue) role")
            }
            return Caller(identity: identity, personal: true)
        }
    }

    static var unauthorized: Problem {
        var p = Problem(.unauthorized, "send a bearer token (Authorization: Bearer TOKEN, from `shanshui tokens create`) "
            + "or sign in with a user name and password (HTTP Basic, from `shanshui users add`)")
        p.headers = AuthMiddleware.challenges()
        return p
    }
}

extension Router where Context == ShanshuiRequestContext {
    /// Mounts a controller's routes (their paths are already full).
    func add(_ endpoints: Endpoints) {
        addRoutes(endpoints.collection)
    }
}
