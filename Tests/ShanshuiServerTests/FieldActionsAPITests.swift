import Foundation
import GeoKit
import Shanshui
import ShanshuiServer
import ShanshuiTestSupport
import Testing

/// The server side of the field app's actions over real HTTP: rectification progress (percent,
/// 100 = rectified) on a rectifying case and photos checked against their If-Match; the session
/// cookie's `Secure` over real TLS (the session naming the person is checked in `MyCasesAPITests`).
@Suite("Field actions: rectification progress, photos with If-Match, Secure over TLS")
struct FieldActionsAPITests {
    /// Moves case `id` to `rectifying` (dispatch, verify confirmed, rectify) with an officer's token; returns its detail.
    static func rectifying(_ server: LiveServer, _ id: Int64, token: String) async throws -> JSONValue {
        var detail = try await server.send("GET", "/api/v1/cases/\(id)", token: token)
        let steps: [JSONValue] = [.object([("action", "dispatch")]), .object([("action", "verify"), ("verdict", "confirmed")]),
                                  .object([("action", "rectify"), ("plan", "拆除违建，复绿"), ("due_on", "2099-12-31")])]
        for step in steps where detail.json["allowed_actions"]?.arrayValue?.contains(step["action"]!) == true {
            detail = try await server.send("POST", "/api/v1/cases/\(id)/transitions", token: token,
                                           headers: ["If-Match": detail.header("ETag") ?? ""], json: step)
            try #require(detail.status == 200, "\(step): \(detail.json)")
        }
        try #require(detail.json["status"] == "rectifying")
        return detail.json
    }

    @Test func progressIsReportedWhileRectifyingAndRectifiedAtAHundredPercent() async throws {
        let (dir, db, evidence) = try await ScannedCounty.copy()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await LiveServer.with(db: db, evidence: evidence) { server in
            let officer = try await server.token(.officer)
            let cases = try await server.send("GET", "/api/v1/cases?status=flagged&limit=2", token: officer).json["cases"]?.arrayValue ?? []
            try #require(cases.count == 2)
            let id = try #require(cases[0]["id"]?.intValue), other = try #require(cases[1]["id"]?.intValue)
            let start = try await Self.rectifying(server, id, token: officer)
            #expect(start["your_actions"]?.arrayValue?.contains("progress") == true)
            #expect(start["rectification"]?["plan"] == "拆除违建，复绿" && start["rectification"]?["due_on"] == "2099-12-31")
            #expect(start["rectification"]?["progress"] == .null, "no progress before the first report")
            let revision = try #require(start["revision"]?.intValue)
            let path = "/api/v1/cases/\(id)/transitions"

            let forty = try await server.send("POST", path, token: officer, headers: ["If-Match": "\"\(revision)\""],
                                              json: .object([("action", "progress"), ("percent", 40), ("note", "已拆除一半")]))
            #expect(forty.status == 200, "\(forty.json)")
            #expect(forty.json["status"] == "rectifying" && forty.json["rectification"]?["progress"] == 40)
            #expect(forty.json["revision"]?.intValue == revision + 1 && forty.header("ETag") == "\"\(revision + 1)\"")
            let event = forty.json["history"]?.arrayValue?.last
            #expect(event?["action"] == "progress" && event?["note"] == "已拆除一半" && event?["from"] == "rectifying" && event?["to"] == "rectifying")

            // A stale revision is 412 and changes nothing; a missing or refused percentage is named.
            let stale = try await server.send("POST", path, token: officer, headers: ["If-Match": "\"\(revision)\""],
                                              json: .object([("action", "progress"), ("percent", 100)]))
            #expect(stale.status == 412 && stale.isProblem, "\(stale.json)")
            let missing = try await server.send("POST", path, token: officer, headers: ["If-Match": "\"\(revision + 1)\""],
                                                json: .object([("action", "progress")]))
            #expect(missing.status == 400 && missing.json["detail"]?.stringValue?.contains("percent") == true, "\(missing.json)")
            let tooMuch = try await server.send("POST", path, token: officer, headers: ["If-Match": "\"\(revision + 1)\""],
                                                json: .object([("action", "progress"), ("percent", 120)]))
            #expect(tooMuch.status == 422 && tooMuch.json["detail"]?.stringValue?.contains("0 to 100") == true, "\(tooMuch.json)")
            let viewer = try await server.token(.viewer)
            #expect(try await server.send("POST", path, token: viewer, headers: ["If-Match": "\"\(revision + 1)\""],
                                          json: .object([("action", "progress"), ("percent", 50)])).status == 403)

            // Rectified: 100 %, still awaiting the officer's acceptance, which the state machine then allows.
            let done = try await server.send("POST", path, token: officer, headers: ["If-Match": "\"\(revision + 1)\""],
                                             json: .object([("action", "progress"), ("percent", 100), ("note", "已复绿")]))
            #expect(done.status == 200 && done.json["rectification"]?["progress"] == 100 && done.json["status"] == "rectifying")
            #expect(done.json["allowed_actions"]?.arrayValue?.contains("accept") == true)
            let stored = try #require(try await server.store.case(String(id)))
            #expect(stored.rectification?.progress == 100 && stored.rectification?.plan == "拆除违建，复绿", "kept in the workspace")

            // Progress belongs to rectification: on a case not being rectified it is refused with the allowed actions.
            let flagged = try await server.send("GET", "/api/v1/cases/\(other)", token: officer)
            let refused = try await server.send("POST", "/api/v1/cases/\(other)/transitions", token: officer,
                                                headers: ["If-Match": flagged.header("ETag") ?? ""], json: .object([("action", "progress"), ("percent", 10)]))
            #expect(refused.status == 409 && refused.json["detail"]?.stringValue?.contains("allowed: dispatch") == true, "\(refused.json)")
        }
    }

    @Test func aPhotoCarriesTheRevisionItWasTakenAgainstAndAStaleOneIsRefused() async throws {
        let (dir, db, evidence) = try await ScannedCounty.copy()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await LiveServer.with(db: db, evidence: evidence) { server in
            let officer = try await server.token(.officer)
            let first = try #require(try await server.send("GET", "/api/v1/cases?status=flagged&limit=1", token: officer).json["cases"]?.arrayValue?.first)
            let id = try #require(first["id"]?.intValue)
            let detail = try await server.send("GET", "/api/v1/cases/\(id)", token: officer)
            let revision = try #require(detail.json["revision"]?.intValue)
            let vertex = try #require(CasePhotosAPITests.firstPoint(detail.json["geometry"]))
            let bytes = try Data(contentsOf: URL(fileURLWithPath: try Photo.make(in: dir, name: "site.jpg", at: Coordinate(vertex.0, vertex.1),
                                                                                           time: "2026:06:21 09:30:05")))
            let path = "/api/v1/cases/\(id)/photos"
            let count = { try await server.store.attachments(caseID: id).count }
            let before = try await count()

            let current = try await server.send("POST", path, token: officer, headers: ["If-Match": "\"\(revision)\""], body: bytes, contentType: "image/jpeg")
            #expect(current.status == 201 && current.header("ETag") == "\"\(revision)\"", "a photo adds evidence; it moves no state")
            #expect(try await count() == before + 1)
            let filed = current.json["history"]?.arrayValue?.last
            #expect(filed?["action"] == "attach" && filed?["note"]?.stringValue?.contains("taken 2026-06-21 09:30:05") == true,
                    "the photo's EXIF time is in the audit log: \(filed ?? .null)")

            // Someone dispatches the case; a photo taken against the old revision is refused, not filed.
            let moved = try await server.send("POST", "/api/v1/cases/\(id)/transitions", token: officer, headers: ["If-Match": "\"\(revision)\""],
                                              json: .object([("action", "dispatch")]))
            try #require(moved.status == 200)
            let stale = try await server.send("POST", path, token: officer, headers: ["If-Match": "\"\(revision)\""], body: bytes, contentType: "image/jpeg")
            #expect(stale.status == 412 && stale.isProblem, "\(stale.json)")
            #expect(stale.json["detail"]?.stringValue?.contains("\(revision + 1)") == true, "the problem names the current revision: \(stale.json)")
            #expect(try await count() == before + 1, "the stale photo was not attached")
            let weak = try await server.send("POST", path, token: officer, headers: ["If-Match": "W/\"\(revision + 1)\""], body: bytes, contentType: "image/jpeg")
            #expect(weak.status == 201)
            let bad = try await server.send("POST", path, token: officer, headers: ["If-Match": "yesterday"], body: bytes, contentType: "image/jpeg")
            #expect(bad.status == 400 && bad.json["detail"]?.stringValue?.contains("If-Match") == true)
            #expect(try await count() == before + 2)

            // A picture whose GPS the browser stripped (a PNG here) is placed by the device's position, and says so.
            let png = dir.appendingPathComponent("stripped.png").path
            try Canvas(width: 16, height: 16, fill: RGB(90, 90, 60)).writePNG(to: png)
            let placed = try await server.send("POST", path + "?lat=\(vertex.1)&lon=\(vertex.0)", token: officer, headers: ["If-Match": "\"\(revision + 1)\""],
                                               body: try Data(contentsOf: URL(fileURLWithPath: png)), contentType: "image/png")
            #expect(placed.status == 201, "\(placed.json)")
            #expect((placed.json["attachments"]?.arrayValue?.last?["distance_m"]?.doubleValue ?? .infinity) < 200)
            #expect(placed.json["history"]?.arrayValue?.last?["note"]?.stringValue?.contains("position from the device") == true)
            let half = try await server.send("POST", path + "?lat=31.5", token: officer, body: try Data(contentsOf: URL(fileURLWithPath: png)), contentType: "image/png")
            #expect(half.status == 400)
        }
    }

    @Test func theSessionCookieIsSecureOverRealTLSAndNotOverPlainHTTP() async throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (cert, key) = try await TLSAndOpenAPITests.selfSignedCertificate(in: dir)
        let body = #"{"user": "tls.staff", "password": "staff password"}"#
        /// The Set-Cookie header curl saw signing in at `base` (with the certificate trusted).
        @Sendable func setCookie(_ base: URL) async throws -> String? {
            let run = try await ExternalTool.run("curl", ["-sS", "-i", "--cacert", cert, "-H", "Content-Type: application/json", "-d", body,
                                                          base.absoluteString + "/api/v1/session"])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.contains("\"csrf_token\""), "not signed in: \(run.stdout)")
            return run.stdout.split(whereSeparator: \.isNewline).first { $0.lowercased().hasPrefix("set-cookie:") }.map(String.init)
        }
        for tls in [true, false] {
            let folder = dir.appendingPathComponent(tls ? "tls" : "plain")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let db = try LiveServer.workspace(in: folder)
            try await LiveServer.with(db: db, configure: { if tls { $0.tls = TLSFiles(certificate: cert, key: key) } }) { server in
                try await Accounts(store: server.store).add(name: "tls.staff", role: .viewer, password: "staff password")
                #expect(server.base.scheme == (tls ? "https" : "http"))
                let cookie = try #require(try await setCookie(server.base))
                #expect(cookie.contains("shanshui_session=") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
                let attributes = cookie.split(separator: ";").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                #expect(attributes.contains("Secure") == tls, "\(tls ? "TLS" : "plain HTTP"): \(cookie)")
            }
        }
    }
}
