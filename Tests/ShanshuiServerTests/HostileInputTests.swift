import Foundation
import GeoKit
import GRDB
import Hummingbird
import Shanshui
import ShanshuiServer
import ShanshuiStore
import ShanshuiTestSupport
import Testing

/// Hostile input over real HTTP: extreme paging numbers on every paged route, bodies of the
/// wrong type or with duplicate members, unserved methods, forged Host headers, LIKE wildcards,
/// probing for server files, a port in use and a locked workspace; the server keeps answering.
@Suite("Hostile input")
struct HostileInputTests {
    @Test func extremePagingNumbersOnEveryPagedRouteGet400AndTheServerKeepsAnswering() async throws {
        let world = try await ScannedCounty.shared.value
        try await LiveServer.with(db: world.db, isPublic: true) { server in
            let viewer = try await server.token(.viewer)
            let paths = try await server.send("GET", "/api/v1/openapi.json").json["paths"]?.objectValue ?? []
            var paged: [String] = []
            for (path, operations) in paths {
                let names = (operations["get"]?["parameters"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
                if names.contains("offset") || names.contains("limit") {
                    paged.append(path.replacingOccurrences(of: "{collectionId}", with: "cases"))
                }
            }
            #expect(paged.count >= 3, "paged routes: \(paged)")
            let bad = ["offset=9223372036854775807", "offset=-1", "offset=-9223372036854775808", "offset=99999999999999999999",
                       "offset=1e3", "offset=1000000001", "limit=9223372036854775807", "limit=0", "limit=-9223372036854775808",
                       "limit=99999999999999999999", "limit=NaN", "limit=9223372036854775807&offset=9223372036854775807"]
            for path in paged {
                for query in bad {
                    let answer = try await server.send("GET", "\(path)?\(query)", token: viewer)
                    #expect(answer.status == 400, "GET \(path)?\(query) answered \(answer.status)")
                    #expect(answer.isProblem)
                    let parameter = answer.json["parameter"]?.stringValue
                    #expect(parameter.map { query.hasPrefix($0) } == true, "the problem names the parameter: \(answer.json)")
                }
                // The largest accepted offset and limit give an empty page, not a trap.
                let edge = try await server.send("GET", "\(path)?offset=1000000000&limit=1000", token: viewer)
                #expect(edge.status == 200, "GET \(path) at the largest offset answered \(edge.status)")
                #expect(try await server.send("GET", "/healthz").status == 200)
            }
            // OGC clamps a large (sane) limit to its maximum instead of refusing it.
            let clamped = try await server.send("GET", "/ogc/collections/cells/items?limit=50000")
            #expect(clamped.status == 200)
        }
    }

    @Test func bodiesMethodsHostsAndFiltersAreRefusedOrHandledAs4xx() async throws {
        let world = try await ScannedCounty.shared.value
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (db, _) = try PrivacyCrawlTests.copy(world: world, to: dir)
        try await LiveServer.with(db: db, configure: { $0.baseURL = "https://gis.example.cn/shanshui/" }) { server in
            let analyst = try await server.token(.analyst), officer = try await server.token(.officer)
            // Content-Type is enforced on bodies.
            let form = try await server.send("POST", "/api/v1/scans", token: analyst, body: Data("before=E1&after=E2".utf8),
                                             contentType: "application/x-www-form-urlencoded")
            #expect(form.status == 415)
            #expect(form.isProblem)
            #expect(form.json["detail"]?.stringValue?.contains("application/json") == true)
            // Duplicate members are refused.
            let twice = try await server.send("POST", "/api/v1/scans", token: analyst, body: Data(#"{"before": "E1", "after": "E2", "after": "E9"}"#.utf8))
            #expect(twice.status == 400)
            #expect(twice.json["detail"]?.stringValue?.contains("'after' appears twice") == true)
            // A server file that is not a raster and one that does not exist get the same 422.
            func epoch(_ path: String) async throws -> LiveServer.Answer {
                try await server.send("POST", "/api/v1/epochs", token: analyst,
                                      json: .object([("name", "probe"), ("date", "2024-01-01"), ("paths", .array([.string(path)]))]))
            }
            let passwd = try await epoch("/etc/passwd"), missing = try await epoch("/etc/no-such-file-here")
            #expect(passwd.status == 422)
            #expect(missing.status == 422)
            let strip = { (a: LiveServer.Answer) in a.json["detail"]?.stringValue?.replacingOccurrences(of: "/etc/passwd", with: "P")
                .replacingOccurrences(of: "/etc/no-such-file-here", with: "P") }
            #expect(strip(passwd) == strip(missing), "\(passwd.json) vs \(missing.json)")
            // Unserved methods on known paths: 405 with Allow (TRACE too); unknown paths stay 404; HEAD is GET without a body.
            for method in ["DELETE", "PUT", "TRACE", "PATCH"] {
                let answer = try await server.send(method, "/api/v1/cases", token: officer)
                #expect(answer.status == 405, "\(method) answered \(answer.status)")
                #expect(answer.header("Allow")?.contains("GET") == true)
            }
            let onTransitions = try await server.send("GET", "/api/v1/cases/1/transitions", token: officer)
            #expect(onTransitions.status == 405)
            #expect(onTransitions.header("Allow")?.contains("POST") == true)
            #expect(try await server.send("DELETE", "/api/v1/no-such-thing", token: officer).status == 404)
            let head = try await server.send("HEAD", "/healthz")
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
            // Links come from the configured base URL, never from the Host header.
            let landing = try await server.send("GET", "/ogc", token: officer, headers: ["Host": "evil.example.com"])
            let text = String(decoding: landing.body, as: UTF8.self)
            #expect(landing.status == 200)
            #expect(!text.contains("evil.example.com"))
            #expect(text.contains("https://gis.example.cn/shanshui/ogc/collections"))
            // A LIKE wildcard in a filter matches nothing; the real code matches.
            #expect(try await server.send("GET", "/api/v1/cases?cell=%25", token: officer).json["total"] == 0)
            #expect(try await server.send("GET", "/api/v1/cases?cell=_", token: officer).json["total"] == 0)
            let real = try await server.send("GET", "/api/v1/cases?cell=321202001001", token: officer).json["total"]?.intValue ?? 0
            #expect(real > 0)
        }
    }

    @Test func aPortInUseIsToldPlainly() async throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try LiveServer.workspace(in: dir)
        try await LiveServer.with(db: db) { server in
            var config = ServerConfiguration(databasePath: db)
            config.port = try #require(server.base.port)
            config.logLevel = .critical
            let app = try buildApplication(configuration: config)
            do {
                try await app.runService(gracefulShutdownSignals: [])
                Issue.record("a second server bound the same port")
            } catch {
                let message = BindFailure.message(error, host: "127.0.0.1", port: config.port)
                #expect(message == "port \(config.port) is in use on 127.0.0.1: stop the program listening there or pick another with --port")
            }
        }
    }

    @Test func aWorkspaceLockedPastTheWaitIs503WithRetryAfter() async throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try LiveServer.workspace(in: dir)
        let error = try Self.lockedWrite(db)
        let problem = Problem.from(try #require(error))
        #expect(problem.status == .serviceUnavailable)
        #expect(problem.headers[.retryAfter] != nil)
        #expect(problem.detail.contains("try again"))
        #expect(SpatiaLiteStore.busyTimeout >= 30)
    }

    /// The error of a write that does not wait while another connection holds the write lock:
    /// SQLite's real "database is locked".
    static func lockedWrite(_ path: String) throws -> (any Error)? {
        let holder = try DatabaseQueue(path: path)
        var impatient = GRDB.Configuration()
        impatient.busyMode = .immediateError
        let other = try DatabaseQueue(path: path, configuration: impatient)
        return try holder.writeWithoutTransaction { db -> (any Error)? in
            try db.execute(sql: "BEGIN IMMEDIATE")
            defer { try? db.execute(sql: "ROLLBACK") }
            do {
                try other.write { try $0.execute(sql: "CREATE TABLE t(x)") }
                return nil
            } catch { return error }
        }
    }
}
