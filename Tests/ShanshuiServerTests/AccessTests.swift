import Foundation
import GeoKit
import Shanshui
import ShanshuiServer
import ShanshuiTestSupport
import Testing

/// Tokens and roles over real loopback HTTP: 401 without or with a bad token, 403 for the wrong
/// role, anonymous reads only in public mode.
@Suite("HTTP access and roles")
struct AccessTests {
    @Test func writesNeedATokenAndTheRightRole() async throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await LiveServer.with(db: try LiveServer.workspace(in: dir)) { server in
            let viewer = try await server.token(.viewer), officer = try await server.token(.officer)
            let scan: JSONValue = .object([("before", "E1"), ("after", "E2")])
            let anonymous = try await server.send("POST", "/api/v1/scans", json: scan)
            #expect(anonymous.status == 401)
            #expect(anonymous.isProblem)
            #expect(anonymous.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
            let wrongRole = try await server.send("POST", "/api/v1/scans", token: officer, json: scan)
            #expect(wrongRole.status == 403)
            #expect(wrongRole.json["detail"]?.stringValue?.contains("analyst") == true)
            #expect(try await server.send("POST", "/api/v1/grid/cells/X/assignments", token: viewer, json: .object([])).status == 403)
            #expect(try await server.send("POST", "/api/v1/cases/1/transitions", token: viewer, json: .object([])).status == 403)
            #expect(try await server.send("GET", "/api/v1/scans", token: "ss_not_a_token").status == 401)
            #expect(try await server.send("GET", "/api/v1/scans", headers: ["Authorization": "Basic abc"]).status == 401)
            #expect(try await server.send("GET", "/api/v1/scans", token: viewer).status == 200)
            // Without --public, even public layers need a token.
            #expect(try await server.send("GET", "/ogc/collections/cells/items").status == 401)
            #expect(try await server.send("GET", "/ogc/collections/cells/items", token: viewer).status == 200)
            // Health, metrics and the map page are open.
            #expect(try await server.send("GET", "/healthz").status == 200)
            #expect(try await server.send("GET", "/").status == 200)
            let metrics = String(decoding: try await server.send("GET", "/metrics").body, as: UTF8.self)
            // Request counters are the process's (other tests add to them too): at least this test's one.
            let refused = MetricsTests.value(metrics, "shanshui_http_requests_total{method=\"POST\",route=\"/api/v1/scans\",status=\"403\"}")
            #expect((refused ?? 0) >= 1)
            #expect(metrics.contains("shanshui_scans_running 0"))
            #expect(metrics.contains("shanshui_cases{status=\"flagged\"} 0"))
        }
    }

    @Test func revokedTokensAreRefusedAndSecretsAreStoredHashed() async throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await LiveServer.with(db: try LiveServer.workspace(in: dir)) { server in
            let (token, secret) = try await TokenService(store: server.store).create(name: "张三", role: .admin)
            #expect(try await server.send("GET", "/api/v1/epochs", token: secret).status == 200)
            let stored = try await server.store.tokens()
            #expect(stored.count == 1)
            #expect(stored[0].hash == TokenService.hash(secret))
            #expect(stored[0].hash != secret)
            #expect(try await server.store.revokeToken(id: token.id, at: "2026-01-01T00:00:00Z"))
            #expect(try await server.send("GET", "/api/v1/epochs", token: secret).status == 401)
        }
    }

    @Test func publicModeServesLayersWithoutPersonalData() async throws {
        let world = try await ScannedCounty.shared.value
        try await LiveServer.with(db: world.db, isPublic: true) { server in
            let cells = try await server.send("GET", "/ogc/collections/cells/items?limit=1000")
            #expect(cells.status == 200)
            let features = cells.json["features"]?.arrayValue ?? []
            #expect(features.count == 5)
            let text = String(decoding: cells.body, as: UTF8.self)
            for name in ["王一", "13800000001", "赵甲", "13900000001"] { #expect(!text.contains(name), "public cells leak \(name)") }
            for f in features {
                #expect(f["properties"]?["head"] == nil)
                #expect(f["properties"]?["staff"] == nil)
            }
            let cases = try await server.send("GET", "/ogc/collections/cases/items")
            let caseFeatures = cases.json["features"]?.arrayValue ?? []
            #expect(!caseFeatures.isEmpty)
            for f in caseFeatures {
                for key in CaseFields.personal { #expect(f["properties"]?[key] == nil, "public case shows \(key)") }
            }
            let id = try #require(caseFeatures.first?["id"]?.intValue)
            let one = String(decoding: try await server.send("GET", "/api/v1/cases/\(id)").body, as: UTF8.self)
            let list = String(decoding: try await server.send("GET", "/api/v1/cases").body, as: UTF8.self)
            let lookup = String(decoding: try await server.send("GET", "/api/v1/grid/lookup?lon=\(try Self.villageLonLat().x)&lat=\(try Self.villageLonLat().y)").body, as: UTF8.self)
            let export = String(decoding: try await server.send("GET", "/api/v1/exports/cells?format=csv").body, as: UTF8.self)
            for text in [one, list, lookup, export] {
                for name in ["王", "138000000", "赵甲", "139000000"] { #expect(!text.contains(name), "public output leaks \(name): \(text.prefix(200))") }
            }
            #expect(lookup.contains("321202001001"))
            // A token holder sees the people.
            let viewer = try await server.token(.viewer)
            let withToken = String(decoding: try await server.send("GET", "/ogc/collections/cells/items", token: viewer).body, as: UTF8.self)
            #expect(withToken.contains("王一:13800000001"))
            // Writes still need roles in public mode.
            #expect(try await server.send("POST", "/api/v1/cases/\(id)/transitions", json: .object([("action", "close")])).status == 401)
        }
    }

    /// A lon/lat inside the north-west village.
    static func villageLonLat() throws -> Coordinate {
        let q = SupervisedCounty.quadrants[0]
        let c = SupervisedCounty.centre
        return try Transformer(from: SupervisedCounty.utm, to: .wgs84).transform(Coordinate(c.x + q.dx, c.y + q.dy))
    }
}
