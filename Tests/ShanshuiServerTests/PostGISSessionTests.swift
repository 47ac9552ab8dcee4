import Foundation
import GeoKit
import Shanshui
import ShanshuiPostGIS
import ShanshuiServer
import ShanshuiTestSupport
import Testing

/// The web session over real HTTP on a PostGIS workspace (the SpatiaLite one is `SessionSignInTests`):
/// sign in, who am I with the person's name and cells, my cases, an action with and without the
/// CSRF token, sign out. Runs when `SHANSHUI_TEST_POSTGRES` names a server (scripts/test starts one).
@Suite("Web sign-in on PostGIS", .serialized)
struct PostGISSessionTests {
    static let center = Coordinate(119.95, 32.48)

    /// A reserve, a village cell with 王伟 as head, two epochs, a scan and one case flagged in the cell.
    static func seed(_ store: PostGISStore) async throws {
        var o = RegistryImportOptions(effective: try Day("2020-01-01"))
        o.kind = .nationalNatureReserve
        o.codeField = "code"
        o.zoneField = "zone"
        let registry = Registry(store: store)
        _ = try await registry.apply(try RegistryImport.plan(ReserveScene.natureReserve(code: "NR1", name: "溱湖", center: center),
                                                             fields: ["code", "name", "zone", "level"], source: "test", options: o), options: o)
        let area = try await registry.list(asOf: try Day("2026-06-30"))[0]
        var cells = GridBatch()
        cells.newCells = [GridCell(code: "321202001001", name: "一村", level: .village, parentCode: nil,
                                   geometry: .polygon(ReserveScene.square(center, half: 0.05)))]
        try await store.commit(cells)
        let grid = Grid(store: store)
        _ = try await grid.assign([try Assignment(cellCode: "321202001001", unit: "一村村委会", head: try Person(parsing: "王伟:13800000001"),
                                                  staff: [try Person(parsing: "李娜:13800000002")], validFrom: try Day("2020-01-01"))])
        let footprint = Geometry.polygon(ReserveScene.square(center, half: 0.1))
        var epochs: [Int64] = []
        for (name, date) in [("2025H2", "2025-12-31"), ("2026H1", "2026-06-30")] {
            epochs.append(try await store.addEpoch(Epoch(name: name, date: try Day(date), sensor: "test", paths: ["/dev/null"], bands: nil,
                                                         mask: nil, crs: "EPSG:32651", width: 1, height: 1, bandCount: 4, footprint: footprint)))
        }
        let scanID = try await store.createScan(ScanRecord(beforeEpoch: epochs[0], afterEpoch: epochs[1], startedAt: "2026-07-01T00:00:00Z",
                                                           parameters: .object([]), areas: [ScanAreaProgress(areaID: area.area.id)]))
        let damage = Geometry.polygon(ReserveScene.square(center, half: 0.001))
        let patch = ScanPatch(scanID: scanID, areaID: area.area.id, geometry: damage, activity: "mining", lineage: .new, areaM2: damage.geodesicArea,
                              perimeterM: damage.geodesicLength, confidence: 0.9, properties: .object([]))
        let people = try await GridResponsibility(grid: grid, day: WallClock.system.today)
        try await store.commitArea(try await CaseFlagger().flag([patch], area: area, openCases: [], detectedOn: try Day("2026-06-30"),
                                                                responsibility: people, routing: people, scanID: scanID))
    }

    @Test(.disabled(if: testPostgres == nil, "SHANSHUI_TEST_POSTGRES is not set: scripts/test starts a server and runs this"))
    func signInMyCasesAndAnActionWithTheCSRFTokenOnPostGIS() async throws {
        try await withThrowawayDatabase { location in
            let store = try PostGISStore(url: location.url, create: true, maximumConnections: 4)
            try await Self.seed(store)
            try await Accounts(store: store).add(name: "wang.wei", role: .officer, password: "head password", personPhone: "13800000001")
            var config = ServerConfiguration(databasePath: location.url)
            config.port = 0
            config.logLevel = .warning
            let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
            let app = try buildApplication(configuration: config, store: store) { continuation.yield($0) }
            let task = Task(executorPreference: ServerExecutor.shared) { try await app.runService(gracefulShutdownSignals: []) }
            defer { task.cancel() }
            var iterator = ports.makeAsyncIterator()
            let base = URL(string: "http://127.0.0.1:\(try #require(await iterator.next()))")!
            @Sendable func send(_ method: String, _ path: String, headers: [String: String] = [:], json: JSONValue? = nil) async throws -> LiveServer.Answer {
                try await LiveServer.send(to: base, method, path, headers: headers, body: json?.serializedData())
            }

            #expect(try await send("POST", "/api/v1/session", json: .object([("user", "wang.wei"), ("password", "wrong")])).status == 401)
            let signIn = try await send("POST", "/api/v1/session", json: .object([("user", "wang.wei"), ("password", "head password")]))
            #expect(signIn.status == 200, "\(signIn.json)")
            let cookie = String((signIn.header("Set-Cookie") ?? "").split(separator: ";").first ?? "")
            let csrf = try #require(signIn.json["csrf_token"]?.stringValue)
            #expect(cookie.hasPrefix("shanshui_session=") && signIn.header("Set-Cookie")?.contains("HttpOnly") == true)
            #expect(signIn.json["person"]?["name"] == "王伟")
            #expect(signIn.json["person"]?["cells"] == .array([.object([("code", "321202001001"), ("role", "head")])]))
            let me = try await send("GET", "/api/v1/session", headers: ["Cookie": cookie])
            #expect(me.status == 200 && me.json["user"] == "wang.wei" && me.json["csrf_token"]?.stringValue == csrf)

            let mine = try await send("GET", "/api/v1/me/cases?lat=32.49&lon=119.95", headers: ["Cookie": cookie])
            #expect(mine.status == 200, "\(mine.json)")
            let cases = mine.json["cases"]?.arrayValue ?? []
            #expect(cases.count == 1 && (cases.first?["distance_m"]?.doubleValue ?? 0) > 1000)
            let id = try #require(cases.first?["id"]?.intValue)
            let page = try await send("GET", "/api/v1/cases/\(id)", headers: ["Cookie": cookie])
            #expect(page.json["your_actions"]?.arrayValue?.contains("dispatch") == true)
            let ifMatch = try #require(page.header("ETag"))

            let dispatch = JSONValue.object([("action", "dispatch")])
            let noToken = try await send("POST", "/api/v1/cases/\(id)/transitions", headers: ["Cookie": cookie, "If-Match": ifMatch], json: dispatch)
            #expect(noToken.status == 403 && noToken.json["detail"]?.stringValue?.contains("CSRF") == true)
            let ok = try await send("POST", "/api/v1/cases/\(id)/transitions",
                                    headers: ["Cookie": cookie, "If-Match": ifMatch, "X-CSRF-Token": csrf], json: dispatch)
            #expect(ok.status == 200 && ok.json["status"] == "dispatched", "\(ok.json)")
            #expect(ok.json["history"]?.arrayValue?.last?["actor"] == "wang.wei")
            let stale = try await send("POST", "/api/v1/cases/\(id)/transitions", headers: ["Cookie": cookie, "If-Match": ifMatch, "X-CSRF-Token": csrf],
                                       json: .object([("action", "verify"), ("verdict", "confirmed")]))
            #expect(stale.status == 412)

            #expect(try await send("DELETE", "/api/v1/session", headers: ["Cookie": cookie, "X-CSRF-Token": csrf]).status == 204)
            #expect(try await send("GET", "/api/v1/me/cases", headers: ["Cookie": cookie]).status == 401)
            task.cancel()
            _ = await task.result
            await store.shutdown()
        }
    }
}
