import Hummingbird

/// 405 Method Not Allowed with an `Allow` header for a method a known path does not serve
/// (TRACE, DELETE, PUT...), instead of the router's 404 (Hummingbird answers HEAD for GET routes).
/// The table comes from the documented routes, so it cannot drift from the router.
struct MethodsMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Each path template split into segments (`{name}` matches any one segment) and its methods.
    let routes: [(segments: [Substring], methods: Set<String>)]

    init(_ docs: [EndpointDoc]) {
        var table: [String: Set<String>] = [:]
        for doc in docs { table[doc.path, default: []].insert(doc.method.rawValue) }
        routes = table.map { (Self.segments($0.key), $0.value) }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            guard let methods = allowed(request.uri.path), !methods.contains(request.method.rawValue) else { throw error }
            var p = Problem(.methodNotAllowed, "\(request.method.rawValue) is not served on \(request.uri.path); allowed: \(Self.allow(methods))")
            p.headers[.allow] = Self.allow(methods)
            throw p
        }
    }

    /// The methods of the route template `path` matches, nil for an unknown path.
    func allowed(_ path: String) -> Set<String>? {
        let parts = Self.segments(path)
        let found = routes.filter { route in
            route.segments.count == parts.count && zip(route.segments, parts).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }
        return found.isEmpty ? nil : found.reduce(into: Set<String>()) { $0.formUnion($1.methods) }
    }

    static func segments(_ path: String) -> [Substring] { path.split(separator: "/") }

    /// The `Allow` value: the routed methods, HEAD with GET, and OPTIONS (CORS preflights).
    static func allow(_ methods: Set<String>) -> String {
        var all = methods.union(["OPTIONS"])
        if all.contains("GET") { all.insert("HEAD") }
        return all.sorted().joined(separator: ", ")
    }
}
