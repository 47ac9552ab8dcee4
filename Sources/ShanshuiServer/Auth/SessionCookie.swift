import Foundation
import Hummingbird
import Shanshui

/// The web session's cookie and the checks on requests it authenticates.
///
/// The cookie is `HttpOnly` (scripts cannot read it), `Path=/`, `Secure` when the service is
/// reached over TLS (its own certificate or an `https` base URL behind a proxy), and
/// `SameSite=Strict`: the web app's pages are open and fetch the API from their own origin, so a
/// strict cookie costs nothing, while a link from another site (a chat message) never carries it.
enum SessionCookie {
    static let name = "shanshui_session"
    /// The device cookie (`TrustedDevice`): sent only to the sign-in path, kept across sessions.
    static let deviceName = "shanshui_device"
    /// The header every unsafe request authenticated by the cookie must carry.
    static let csrfHeader = HTTPFields.Element.Name("X-CSRF-Token")!

    /// The session id in the request's `Cookie` header, if any.
    static func secret(in request: Request) -> String? { value(of: name, in: request) }

    /// The device id in the request's `Cookie` header, if any.
    static func device(in request: Request) -> String? { value(of: deviceName, in: request) }

    private static func value(of cookie: String, in request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if parts.count == 2, parts[0] == cookie, !parts[1].isEmpty { return parts[1] }
            }
        }
        return nil
    }

    /// The `Set-Cookie` value that stores `secret` for `maxAge` seconds (the absolute limit).
    static func setting(_ secret: String, maxAge: Int64, configuration: ServerConfiguration) -> String {
        cookie(name, secret, path: "/", maxAge: maxAge, configuration)
    }

    /// The `Set-Cookie` value that stores a device id for `maxAge` seconds (the trust's life), on
    /// the sign-in path alone: no other request carries it, and signing out keeps it.
    static func settingDevice(_ secret: String, maxAge: Int64, path: String, configuration: ServerConfiguration) -> String {
        cookie(deviceName, secret, path: path, maxAge: maxAge, configuration)
    }

    /// The `Set-Cookie` value that makes the browser forget the cookie.
    static func clearing(configuration: ServerConfiguration) -> String {
        cookie(name, "", path: "/", maxAge: 0, configuration)
    }

    /// A `Set-Cookie` value with the attributes every cookie of ours has: `HttpOnly`,
    /// `SameSite=Strict`, and `Secure` over TLS.
    private static func cookie(_ name: String, _ value: String, path: String, maxAge: Int64, _ configuration: ServerConfiguration) -> String {
        "\(name)=\(value); Path=\(path); Max-Age=\(maxAge); HttpOnly; SameSite=Strict" + (isSecure(configuration) ? "; Secure" : "")
    }

    /// True when browsers reach the service over TLS.
    static func isSecure(_ configuration: ServerConfiguration) -> Bool {
        configuration.tls != nil || configuration.baseURL?.lowercased().hasPrefix("https://") == true
    }

    /// True for methods that change something (they need the CSRF token under a cookie).
    static func isUnsafe(_ method: HTTPRequest.Method) -> Bool {
        ![.get, .head, .options, .trace].contains(method)
    }

    /// Refuses a cross-site request: `Sec-Fetch-Site` other than `same-origin`, or an `Origin`
    /// other than the service's own (the request's Host, or the configured base URL's origin).
    /// - Throws: 403 naming the header at fault.
    static func checkSameOrigin(_ request: Request, configuration: ServerConfiguration) throws {
        if let site = request.headers[HTTPFields.Element.Name("Sec-Fetch-Site")!], site != "same-origin" {
            throw Problem(.forbidden, "cross-site request refused: Sec-Fetch-Site is '\(site)'; sign-in cookies work only from the service's own pages")
        }
        guard let origin = request.headers[HTTPFields.Element.Name("Origin")!] else { return }
        var own: [String] = []
        if let host = request.head.authority { own.append("\(configuration.scheme)://\(host)".lowercased()) }
        if let base = configuration.baseURL, let url = URL(string: base), let scheme = url.scheme, let host = url.host {
            own.append("\(scheme)://\(host)\(url.port.map { ":\($0)" } ?? "")".lowercased())
        }
        guard own.contains(origin.lowercased()) else {
            throw Problem(.forbidden, "cross-site request refused: Origin '\(origin)' is not this service's origin")
        }
    }

    /// The checks of an unsafe request authenticated by `session`'s cookie: same origin and the
    /// session's CSRF token in `X-CSRF-Token`. - Throws: 403 naming what is missing or wrong.
    static func checkWrite(_ request: Request, session: Session, configuration: ServerConfiguration) throws {
        try checkSameOrigin(request, configuration: configuration)
        guard let sent = request.headers[csrfHeader] else {
            throw Problem(.forbidden, "missing CSRF token: a request signed in by cookie that changes something must send the X-CSRF-Token header "
                + "(the csrf_token from POST or GET /api/v1/session)")
        }
        guard Secret.equal(sent, session.csrfToken) else {
            throw Problem(.forbidden, "wrong CSRF token in X-CSRF-Token: use the csrf_token of this session (GET /api/v1/session)")
        }
    }
}
