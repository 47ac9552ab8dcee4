import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GeoKit
import HTTPTypes
import Hummingbird
import PostgresNIO
import Shanshui
@testable import ShanshuiPostGIS
import ShanshuiServer
import ShanshuiStore
import ShanshuiTestSupport
import Testing

/// The PostgreSQL server scripts/test starts, e.g. postgresql://postgres@127.0.0.1:55432/postgres.
let testPostgres = ProcessInfo.processInfo.environment["SHANSHUI_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }

/// Runs `body` with a fresh database on the test server, dropped afterwards.
func withThrowawayDatabase(_ body: (PostGISLocation) async throws -> Void) async throws {
    let server = try PostGISLocation(try #require(testPostgres))
    let name = "shanshui_http_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    try await server.execute("CREATE DATABASE \(name)")
    do { try await body(server.with(database: name)) } catch {
        try? await server.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        throw error
    }
    try? await server.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
}

/// SQLite: a writer waits the store's busy timeout for another connection's lock, then gets HTTP 503 with Retry-After.
@Suite("Lock waits on SpatiaLite", .serialized)
struct SpatiaLiteLockTimeoutTests {
    @Test func aLockHeldPastTheBusyWaitIs503WithRetryAfterAndTheWriteGoesThroughOnceItIsFreed() async throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("ws.db").path
        let store = try SpatiaLiteStore(path: path, create: true, busyTimeout: 1)
        let cell = try await OneCellServer.start(store: store, databasePath: path)
        defer { cell.task.cancel() }

        // Another connection (the sqlite3 shell, as a long CLI import would) holds the write lock past the 1 s wait.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        holder.arguments = [path]
        let input = Pipe(), output = Pipe()
        holder.standardInput = input
        holder.standardOutput = output
        let holderEnd = ProcessEnd(of: holder)
        try holder.run()
        defer { if !holderEnd.wait(timeout: 0) { holder.terminate() } }
        input.fileHandleForWriting.write(Data("BEGIN IMMEDIATE;\nSELECT 'locked';\n".utf8))
        #expect(String(decoding: output.fileHandleForReading.availableData, as: UTF8.self).contains("locked"))
        let refused = try await cell.assign()
        input.fileHandleForWriting.write(Data("ROLLBACK;\n.quit\n".utf8))
        #expect(holderEnd.wait(timeout: 120), "sqlite3 quit")
        #expect(refused.status == 503, "\(refused)")
        #expect(refused.retryAfter != nil)
        #expect(refused.detail.contains("try again"), "\(refused)")
        #expect(try await store.assignments(cellCode: "321202001001").isEmpty, "nothing was written")
        // Freed, the same request goes through.
        #expect(try await cell.assign().status == 201)
        #expect(try await store.assignments(cellCode: "321202001001").count == 1)
        await cell.stop()
    }
}

/// Writers that wait, then give up plainly: on PostGIS a lock held past `lock_timeout`, a
/// serialisation failure or a deadlock is HTTP 503 with Retry-After (as SQLite's busy timeout is), never a 500.
@Suite("Lock waits on PostGIS", .serialized)
struct LockTimeoutTests {
    @Test(.disabled(if: testPostgres == nil, "SHANSHUI_TEST_POSTGRES is not set: scripts/test starts a server and runs this"))
    func aLockHeldPastTheWaitIs503WithRetryAfterAndTheWriteGoesThroughOnceItIsFreed() async throws {
        try await withThrowawayDatabase { location in
            #expect(PostGISStore.lockTimeout >= 30, "the default wait is generous")
            let store = try PostGISStore(url: location.url, create: true, maximumConnections: 2, lockTimeout: 1)
            let cell = try await OneCellServer.start(store: store, databasePath: location.url)
            defer { cell.task.cancel() }
            let assign = cell.assign

            // Another writer holds the cell's lock (as a long import would) past the 1 s wait.
            let refused = try await location.withConnection { holder in
                try await holder.run("SELECT pg_advisory_lock(hashtextextended('grid_assignment:321202001001', 0))")
                let answer = try await assign()
                try await holder.run("SELECT pg_advisory_unlock_all()")
                return answer
            }
            #expect(refused.status == 503, "\(refused)")
            #expect(refused.retryAfter != nil)
            #expect(refused.detail.contains("try again"), "\(refused)")
            #expect(try await store.assignments(cellCode: "321202001001").isEmpty, "nothing was written")
            // Freed, the same request goes through.
            #expect(try await assign().status == 201)

            // Serialisation failures and deadlocks, as the server reports them, are 503 too.
            for state in ["40001", "40P01", "55P03"] {
                var error: (any Error)?
                do {
                    try await location.execute("DO $$ BEGIN RAISE EXCEPTION 'lost a race' USING ERRCODE = '\(state)'; END $$")
                } catch let e { error = e }
                let problem = Problem.from(PostGISStore.readable(try #require(error)))
                #expect(problem.status == .serviceUnavailable && problem.headers[.retryAfter] != nil, "SQLSTATE \(state)")
            }
            await cell.stop()
            await store.shutdown()
        }
    }
}

/// A PostgreSQL failure that is not about the data (a table gone, a broken statement) is the
/// server's: HTTP 500 carrying PostgreSQL's message, never 409 as if the request conflicted.
@Suite("Server errors on PostGIS", .serialized)
struct PostGISServerErrorTests {
    @Test(.disabled(if: testPostgres == nil, "SHANSHUI_TEST_POSTGRES is not set: scripts/test starts a server and runs this"))
    func aMissingTableIs500WithTheServersMessageAndClass23Is409() async throws {
        try await withThrowawayDatabase { location in
            let store = try PostGISStore(url: location.url, create: true, maximumConnections: 2)
            let cell = try await OneCellServer.start(store: store, databasePath: location.url)
            defer { cell.task.cancel() }
            try await location.execute("DROP TABLE grid_person")
            let failed = try await cell.assign()
            #expect(failed.status == 500, "\(failed)")
            #expect(failed.detail.contains("grid_person") && failed.detail.contains("42P01"), "\(failed)")
            // The mapping itself: class 23 is a conflict (409), another class a server error (500).
            for (state, status) in [("23505", HTTPResponse.Status.conflict), ("22P02", .internalServerError), ("XX000", .internalServerError)] {
                var error: (any Error)?
                do {
                    try await location.execute("DO $$ BEGIN RAISE EXCEPTION 'forced' USING ERRCODE = '\(state)'; END $$")
                } catch let e { error = e }
                #expect(Problem.from(PostGISStore.readable(try #require(error))).status == status, "SQLSTATE \(state)")
            }
            await cell.stop()
            await store.shutdown()
        }
    }
}
