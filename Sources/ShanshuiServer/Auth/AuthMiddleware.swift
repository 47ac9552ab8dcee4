import Hummingbird
import Shanshui

/// Reads `Authorization: Bearer TOKEN` and sets the caller's identity; an unknown or revoked
/// token is refused with 401 at once, so a mistyped token never silently reads as anonymous.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = ShanshuiRequestContext
    let tokens: TokenService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else { return try await next(request, context) }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw Self.refused("the Authorization header must be 'Bearer TOKEN'")
        }
        guard let identity = try await tokens.identity(secret: String(parts[1]).trimmingCharacters(in: .whitespaces)) else {
            throw Self.refused("the bearer token is unknown or revoked")
        }
        var context = context
        context.identity = identity
        context.logger[metadataKey: "caller"] = "\(identity.name)"
        return try await next(request, context)
    }

    static func refused(_ detail: String) -> Problem {
        var p = Problem(.unauthorized, detail)
        p.headers[.wwwAuthenticate] = "Bearer realm=\"shanshui\", error=\"invalid_token\""
        return p
    }
}
