import Foundation
import Hummingbird
import Shanshui

/// Reads `Authorization: Bearer TOKEN` (API tokens) or `Authorization: Basic …` (user accounts,
/// for QGIS and GDAL, which have no bearer-token method in QGIS 3.22) and sets the caller's
/// identity with the token's or the user's role. Bad credentials are refused with 401 at once,
/// so a mistyped password never silently reads as anonymous. Without an Authorization header, the
/// web session cookie signs a person in (an unknown or ended session reads as anonymous: browsers
/// keep stale cookies); unsafe requests under the cookie need the CSRF token and the same origin.
///
/// The request reads the store's commit stamp once (`CommitStamps.sharing`): the token check and
/// the caches the handler asks (the grid's lookup index) share it.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = ShanshuiRequestContext
    let tokens: TokenService
    let basic: BasicSignIn
    let signIns: SignIns
    let configuration: ServerConfiguration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try await CommitStamps.sharing { try await authenticate(request, context: context, next: next) }
    }

    private func authenticate(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else { return try await withCookie(request, context: context, next: next) }
        let parts = header.split(separator: " ", maxSplits: 1)
        let scheme = parts.first?.lowercased() ?? ""
        guard parts.count == 2, scheme == "bearer" || scheme == "basic" else {
            throw Self.refused("the Authorization header must be 'Bearer TOKEN' or 'Basic …' (user name and password)")
        }
        let credentials = Self.trimmed(parts[1])
        let identity: Identity
        if scheme == "bearer" {
            guard let found = try await tokens.identity(secret: credentials) else { throw Self.refused("the bearer token is unknown or revoked") }
            identity = found
        } else {
            identity = try await basic.identity(credentials)
        }
        var context = context
        context.identity = identity
        Self.tag(&context, caller: identity.name)
        return try await next(request, context)
    }

    /// Signs in by the session cookie, if there is a live one; sign-in itself ignores the cookie.
    private func withCookie(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let secret = SessionCookie.secret(in: request), !SessionController.isSignIn(request),
              let (user, session) = try await signIns.session(secret: secret) else { return try await next(request, context) }
        if SessionCookie.isUnsafe(request.method) { try SessionCookie.checkWrite(request, session: session, configuration: configuration) }
        var context = context
        context.identity = Identity(name: user.name, role: user.role)
        context.session = session
        Self.tag(&context, caller: user.name)
        return try await next(request, context)
    }

    /// Names the caller in the log lines written below (the handlers' debug lines): only when
    /// debug lines are written, since the log handler re-renders its metadata on every change.
    private static func tag(_ context: inout Context, caller: String) {
        if context.logger.logLevel <= .debug { context.logger[metadataKey: "caller"] = "\(caller)" }
    }

    /// The credentials without the spaces and tabs around them (Foundation's trimming bridges
    /// through NSString: a tenth of a token request's time).
    static func trimmed(_ text: Substring) -> String {
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
        let bytes = text.utf8
        guard let first = bytes.firstIndex(where: { !blank($0) }), let last = bytes.lastIndex(where: { !blank($0) }) else { return "" }
        return String(text[first...last])
    }

    /// The challenge of a 401. Only Bearer is offered, though Basic is accepted: a Basic
    /// challenge makes browsers pop up a password dialog over the web map, and QGIS and GDAL
    /// send their Basic credentials without waiting for one.
    static func challenges(error: String? = nil) -> HTTPFields {
        let suffix = error.map { ", error=\"\($0)\"" } ?? ""
        return [.wwwAuthenticate: "Bearer realm=\"shanshui\"\(suffix)"]
    }

    static func refused(_ detail: String) -> Problem {
        var p = Problem(.unauthorized, detail)
        p.headers = challenges(error: "invalid_token")
        return p
    }
}
