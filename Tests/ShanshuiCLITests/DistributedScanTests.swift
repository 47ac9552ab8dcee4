import Foundation
import GeoKit
import Shanshui
import ShanshuiPostGIS
import ShanshuiTestSupport
import Testing

/// The PostgreSQL server scripts/test starts, e.g. postgresql://postgres@127.0.0.1:55432/postgres.
private let testPostgres = ProcessInfo.processInfo.environment["SHANSHUI_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }

/// Distributed scans through the command line on a shared PostGIS workspace: workers share a
/// scan's tile jobs, one dies mid-tile, and the result is that of a single-process scan.
@Suite("Distributed scan with workers (PostGIS)", .serialized)
struct DistributedScanTests {
    static let server = testPostgres

    /// Runs `body` with fresh databases on the test server, dropped afterwards.
    private func withDatabases(_ count: Int, _ body: ([String]) async throws -> Void) async throws {
        let server = try PostGISLocation(try #require(Self.server))
        let names = (0..<count).map { _ in "shanshui_cli_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "") }
        for name in names { try await server.execute("CREATE DATABASE \(name)") }
        defer {
            for name in names {
                _ = try? ChildProcess.run("/usr/bin/psql", ["-X", "-q", "-d", server.url, "-c", "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"],
                                          timeout: 120)
            }
        }
        try await body(names.map { server.with(database: $0).url })
    }

    /// The supervised county loaded into a workspace, with a red line making a second area.
    private func load(_ workspace: CLIWorkspace) throws {
        try workspace.loadReserveAndGrid(villages: SupervisedCounty.quadrants.map { ($0.code, $0.name, $0.head) })
        try workspace.run(["reserves", "import", workspace.path("redline.geojson"), "--kind", "ecological_red_line", "--effective", "2020-01-01"])
        try workspace.run(["epochs", "add", "E1", workspace.path("before.tif"), "--date", "2025-12-20", "--bands", "blue=1,green=2,red=3,nir=4"])
        try workspace.run(["epochs", "add", "E2", workspace.path("after.tif"), "--date", "2026-06-20", "--bands", "blue=1,green=2,red=3,nir=4"])
    }

    /// A scan's patches and cases, each as a line that ignores ids and order.
    private func outcome(_ workspace: CLIWorkspace) throws -> (patches: [String], cases: [String], numbers: [String]) {
        try workspace.run(["export", "patches", "-o", workspace.path("patches.geojson")])
        let patches = try GeoJSON.read(Data(contentsOf: URL(fileURLWithPath: workspace.path("patches.geojson")))).map { f in
            let p = f.properties
            return "\(p["area_code"] ?? .null) \(p["activity"] ?? .null) \(p["change"] ?? .null) \(p["area_m2"] ?? .null) "
                + "\(p["confidence"] ?? .null) \(try f.geometry?.wkt ?? "")"
        }.sorted()
        let cases = try workspace.cases()
        return (patches, cases.map { c in "\(c["area_code"] ?? .null) \(c["activity"] ?? .null) \(c["severity"] ?? .null) \(c["overlap_m2"] ?? .null)" }.sorted(),
                cases.compactMap { $0["number"]?.stringValue })
    }

    @Test(.disabled(if: testPostgres == nil, "SHANSHUI_TEST_POSTGRES is not set: scripts/test starts a server and runs this"))
    func fourWorkersOneKilledMidTileGiveTheSingleProcessResult() async throws {
        try await withDatabases(2) { urls in
            let dir = try Fixture.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            do {
                _ = try SupervisedCounty.write(in: dir)
                try VectorSink.write([Feature(geometry: try SupervisedCounty.square(half: 900, at: Coordinate(401_200, 3_497_000)),
                                              properties: ["name": "西红线"])], to: dir.appendingPathComponent("redline.geojson").path)
                let single = CLIWorkspace(dir: dir, db: urls[0]), shared = CLIWorkspace(dir: dir, db: urls[1])
                try load(single)
                try load(shared)
                let reference = try single.run(["scan", "E1", "E2", "--buffer", "200", "--quiet"])
                #expect(reference.stdout.contains("finished"))

                let queued = try shared.run(["scan", "E1", "E2", "--buffer", "200", "--distributed", "--tile-size", "512"]).stdout
                #expect(queued.contains("scan 1 queued: 2 protected area(s) in 5 tile job(s) of 512 px"), "\(queued)")
                let before = try shared.run(["scans", "show", "1"]).stdout
                #expect(before.contains("plan jobs: 0/2 done") && before.contains("tile jobs: 0/5 done"), "\(before)")
                let env = ["SHANSHUI_DB": urls[1]]
                let common = ["worker", "--scan", "1", "--lease", "3", "--poll", "0.2", "--threads", "1"]
                // The doomed worker plans the first area, claims its first tile and stalls there.
                let doomed = try ShanshuiCommand.Background(common + ["--name", "doomed", "--hold-after-claim", "600"], in: dir, environment: env)
                #expect(doomed.wait(for: "claimed tile", timeout: 300), "doomed worker: \(doomed.stderr)")
                let others = try (1...3).map { i in try ShanshuiCommand.Background(common + ["--name", "w\(i)"], in: dir, environment: env) }
                #expect(others[0].wait(for: "claimed", timeout: 120))
                let during = try shared.run(["scans", "show", "1"]).stdout
                #expect(during.contains("running"), "progress is visible while workers run: \(during)")
                doomed.kill()
                for w in others { #expect(w.finish(timeout: 600) == 0, "\(w.stderr)") }
                let log = others.map(\.stderr).joined()
                #expect(log.contains("attempt 2"), "another worker took the dead worker's tile over: \(log)")

                let shown = try shared.run(["scans", "show", "1"]).stdout
                #expect(shown.contains("finished"), "\(shown)")
                #expect(shown.contains("tile jobs: ") && shown.contains("retried"), "\(shown)")
                #expect(!shown.contains("running ("), "\(shown)")
                let a = try outcome(single), b = try outcome(shared)
                #expect(a.patches.count >= 5)
                #expect(b.patches == a.patches, "patches equal feature for feature")
                #expect(b.cases == a.cases, "the same cases")
                #expect(Set(b.numbers).count == b.numbers.count, "no case number twice")
                // The chip jobs gave every new case its before/after chips, beside the workspace.
                let evidence = dir.appendingPathComponent(try PostGISLocation(urls[1]).database + "-evidence")
                for number in b.numbers {
                    #expect(FileManager.default.fileExists(atPath: evidence.appendingPathComponent("\(number)/\(number)-true.png").path), "\(number)")
                }
                #expect(shown.contains("chips jobs: "), "\(shown)")
                // Workers keep their chip renderers (and the tiles they decoded) from batch to
                // batch: the pictures are still byte for byte those of the one-process scan.
                let alone = dir.appendingPathComponent(try PostGISLocation(urls[0]).database + "-evidence")
                let pictures = { (root: URL) in try FileManager.default.subpathsOfDirectory(atPath: root.path).filter { $0.hasSuffix(".png") }
                    .map { try Data(contentsOf: root.appendingPathComponent($0)) }.sorted { $0.lexicographicallyPrecedes($1) } }
                let drawn = try pictures(evidence)
                #expect(drawn.count == 2 * b.numbers.count)
                #expect(drawn == (try pictures(alone)), "the same chips as the one-process scan")
                let store = try PostGISStore(url: urls[1])
                let jobs = try await store.jobs(scanID: 1)
                #expect(jobs.filter { $0.kind == .stitch }.allSatisfy { $0.state == .done })
                #expect(jobs.contains { $0.kind == .tile && $0.attempts >= 2 })
                await store.shutdown()
            }
        }
    }

    /// Stateless workers read the imagery from object storage: here COGs by URL from a loopback
    /// server, two workers (one running two jobs at once) on tiles of one block.
    @Test(.disabled(if: testPostgres == nil, "SHANSHUI_TEST_POSTGRES is not set: scripts/test starts a server and runs this"))
    func workersReadImageryByURL() async throws {
        try await withDatabases(1) { urls in
            let dir = try Fixture.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            let served = try RemoteImageryTests.servedCOGs(in: dir)
            let server = try RangeFileServer(serving: served)
            defer { server.stop() }
            let local = try RemoteImageryTests.workspace(in: dir, named: "local", before: served.appendingPathComponent("before.tif").path,
                                                         after: served.appendingPathComponent("after.tif").path)
            let shared = try RemoteImageryTests.workspace(in: dir, named: "shared", before: server.url("before.tif"),
                                                          after: server.url("after.tif"), db: urls[0])
            try local.run(["scan", "E1", "E2", "--quiet"])
            try shared.run(["scan", "E1", "E2", "--distributed", "--tile-size", "512"])
            let env = ["SHANSHUI_DB": urls[0]]
            let workers = try [["--concurrency", "2"], []].map { extra in
                try ShanshuiCommand.Background(["worker", "--threads", "1", "--poll", "0.2"] + extra, in: shared.dir, environment: env)
            }
            for w in workers { #expect(w.finish(timeout: 600) == 0, Comment(rawValue: w.stderr)) }
            #expect(workers.map(\.stderr).joined().contains("finished scan"))
            #expect(try shared.run(["scans", "show", "1"]).stdout.contains("finished"))
            #expect(server.rangeRequestCount > 0 && server.wholeFileCount == 0, "workers read byte ranges")
            let expected = try RemoteImageryTests.patches(local), found = try RemoteImageryTests.patches(shared)
            #expect(!expected.isEmpty)
            #expect(found == expected)
        }
    }

    /// Unreadable imagery fails the scan after the last attempt: workers stop with an error
    /// instead of polling forever, `scans show` says why, and `--resume` queues the jobs again.
    @Test(.disabled(if: testPostgres == nil, "SHANSHUI_TEST_POSTGRES is not set: scripts/test starts a server and runs this"))
    func aFailingJobFailsTheScanAndWorkersStopUntilItIsResumed() async throws {
        try await withDatabases(1) { urls in
            let dir = try Fixture.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            _ = try SupervisedCounty.write(in: dir)
            let workspace = CLIWorkspace(dir: dir, db: urls[0])
            try workspace.loadReserveAndGrid(villages: SupervisedCounty.quadrants.map { ($0.code, $0.name, $0.head) })
            try workspace.run(["epochs", "add", "E1", workspace.path("before.tif"), "--date", "2025-12-20", "--bands", "blue=1,green=2,red=3,nir=4"])
            try workspace.run(["epochs", "add", "E2", workspace.path("after.tif"), "--date", "2026-06-20", "--bands", "blue=1,green=2,red=3,nir=4"])
            try workspace.run(["scan", "E1", "E2", "--distributed", "--tile-size", "512"])
            // The after image is damaged once the scan is queued.
            let after = URL(fileURLWithPath: workspace.path("after.tif")), intact = try Data(contentsOf: after)
            try intact.prefix(intact.count / 3).write(to: after)
            let worker = try ShanshuiCommand.Background(["worker", "--max-attempts", "2", "--poll", "0.2", "--threads", "1"], in: dir,
                                                        environment: ["SHANSHUI_DB": urls[0]])
            #expect(worker.finish(timeout: 300) == 1, "the worker stops with an error")
            #expect(worker.stderr.contains("gave up") && worker.stderr.contains("after.tif"), Comment(rawValue: worker.stderr))
            let shown = try workspace.run(["scans", "show", "1"]).stdout
            #expect(shown.contains("): failed") && shown.contains("FAILED"), "\(shown)")

            try intact.write(to: after)
            #expect(try workspace.run(["scan", "--resume", "1"]).stdout.contains("queued again"))
            let again = try ShanshuiCommand.Background(["worker", "--poll", "0.2", "--threads", "1"], in: dir, environment: ["SHANSHUI_DB": urls[0]])
            #expect(again.finish(timeout: 600) == 0, Comment(rawValue: again.stderr))
            #expect(try workspace.run(["scans", "show", "1"]).stdout.contains("): finished"))
            #expect(try workspace.cases().count >= 3)
        }
    }

    @Test func aSpatiaLiteWorkspaceRefusesDistributedScansClearly() throws {
        try Fixture.withTemporaryDirectory { dir in
            let workspace = CLIWorkspace(dir: dir)
            try workspace.run(["init"])
            let r = try workspace.run(["scan", "E1", "E2", "--distributed"], expectSuccess: false)
            #expect(r.status != 0)
            #expect(r.stderr.contains("distributed scans need a shared PostGIS workspace"), "\(r.stderr)")
            let w = try workspace.run(["worker"], expectSuccess: false)
            #expect(w.status != 0 && w.stderr.contains("PostGIS"), "\(w.stderr)")
        }
    }
}
