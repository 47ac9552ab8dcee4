import Foundation
import GeoKit
import Hummingbird
import Shanshui

/// `/api/v1/session`: sign-in for people in the web app (user name and password → an HttpOnly
/// session cookie and a CSRF token), who am I, and logout.
struct SessionController {
    let services: Services
    static let path = "/api/v1/session"

    /// True for the sign-in request itself, which must not be judged by an old cookie.
    static func isSignIn(_ request: Request) -> Bool {
        request.method == .post && request.uri.path == path
    }

    var endpoints: Endpoints {
        let e = Endpoints(prefix: Self.path, tag: "session", publicMode: services.configuration.isPublic)
        let signIns = services.signIns, configuration = services.configuration
        let duty = MyCases(grid: services.store, cases: services.store), clock = configuration.clock
        e.on(.post, "", "Sign in with {user, password} (JSON or form): sets the session cookie (and a device cookie on a browser not yet trusted for the user), returns the person and the CSRF token; 429 while locked out",
             access: .open, body: "application/json, application/x-www-form-urlencoded") { request, context, _ in
            try SessionCookie.checkSameOrigin(request, configuration: configuration)
            var request = request
            let (name, password) = try await Self.credentials(&request, limit: configuration.maxBodyBytes)
            let started: SignIns.Started, device = SessionCookie.device(in: request)
            do {
                started = try await signIns.signIn(name: name, password: password, device: device)
            } catch SignIns.Refusal.wrongCredentials {
                var p = Problem(.unauthorized, "unknown user, wrong password, or a disabled account")
                p.headers = AuthMiddleware.challenges()
                throw p
            } catch SignIns.Refusal.lockedOut(let wait) {
                let browser = device == nil ? "" : " (a browser with a device cookie)"
                context.logger.warning("sign-in of '\(name)' refused: locked out for \(wait) s after repeated wrong passwords\(browser)")
                throw Self.lockedOut(name, wait)
            }
            var headers: HTTPFields = [.setCookie: SessionCookie.setting(started.secret, maxAge: signIns.policy.absoluteSeconds, configuration: configuration),
                                       .cacheControl: "no-store"]
            if let device = started.device {
                headers.append(HTTPFields.Element(name: .setCookie, value: SessionCookie.settingDevice(
                    device, maxAge: signIns.policy.trustedDeviceSeconds, path: Self.path, configuration: configuration)))
            }
            let person = try await Self.person(started.user, duty: duty, on: clock.today)
            return Reply.json(SessionShape(started.user, started.session, person: person, policy: signIns.policy), headers: headers)
        }
        e.get("", "Who am I: the signed-in person (user, role, linked grid person with name and cells) and, under a cookie, the session's CSRF token",
              access: .role(.viewer)) { _, context, caller in
            guard let session = context.session else {
                let identity = caller.identity!
                return Reply.json(SessionShape(name: identity.name, role: identity.role))
            }
            guard let user = try await signIns.accounts.store.user(name: session.userName) else { throw Endpoints.unauthorized }
            let person = try await Self.person(user, duty: duty, on: clock.today)
            return Reply.json(SessionShape(user, session, person: person, policy: signIns.policy), headers: [.cacheControl: "no-store"])
        }
        e.on(.delete, "", "Sign out: ends the session on the server and clears the cookie", access: .open, success: 204) { request, _, _ in
            if let secret = SessionCookie.secret(in: request) { try await signIns.signOut(secret: secret) }
            return Response(status: .noContent, headers: [.setCookie: SessionCookie.clearing(configuration: configuration)])
        }
        return e
    }

    /// 429 with Retry-After for a locked-out user name.
    static func lockedOut(_ name: String, _ wait: Int64) -> Problem {
        var p = Problem(.tooManyRequests, "too many wrong passwords for '\(name)': try again in \(wait) seconds, "
            + "or ask an administrator (`shanshui users passwd` or `users enable` clears the lockout)")
        p.headers[.retryAfter] = String(wait)
        return p
    }

    /// The grid person linked to `user` as the app shows them: phone, name and today's cells with
    /// their role there (head or staff); nil for an account linked to nobody.
    static func person(_ user: User, duty: MyCases, on day: Day) async throws -> PersonDutyShape? {
        guard let phone = user.personPhone else { return nil }
        let (name, cells) = try await duty.duty(of: phone, on: day)
        return PersonDutyShape(phone: phone, name: name, cells: cells)
    }

    /// The user name and password of a JSON object or an HTML form body.
    static func credentials(_ request: inout Request, limit: Int) async throws -> (String, String) {
        let type = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        if type == "application/x-www-form-urlencoded" {
            let buffer = try await request.collectBody(upTo: limit)
            var fields: [String: String] = [:]
            for pair in String(buffer: buffer).split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1).map { $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
                fields[kv[0]] = kv.count > 1 ? kv[1] : ""
            }
            guard let user = fields["user"], let password = fields["password"] else {
                throw Problem.badRequest("send the form fields 'user' and 'password'")
            }
            return (user, password)
        }
        let body = try await request.decode(SignInBody.self, limit: limit)
        return (body.user, body.password)
    }

    /// The JSON body of a sign-in.
    struct SignInBody: Decodable {
        var user: String
        var password: String
    }
}
