import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GeoKit
import Shanshui
import ShanshuiPostGIS
import ShanshuiServer
import ShanshuiStore
import ShanshuiTestSupport
import Testing

/// The desk's routes over HTTP on each store (SpatiaLite, and PostGIS when `SHANSHUI_TEST_POSTGRES`
/// names a server): search, the table's sort and filters, and the CSV download answer the same.
@Suite("Desk API on each store")
struct DeskAPIOnEachStoreTests {
    static let postgres = ProcessInfo.processInfo.environment["SHANSHUI_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    static let kinds = postgres == nil ? ["SpatiaLite"] : ["SpatiaLite", "PostGIS"]

    @Test(arguments: kinds) func searchTableAndDownloadAnswerAlikeOnEachStore(kind: String) async throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var drop: (() async -> Void)? = nil
        let store: any WorkspaceStore
        if kind == "PostGIS" {
            let server = try PostGISLocation(try #require(Self.postgres))
            let name = "shanshui_desk_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            try await server.execute("CREATE DATABASE \(name)")
            store = try PostGISStore(url: server.with(database: name).url, create: true, maximumConnections: 2)
            drop = { try? await server.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        } else {
            store = try SpatiaLiteStore(path: dir.appendingPathComponent("ws.db").path, create: true)
        }
        do {
            try await Self.check(store, in: dir, databasePath: kind == "PostGIS" ? "" : dir.appendingPathComponent("ws.db").path)
        } catch {
            await drop?()
            throw error
        }
        await drop?()
    }

    /// Loads the supervised county, flags its planted damage as cases (no detection: the planted boxes are
    /// the patches), serves the store and checks the desk's routes.
    static func check(_ store: any WorkspaceStore, in dir: URL, databasePath: String) async throws {
        let county = try SupervisedCounty.write(in: dir)
        let registry = Registry(store: store), grid = Grid(store: store)
        try await county.load(registry: registry, grid: grid, scans: store)
        let day = try Day("2026-06-20")
        let area = try #require(try await registry.list(asOf: day).first)
        let epochs = try await store.epochs()
        let scanID = try await store.createScan(ScanRecord(beforeEpoch: epochs[0].id, afterEpoch: epochs[1].id, startedAt: "2026-06-21T00:00:00Z",
                                                           parameters: .object([]), areas: [ScanAreaProgress(areaID: area.area.id)]))
        let activities = ["mining", "road", "construction"]
        let planted = try SupervisedCounty.expectations(county.scene)
        let patches = planted.enumerated().map { i, p in
            ScanPatch(scanID: scanID, areaID: area.area.id, geometry: p.box, activity: activities[i % 3], lineage: .new, areaM2: p.box.geodesicArea,
                      perimeterM: p.box.geodesicLength, confidence: 0.6 + 0.1 * Double(i % 4), properties: .object([]))
        }
        let people = try await GridResponsibility(grid: grid, day: day)
        try await store.commitArea(try await CaseFlagger().flag(patches, area: area, openCases: [], detectedOn: day, flaggedOn: day,
                                                                responsibility: people, scanID: scanID))
        let token = try await TokenService(store: store).create(name: "李科长", role: .officer).secret
        let (task, port) = try await OneCellServer.serve(store: store, databasePath: databasePath)
        defer { task.cancel() }
        func get(_ path: String) async throws -> (status: Int, body: Data) {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)" + path)!, timeoutInterval: 300)
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
            let (data, response) = try await LiveServer.session.data(for: request)
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
        }
        func json(_ path: String) async throws -> JSONValue { try JSONValue.parse(Array(try await get(path).body)) }

        let all = try #require(try await json("/api/v1/cases?limit=1000")["cases"]?.arrayValue)
        #expect(all.count == planted.count && all.count >= 3)
        let sorted = all.sorted { ($0["overlap_m2"]?.doubleValue ?? 0) > ($1["overlap_m2"]?.doubleValue ?? 0) }.compactMap { $0["number"]?.stringValue }
        #expect(try await json("/api/v1/cases?sort=-overlap_m2&limit=1000")["cases"]?.arrayValue?.compactMap { $0["number"]?.stringValue } == sorted)
        let roads = all.filter { $0["activity"] == "road" }.compactMap { $0["number"]?.stringValue }
        let filtered = try await json("/api/v1/cases?activity=road&sort=number&limit=1000")
        #expect(filtered["total"]?.intValue == Int64(roads.count) && filtered["cases"]?.arrayValue?.compactMap { $0["number"]?.stringValue } == roads.sorted())
        #expect(try await json("/api/v1/cases?confidence=0.85")["total"]?.intValue == Int64(patches.filter { $0.confidence >= 0.85 }.count))
        #expect(try await json("/api/v1/cases?as_of=2026-06-19")["total"]?.intValue == 0)

        let number = try #require(all.first?["number"]?.stringValue)
        let hits = try await json("/api/v1/search?q=\(number)")["hits"]?.arrayValue ?? []
        #expect(hits.first?["kind"] == "case" && hits.first?["label"]?.stringValue == number)
        let village = try await json("/api/v1/search?q=" + DeskAPITests.encoded("东南村"))["hits"]?.arrayValue ?? []
        #expect(village.first?["kind"] == "cell" && village.first?["key"] == "321202001004")
        let reserve = try await json("/api/v1/search?q=nr-t")["hits"]?.arrayValue ?? []
        #expect(reserve.first?["kind"] == "area" && reserve.first?["label"] == "测试保护区")

        let csv = try await get("/api/v1/downloads/cases?format=csv&activity=road&sort=number")
        #expect(csv.status == 200 && Array(csv.body.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let lines = String(decoding: csv.body.dropFirst(3), as: UTF8.self).split(whereSeparator: \.isNewline)
        #expect(lines.count == roads.count + 1 && zip(lines.dropFirst(), roads.sorted()).allSatisfy { $0.contains($1) })
        task.cancel()
        _ = await task.result
    }
}
