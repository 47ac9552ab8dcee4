import Foundation
import GeoKit
import Shanshui
import ShanshuiServer
import ShanshuiStore
import ShanshuiTestSupport
import Testing

/// Sign-in for people over real HTTP: the session cookie's attributes, CSRF on cookie writes,
/// logout, expiry on a moved clock, lockout, disabled users, and bearer clients unaffected.
@Suite("Web sign-in: session cookie, CSRF, lockout")
struct SessionSignInTests {
    /// Signs in with a JSON body; returns the answer and the `Cookie` header value to send back.
    static func signIn(_ server: LiveServer, _ name: String, _ password: String, headers: [String: String] = [:]) async throws
        -> (answer: LiveServer.Answer, cookie: String, csrf: String) {
        let answer = try await server.send("POST", "/api/v1/session", headers: headers, json: .object([("user", .string(name)), ("password", .string(password))]))
        let setCookie = answer.header("Set-Cookie") ?? ""
        return (answer, String(setCookie.split(separator: ";").first ?? ""), answer.json["csrf_token"]?.stringValue ?? "")
    }

    @Test func aCookieSignsInReadsEvidenceAndWritesOnlyWithTheCSRFToken() async throws {
        let (dir, db, evidence) = try await ScannedCounty.copy()
        defer { try? FileManager.default.removeItem(at: dir) }
        let time = try StepClock("2031-05-06T07:00:00Z")
        try await LiveServer.with(db: db, evidence: evidence, configure: { $0.clock = time.clock }) { server in
            try await Accounts(store: server.store).add(name: "wang.officer", role: .officer, password: "officer password", personPhone: "13800000001")
            let (answer, cookie, csrf) = try await Self.signIn(server, "wang.officer", "officer password")
            #expect(answer.status == 200)
            let setCookie = try #require(answer.header("Set-Cookie"))
            #expect(setCookie.hasPrefix("shanshui_session=") && cookie.count > 40)
            for attribute in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=43200"] { #expect(setCookie.contains(attribute), "\(setCookie)") }
            #expect(!setCookie.contains("Secure"), "no Secure over plain HTTP")
            #expect(answer.json["user"]?.stringValue == "wang.officer" && answer.json["role"]?.stringValue == "officer")
            #expect(answer.json["person"]?["phone"]?.stringValue == "13800000001")
            #expect(csrf.count == 64)
            let me = try await server.send("GET", "/api/v1/session", headers: ["Cookie": cookie])
            #expect(me.status == 200 && me.json["user"]?.stringValue == "wang.officer" && me.json["csrf_token"]?.stringValue == csrf)
            #expect(try await server.send("GET", "/api/v1/session").status == 401)

            // A chip in an <img> carries only the cookie: served; without it, refused.
            let cases = try await server.send("GET", "/api/v1/cases?limit=1000", headers: ["Cookie": cookie]).json["cases"]?.arrayValue ?? []
            #expect(!cases.isEmpty)
            var chip: String?
            for c in cases where chip == nil {
                chip = (try await server.send("GET", "/api/v1/cases/\(c["id"]?.intValue ?? 0)", headers: ["Cookie": cookie]).json["chips"]?.arrayValue ?? [])
                    .first?.stringValue
            }
            let url = try #require(chip)
            let image = try await server.send("GET", url, headers: ["Cookie": cookie])
            #expect(image.status == 200 && image.header("Content-Type") == "image/png")
            #expect(try await server.send("GET", url).status == 401)

            // Writes under the cookie need the CSRF token and the same origin; a bearer token needs neither.
            let flagged = try #require(try await server.store.cases(CaseFilter(status: .flagged), offset: 0, limit: 2))
            try #require(flagged.count == 2)
            let dispatch = JSONValue.object([("action", "dispatch")])
            let ifMatch = "\"\(flagged[0].revision)\""
            let noToken = try await server.send("POST", "/api/v1/cases/\(flagged[0].id)/transitions", headers: ["Cookie": cookie, "If-Match": ifMatch], json: dispatch)
            #expect(noToken.status == 403 && noToken.isProblem && noToken.json["detail"]?.stringValue?.contains("CSRF") == true)
            let wrong = try await server.send("POST", "/api/v1/cases/\(flagged[0].id)/transitions",
                                              headers: ["Cookie": cookie, "If-Match": ifMatch, "X-CSRF-Token": String(repeating: "0", count: 64)], json: dispatch)
            #expect(wrong.status == 403 && wrong.json["detail"]?.stringValue?.contains("wrong CSRF") == true)
            let crossSite = try await server.send("POST", "/api/v1/cases/\(flagged[0].id)/transitions",
                                                  headers: ["Cookie": cookie, "If-Match": ifMatch, "X-CSRF-Token": csrf, "Origin": "https://evil.example"], json: dispatch)
            #expect(crossSite.status == 403 && crossSite.json["detail"]?.stringValue?.contains("Origin") == true)
            let fetchSite = try await server.send("POST", "/api/v1/cases/\(flagged[0].id)/transitions",
                                                  headers: ["Cookie": cookie, "If-Match": ifMatch, "X-CSRF-Token": csrf, "Sec-Fetch-Site": "cross-site"], json: dispatch)
            #expect(fetchSite.status == 403 && fetchSite.json["detail"]?.stringValue?.contains("Sec-Fetch-Site") == true)
            let ok = try await server.send("POST", "/api/v1/cases/\(flagged[0].id)/transitions",
                                           headers: ["Cookie": cookie, "If-Match": ifMatch, "X-CSRF-Token": csrf, "Origin": server.base.absoluteString,
                                                     "Sec-Fetch-Site": "same-origin"], json: dispatch)
            #expect(ok.status == 200, "\(ok.json)")
            #expect(ok.json["history"]?.arrayValue?.last?["actor"]?.stringValue == "wang.officer", "the audit log names the person")
            let bearer = try await server.send("POST", "/api/v1/cases/\(flagged[1].id)/transitions", token: try await server.token(.officer),
                                               headers: ["If-Match": "\"\(flagged[1].revision)\""], json: dispatch)
            #expect(bearer.status == 200, "bearer clients need no CSRF token")

            // Logout ends the session on the server and clears the cookie.
            #expect(try await server.send("DELETE", "/api/v1/session", headers: ["Cookie": cookie]).status == 403, "logout needs the token too")
            let out = try await server.send("DELETE", "/api/v1/session", headers: ["Cookie": cookie, "X-CSRF-Token": csrf])
            #expect(out.status == 204 && out.header("Set-Cookie")?.contains("Max-Age=0") == true)
            #expect(try await server.send("GET", "/api/v1/session", headers: ["Cookie": cookie]).status == 401)

            // Expiry: idle two hours, or twelve hours however busy.
            let idle = try await Self.signIn(server, "wang.officer", "officer password")
            time.advance(2 * 3600 - 1)
            #expect(try await server.send("GET", "/api/v1/session", headers: ["Cookie": idle.cookie]).status == 200)
            time.advance(2 * 3600)
            #expect(try await server.send("GET", "/api/v1/session", headers: ["Cookie": idle.cookie]).status == 401, "idle limit")
            let busy = try await Self.signIn(server, "wang.officer", "officer password")
            for _ in 1...11 {
                time.advance(3600)
                #expect(try await server.send("GET", "/api/v1/session", headers: ["Cookie": busy.cookie]).status == 200)
            }
            time.advance(3600)
            #expect(try await server.send("GET", "/api/v1/session", headers: ["Cookie": busy.cookie]).status == 401, "absolute limit")

            // A disabled user's session is refused at once.
            let live = try await Self.signIn(server, "wang.officer", "officer password")
            try await Accounts(store: server.store).setDisabled(name: "wang.officer", true)
            #expect(try await server.send("GET", "/api/v1/session", headers: ["Cookie": live.cookie]).status == 401)
            #expect(try await server.send("GET", url, headers: ["Cookie": live.cookie]).status == 401)
        }
    }

    @Test func fiveWrongPasswordsLockTheNameUntilTheCoolDownOrAnAdministrator() async throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let time = try StepClock("2031-05-06T07:00:00Z")
        try await LiveServer.with(db: try LiveServer.workspace(in: dir), configure: { $0.clock = time.clock }) { server in
            let accounts = Accounts(store: server.store)
            try await accounts.add(name: "li.staff", role: .viewer, password: "staff password")
            let token = try await server.token(.viewer)
            for _ in 1...5 { #expect(try await Self.signIn(server, "li.staff", "not the password").answer.status == 401) }
            let locked = try await Self.signIn(server, "li.staff", "staff password").answer
            #expect(locked.status == 429 && locked.isProblem && locked.header("Retry-After") == "900")
            let basic = "Basic " + Data("li.staff:staff password".utf8).base64EncodedString()
            #expect(try await server.send("GET", "/api/v1/session", headers: ["Authorization": basic]).status == 429, "Basic is locked out too")
            #expect(try await server.send("GET", "/api/v1/session", token: token).status == 200, "bearer clients unaffected")
            time.advance(900)
            #expect(try await Self.signIn(server, "li.staff", "staff password").answer.status == 200, "after the cool-down")
            // Failures restart from zero after a success: four more do not lock.
            for _ in 1...4 { _ = try await Self.signIn(server, "li.staff", "not the password") }
            #expect(try await Self.signIn(server, "li.staff", "staff password").answer.status == 200)
            // An administrator's new password clears a lockout.
            for _ in 1...5 { _ = try await Self.signIn(server, "li.staff", "not the password") }
            #expect(try await Self.signIn(server, "li.staff", "staff password").answer.status == 429)
            try await accounts.setPassword(name: "li.staff", password: "another password")
            #expect(try await Self.signIn(server, "li.staff", "another password").answer.status == 200)
            // A form post signs in too; a cross-site one is refused.
            let form = try await server.send("POST", "/api/v1/session", body: Data("user=li.staff&password=another+password".utf8),
                                             contentType: "application/x-www-form-urlencoded")
            #expect(form.status == 200 && form.json["user"]?.stringValue == "li.staff")
            let crossSite = try await server.send("POST", "/api/v1/session", headers: ["Origin": "https://evil.example"],
                                                  json: .object([("user", "li.staff"), ("password", "another password")]))
            #expect(crossSite.status == 403)
        }
    }

    /// The `NAME=value` pair of cookie `name` in a `Set-Cookie` header (several may be folded into one).
    static func cookie(_ name: String, in setCookie: String) -> String? {
        guard let start = setCookie.range(of: name + "=") else { return nil }
        return String(setCookie[start.lowerBound...].prefix { $0 != ";" })
    }

    @Test func strangersWrongPasswordsDoNotLockThePersonOutOfTheirOwnBrowser() async throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let time = try StepClock("2031-05-06T07:00:00Z")
        try await LiveServer.with(db: try LiveServer.workspace(in: dir), configure: { $0.clock = time.clock }) { server in
            try await Accounts(store: server.store).add(name: "li.staff", role: .viewer, password: "staff password")
            // The first sign-in on a browser sets, after the session's cookie, a device cookie for the sign-in path alone.
            let first = try await Self.signIn(server, "li.staff", "staff password")
            let setCookie = try #require(first.answer.header("Set-Cookie"))
            let device = try #require(Self.cookie("shanshui_device", in: setCookie))
            #expect(first.cookie.hasPrefix("shanshui_session=") && device.count > 40)
            #expect(setCookie.contains("Path=/api/v1/session; Max-Age=15552000; HttpOnly; SameSite=Strict"))
            // Signing out ends the session and leaves the device cookie alone.
            let out = try await server.send("DELETE", "/api/v1/session", headers: ["Cookie": first.cookie, "X-CSRF-Token": first.csrf])
            #expect(out.status == 204 && out.header("Set-Cookie")?.contains("shanshui_device") == false)

            // A stranger's five wrong passwords lock the name ...
            for _ in 1...5 { #expect(try await Self.signIn(server, "li.staff", "a guess").answer.status == 401) }
            #expect(try await Self.signIn(server, "li.staff", "staff password").answer.status == 429)
            // ... but the browser with the device cookie still signs in (and is given no new one).
            let trusted = try await Self.signIn(server, "li.staff", "staff password", headers: ["Cookie": device])
            #expect(trusted.answer.status == 200 && trusted.answer.header("Set-Cookie")?.contains("shanshui_device") == false)
            #expect(try await server.send("GET", "/api/v1/session", headers: ["Cookie": trusted.cookie]).status == 200)
            #expect(try await Self.signIn(server, "li.staff", "staff password").answer.status == 429, "still locked for the others")
            // Its own wrong passwords lock that browser.
            for _ in 1...5 { #expect(try await Self.signIn(server, "li.staff", "a typo", headers: ["Cookie": device]).answer.status == 401) }
            let locked = try await Self.signIn(server, "li.staff", "staff password", headers: ["Cookie": device]).answer
            #expect(locked.status == 429 && locked.header("Retry-After") == "900")
        }
    }

    @Test func theCookieIsSecureWhenTheServiceIsReachedOverHTTPS() async throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await LiveServer.with(db: try LiveServer.workspace(in: dir), configure: { $0.baseURL = "https://gis.example.cn/shanshui" }) { server in
            try await Accounts(store: server.store).add(name: "zhao.staff", role: .viewer, password: "staff password")
            let answer = try await Self.signIn(server, "zhao.staff", "staff password").answer
            #expect(answer.status == 200 && answer.header("Set-Cookie")?.hasSuffix("; Secure") == true)
        }
    }
}
