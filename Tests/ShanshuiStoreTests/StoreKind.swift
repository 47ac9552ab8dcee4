import Foundation
import GeoKit
import Shanshui
import ShanshuiPostGIS
import ShanshuiStore
import ShanshuiTestSupport
import Testing

/// The store implementations the store tests run against: SpatiaLite always, PostGIS when
/// `SHANSHUI_TEST_POSTGRES` names a server (scripts/test starts a throwaway one and sets it).
enum StoreKind: String, Sendable, CustomTestStringConvertible {
    case spatiaLite
    case postGIS

    /// The server for PostGIS tests, e.g. postgresql://postgres@127.0.0.1:55432/postgres.
    static let server = ProcessInfo.processInfo.environment["SHANSHUI_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }

    /// The kinds to test here: PostGIS only when a server is given.
    static let available: [StoreKind] = server == nil ? [.spatiaLite] : [.spatiaLite, .postGIS]

    static let skipReason: Comment = "SHANSHUI_TEST_POSTGRES is not set: the PostGIS store tests are skipped (scripts/test starts a server and runs them)"

    var testDescription: String { self == .spatiaLite ? "SpatiaLite" : "PostGIS" }
}

/// Fresh workspaces of one kind for one test: a scratch folder, and for PostGIS a database per
/// workspace, so tests run in parallel. Everything is removed when the test ends.
final class Workspaces {
    let kind: StoreKind
    let dir: URL
    private var databases: [(store: PostGISStore, location: PostGISLocation)] = []

    private init(kind: StoreKind, dir: URL) {
        self.kind = kind
        self.dir = dir
    }

    /// Runs `body` with workspaces of `kind`, removing them afterwards.
    static func with(_ kind: StoreKind, _ body: (Workspaces) async throws -> Void) async throws {
        let workspaces = Workspaces(kind: kind, dir: try Fixture.temporaryDirectory())
        do {
            try await body(workspaces)
        } catch {
            await workspaces.remove()
            throw error
        }
        await workspaces.remove()
    }

    /// A new empty workspace; `name` tells a test's workspaces apart.
    func make(_ name: String = "ws") async throws -> any WorkspaceStore {
        switch kind {
        case .spatiaLite:
            return try SpatiaLiteStore(path: dir.appendingPathComponent(name + ".db").path, create: true)
        case .postGIS:
            let server = try PostGISLocation(try #require(StoreKind.server))
            let database = "shanshui_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            try await server.execute("CREATE DATABASE \(database)")
            let location = server.with(database: database)
            let store = try PostGISStore(url: location.url, create: true, maximumConnections: 2)
            databases.append((store, location))
            _ = try await store.appliedMigrations()  // the schema is made before another store opens the database
            return store
        }
    }

    /// The first workspace opened again by a second store (its own connections), as another process would.
    func reopen() async throws -> any WorkspaceStore {
        switch kind {
        case .spatiaLite:
            return try SpatiaLiteStore(path: dir.appendingPathComponent("ws.db").path)
        case .postGIS:
            let location = try #require(databases.first).location
            let store = try PostGISStore(url: location.url, maximumConnections: 2)
            databases.append((store, location))
            return store
        }
    }

    /// The URLs of the PostGIS databases made so far, first first.
    var databaseURLs: [String] { databases.map(\.location.url) }

    /// Runs one SQL statement on the first workspace outside the store (sqlite3 or psql).
    /// - Returns: the tool's exit status and what it wrote to standard error.
    func rawSQL(_ sql: String) throws -> (status: Int32, error: String) {
        let run = try shell(sql, psql: ["-v", "ON_ERROR_STOP=1"])
        return (run.status, run.stderr)
    }

    /// Runs `sql` on the first workspace with its database's own shell (sqlite3 or psql, given options first).
    func shell(_ sql: String, sqlite: [String] = [], psql: [String] = []) throws -> ChildProcess.Result {
        switch kind {
        case .spatiaLite:
            return try ChildProcess.run("/usr/bin/sqlite3", sqlite + [dir.appendingPathComponent("ws.db").path, sql], timeout: 300)
        case .postGIS:
            return try ChildProcess.run("/usr/bin/psql", ["-X", "-q"] + psql + ["-d", try #require(databases.first).location.url, "-c", sql],
                                        timeout: 300)
        }
    }

    private func remove() async {
        for (store, location) in databases {
            await store.shutdown()
            try? await PostGISLocation(StoreKind.server ?? "").execute("DROP DATABASE IF EXISTS \(location.database) WITH (FORCE)")
        }
        try? FileManager.default.removeItem(at: dir)
    }
}

/// The PostGIS store tests say why they did not run.
@Suite("PostGIS test server")
struct PostGISServerTests {
    @Test(.disabled(if: StoreKind.server == nil, StoreKind.skipReason))
    func serverHasPostGIS() async throws {
        try await Workspaces.with(.postGIS) { workspaces in
            let store = try #require(try await workspaces.make() as? PostGISStore)
            #expect(try await store.appliedMigrations() == ["v1 registry", "v2 grid", "v3 ledger", "v4 tokens", "v5 inspections", "v6 scan jobs", "v7 users", "v8 routing and recurrence", "v9 notifications", "v10 audit log refuses replace", "v11 audit hash chain", "v12 grid write version", "v13 notification digests", "v14 sessions and lockout", "v15 trusted devices", "v16 scan job claim order"])
            #expect(try await store.postGISVersion().contains("POSTGIS="))
        }
    }
}
