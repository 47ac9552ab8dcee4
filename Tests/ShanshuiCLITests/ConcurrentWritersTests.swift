import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GeoKit
import Shanshui
import ShanshuiPostGIS
import ShanshuiStore
import ShanshuiTestSupport
import Testing

/// The workspaces the race tests run on: a SpatiaLite file always, a PostGIS database when
/// `SHANSHUI_TEST_POSTGRES` names a server.
enum RaceStore: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case spatiaLite, postGIS

    static let server = ProcessInfo.processInfo.environment["SHANSHUI_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    static let available: [RaceStore] = server == nil ? [.spatiaLite] : [.spatiaLite, .postGIS]
    var testDescription: String { self == .spatiaLite ? "SpatiaLite" : "PostGIS" }

    /// Runs `body` with a fresh workspace location of this kind in `dir` (a PostGIS database is dropped afterwards).
    func with(in dir: URL, _ body: (String) async throws -> Void) async throws {
        guard self == .postGIS else { return try await body(dir.appendingPathComponent("ws.db").path) }
        let server = try PostGISLocation(try #require(Self.server))
        let name = "shanshui_race_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await server.execute("CREATE DATABASE \(name)")
        defer {
            _ = try? ChildProcess.run("/usr/bin/psql", ["-X", "-q", "-d", server.url, "-c", "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"],
                                      timeout: 120)
        }
        try await body(server.with(database: name).url)
    }

    /// The workspace's store, opened in this process.
    func open(_ db: String) throws -> any WorkspaceStore {
        self == .spatiaLite ? try SpatiaLiteStore(path: db) : try PostGISStore(url: db, maximumConnections: 1)
    }
}

/// Check-then-write under concurrent writers: four `shanshui` processes loading the same sheet,
/// conflicting sheets, the same reserve file, the same epoch or the same patch file at once, and twenty HTTP clients
/// assigning one cell. Exactly one wins each race; every loser gets a clear answer, never a 500.
@Suite("Concurrent writers on each store", .serialized)
struct ConcurrentWritersTests {
    /// Starts `shanshui` processes with `arguments` (one list each) at once and waits for them.
    static func race(_ arguments: [[String]], in ws: CLIWorkspace) -> [(status: Int32, stderr: String)] {
        let started = arguments.compactMap { try? ShanshuiCommand.Background($0, in: ws.dir, environment: ["SHANSHUI_DB": ws.db]) }
        return started.map { p in (p.finish(timeout: 300), p.stderr) }
    }

    /// Runs `body` on a fresh workspace of `kind` holding the supervised county's reserve and
    /// cells (nobody assigned), with the store opened in this process.
    static func withCounty(_ kind: RaceStore, _ body: (CLIWorkspace, any WorkspaceStore) async throws -> Void) async throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try SupervisedCounty.write(in: dir)
        try await kind.with(in: dir) { db in
            let ws = CLIWorkspace(dir: dir, db: db)
            try ws.loadReserveAndGrid(villages: [])
            let store = try kind.open(db)
            try await body(ws, store)
            if let pg = store as? PostGISStore { await pg.shutdown() }
        }
    }

    @Test(arguments: RaceStore.available) func fourProcessesLoadingSheetsAndReservesAtOnceLeaveOneOfEach(kind: RaceStore) async throws {
        try await Self.withCounty(kind) { ws, store in
            let cells = SupervisedCounty.quadrants.map(\.code)

            // The same sheet four times at once: one loads it, the others find it loaded.
            let sheet = try RoutingEndToEndTests.sheet(ws, effective: "2020-01-01")
            let same = Self.race(Array(repeating: ["grid", "assign", "--csv", sheet], count: 4), in: ws)
            #expect(same.allSatisfy { $0.status == 0 }, "\(same.map(\.stderr))")
            for code in cells { #expect(try await store.assignments(cellCode: code).count == 1, "cell \(code)") }

            // Four different sheets from the same day: one wins, each other one is refused whole, naming why.
            let heads = (0..<4).map { i in SupervisedCounty.quadrants.indices.map { "新\(i)号:137000000\(i)\($0)" } }
            let sheets = try heads.enumerated().map { i, h in
                let path = try RoutingEndToEndTests.sheet(ws, effective: "2026-07-01", heads: h)
                let own = ws.path("sheet-\(i).csv")
                try FileManager.default.moveItem(atPath: path, toPath: own)
                return own
            }
            let rival = Self.race(sheets.map { ["grid", "assign", "--csv", $0] }, in: ws)
            #expect(rival.filter { $0.status == 0 }.count == 1, "\(rival.map(\.stderr))")
            for loser in rival where loser.status != 0 {
                #expect(loser.stderr.contains("already has an assignment from 2026-07-01"), "\(loser.stderr)")
            }
            let winner = try #require(rival.firstIndex { $0.status == 0 })
            for (i, code) in cells.enumerated() {
                let history = try await store.assignments(cellCode: code)
                #expect(history.count == 2 && history.filter { $0.validTo == nil }.count == 1, "cell \(code): \(history)")
                #expect(history.last?.head.description == heads[winner][i], "the whole winning sheet, nothing of the others")
            }

            // The same changed reserve file four times at once: one boundary version for the day.
            let features = try GeoJSON.read(Array(try Data(contentsOf: URL(fileURLWithPath: ws.path("reserve.geojson")))))
            let moved = features.map { f -> Feature in
                var f = f
                f.geometry = f.geometry?.mapCoordinates { Coordinate($0.x + (abs($0.x) > 1000 ? 50 : 0.0005), $0.y) }
                return f
            }
            try VectorSink.write(moved, to: ws.path("reserve-2026.geojson"))
            let importing = ["reserves", "import", ws.path("reserve-2026.geojson"), "--code-field", "code", "--zone-field", "zone",
                             "--kind", "national_nature_reserve", "--effective", "2026-07-01"]
            let imports = Self.race(Array(repeating: importing, count: 4), in: ws)
            #expect(imports.allSatisfy { $0.status == 0 }, "\(imports.map(\.stderr))")
            let area = try #require(try await store.protectedArea(code: "NR-T"))
            let versions = try await store.versions(areaID: area.id)
            #expect(versions.map(\.validFrom.description) == ["2020-01-01", "2026-07-01"], "one version per date")

            // The same epoch name four times at once: one is registered, the others are told it exists.
            let epochs = Self.race(Array(repeating: ["epochs", "add", "E9", ws.path("after.tif"), "--date", "2026-06-20",
                                                     "--bands", "blue=1,green=2,red=3,nir=4"], count: 4), in: ws)
            #expect(epochs.filter { $0.status == 0 }.count == 1, "\(epochs.map(\.stderr))")
            #expect(epochs.filter { $0.stderr.contains("an epoch named 'E9' exists already") }.count == 3, "\(epochs.map(\.stderr))")

            try ws.run(["epochs", "add", "E8", ws.path("before.tif"), "--date", "2025-12-20", "--bands", "blue=1,green=2,red=3,nir=4"])

            // The same interpreted patches four times at once: one import scan, its patches once.
            let utm = SupervisedCounty.utm, c = SupervisedCounty.centre
            let back = try Transformer(from: .wgs84, to: utm)
            try VectorSink.write(try [("TB-1", -500.0, 500.0), ("TB-2", 1200.0, -800.0)].map { r in
                Feature(geometry: try back.transform(try SupervisedCounty.square(half: 60, at: Coordinate(c.x + r.1, c.y + r.2))),
                        properties: ["图斑编号": .string(r.0), "类型": "采矿"])
            }, to: ws.path("tb.gpkg"), crs: utm)
            let patchImports = Self.race(Array(repeating: ["patches", "import", ws.path("tb.gpkg"), "--before", "E8", "--after", "E9",
                                                           "--id-field", "图斑编号", "--activity-field", "类型"], count: 4), in: ws)
            // Each import made the scan, found it made, or finished its areas beside the one still running it.
            #expect(patchImports.allSatisfy { $0.status == 0 }, "\(patchImports.map(\.stderr))")
            let imported = try await store.scans().filter { $0.parameters["imported"] != nil }
            #expect(imported.count == 1, "one import scan: \(imported.map(\.id))")
            #expect(try await store.patches(scanID: try #require(imported.first).id).count == 2, "each patch once")
        }
    }

    @Test(arguments: RaceStore.available) func twentyHTTPClientsAssigningOneCellGetOneCreatedAndNineteenConflicts(kind: RaceStore) async throws {
        try await Self.withCounty(kind) { ws, store in
            let token = try ws.run(["tokens", "create", "--role", "grid_admin", "--name", "网格管理员"]).stdout
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let server = try ShanshuiCommand.Background(["serve", "--port", "0", "--no-notify"], in: ws.dir, environment: ["SHANSHUI_DB": ws.db])
            defer { server.kill() }
            #expect(server.wait(for: "serving", timeout: 120), "\(server.stderr)")
            let port = try #require(server.stderr.firstMatch(of: /127\.0\.0\.1:(\d+)/).map { String($0.1) })
            let code = SupervisedCounty.quadrants[0].code
            let url = try #require(URL(string: "http://127.0.0.1:\(port)/api/v1/grid/cells/\(code)/assignments"))
            let answers = try await Self.twentyAtOnce(url, token: token) { i in
                Data(#"{"unit": "村委会\#(i)", "head": "组长\#(i):1370000\#(String(format: "%04d", i))", "effective": "2026-07-01"}"#.utf8)
            }
            #expect(answers.filter { $0.0 == 201 }.count == 1, "\(answers.map(\.0))")
            #expect(answers.filter { $0.0 == 409 }.count == 19, "\(answers.map(\.0))")
            for (status, body) in answers where status == 409 {
                #expect(body["detail"]?.stringValue?.contains("already has an assignment from 2026-07-01") == true, "\(body)")
            }
            let history = try await store.assignments(cellCode: code)
            #expect(history.count == 1 && history[0].validTo == nil, "exactly one current assignment: \(history)")
        }
    }

    @Test(arguments: RaceStore.available) func twentyHTTPClientsRegisteringOneEpochOrUploadingOneBoundaryLeaveOneOfEach(kind: RaceStore) async throws {
        try await Self.withCounty(kind) { ws, store in
            let token = try ws.run(["tokens", "create", "--role", "analyst", "--name", "分析员"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let server = try ShanshuiCommand.Background(["serve", "--port", "0", "--no-notify"], in: ws.dir, environment: ["SHANSHUI_DB": ws.db])
            defer { server.kill() }
            #expect(server.wait(for: "serving", timeout: 120), "\(server.stderr)")
            let port = try #require(server.stderr.firstMatch(of: /127\.0\.0\.1:(\d+)/).map { String($0.1) })

            // Twenty analysts register the same epoch name at once: one is created, nineteen are told it exists.
            let epochs = try #require(URL(string: "http://127.0.0.1:\(port)/api/v1/epochs"))
            let after = ws.path("after.tif")
            let registered = try await Self.twentyAtOnce(epochs, token: token) { _ in
                Data(#"{"name": "E9", "paths": ["\#(after)"], "date": "2026-06-20", "bands": "blue=1,green=2,red=3,nir=4"}"#.utf8)
            }
            #expect(registered.filter { $0.0 == 201 }.count == 1 && registered.filter { $0.0 == 409 }.count == 19, "\(registered.map(\.0))")
            #expect(try await store.epochs().filter { $0.name == "E9" }.count == 1)

            // Twenty uploads of the same red line at once: one creates it, the others find it unchanged; one version.
            let upload = try #require(URL(string: "http://127.0.0.1:\(port)/api/v1/protected-areas?kind=ecological_red_line&code_field=code&effective=2020-01-01"))
            try VectorSink.write([Feature(geometry: try SupervisedCounty.square(half: 2500), properties: ["code": "RL-T", "name": "测试红线"])],
                                 to: ws.path("redline-upload.geojson"))
            let redline = try Data(contentsOf: URL(fileURLWithPath: ws.path("redline-upload.geojson")))
            let uploaded = try await Self.twentyAtOnce(upload, token: token, contentType: "application/geo+json") { _ in redline }
            #expect(uploaded.filter { $0.0 == 201 }.count == 1 && uploaded.filter { $0.0 == 200 }.count == 19, "\(uploaded.map { "\($0.0) \($0.1)" })")
            let lines = try await store.protectedAreas(kind: .ecologicalRedLine)
            #expect(lines.count == 1)
            for area in lines { #expect(try await store.versions(areaID: area.id).count == 1, "one boundary version of \(area.code)") }
        }
    }

    /// Sends twenty POSTs to `url` at once (body `i` for client `i`), answering each status with its JSON body.
    static func twentyAtOnce(_ url: URL, token: String, contentType: String = "application/json",
                             body: @escaping @Sendable (Int) -> Data) async throws -> [(Int, JSONValue)] {
        try await withThrowingTaskGroup(of: (Int, JSONValue).self) { group in
            for i in 0..<20 {
                group.addTask {
                    var request = URLRequest(url: url, timeoutInterval: 120)
                    request.httpMethod = "POST"
                    request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
                    request.setValue(contentType, forHTTPHeaderField: "Content-Type")
                    request.httpBody = body(i)
                    let (data, response) = try await URLSession.shared.data(for: request)
                    return ((response as? HTTPURLResponse)?.statusCode ?? 0, (try? JSONValue.parse(Array(data))) ?? .null)
                }
            }
            var all: [(Int, JSONValue)] = []
            for try await a in group { all.append(a) }
            return all
        }
    }
}
