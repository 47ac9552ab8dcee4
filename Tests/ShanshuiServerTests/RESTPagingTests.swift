import Foundation
import GeoKit
import Shanshui
import ShanshuiServer
import ShanshuiStore
import ShanshuiTestSupport
import Testing

/// `GET /api/v1/grid/cells` and `GET /api/v1/protected-areas` served a page at a time through
/// the store's paging: walking the `next` links in small pages gives exactly the one big page.
@Suite("REST pages")
struct RESTPagingTests {
    @Test func cellPagesWalkedByNextLinksEqualTheWholeGrid() async throws {
        let world = try await ScannedCounty.shared.value
        try await LiveServer.with(db: world.db) { server in
            let stored = try await server.store.cellCount(CellQuery())
            let viewer = try await server.token(.viewer)
            let whole = try await server.send("GET", "/api/v1/grid/cells?limit=10000", token: viewer).json
            let all = try #require(whole["features"]?.arrayValue)
            #expect(all.count == stored)
            #expect(whole["numberMatched"]?.intValue == Int64(stored))
            #expect(whole["links"]?.arrayValue?.isEmpty == true, "one page holds them all: no next link")
            var walked: [JSONValue] = [], path: String? = "/api/v1/grid/cells?limit=7", pages = 0
            while let next = path {
                let page = try await server.send("GET", next, token: viewer)
                #expect(page.status == 200)
                let features = try #require(page.json["features"]?.arrayValue)
                #expect(features.count <= 7)
                #expect(page.json["numberMatched"]?.intValue == Int64(stored))
                walked += features
                pages += 1
                path = page.json["links"]?.arrayValue?.first { $0["rel"] == "next" }?["href"]?.stringValue
            }
            #expect(pages == (stored + 6) / 7)
            #expect(walked == all, "pages in order make the whole grid")
            let villages = try await server.send("GET", "/api/v1/grid/cells?level=village&limit=10000", token: viewer).json
            let levels = Set(villages["features"]?.arrayValue?.compactMap { $0["properties"]?["level"]?.stringValue } ?? [])
            #expect(levels == ["village"])
        }
    }

    @Test func areaPagesWalkedByNextLinksEqualTheRegistryListing() async throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try LiveServer.workspace(in: dir)
        try await LiveServer.with(db: db) { server in
            let analyst = try await server.token(.analyst)
            // Three natural parks side by side, uploaded as `reserves import` would read them.
            let features = (1...3).map { i in
                let x = 120 + Double(i) * 0.2
                return #"{"type":"Feature","properties":{"name":"公园\#(i)","code":"NP-\#(i)"},"geometry":{"type":"Polygon","coordinates":[[[\#(x),32],[\#(x + 0.1),32],[\#(x + 0.1),32.1],[\#(x),32.1],[\#(x),32]]]}}"#
            }
            let upload = #"{"type":"FeatureCollection","features":["# + features.joined(separator: ",") + "]}"
            let imported = try await server.send("POST", "/api/v1/protected-areas?kind=natural_park&code_field=code&effective=2024-01-01",
                                                 token: analyst, body: Data(upload.utf8), contentType: "application/geo+json")
            #expect(imported.status == 201, "\(imported.json)")
            #expect(SchemaCheck.problems(imported.json, Schema31.ref("ImportSummary"), in: ShapeSchemaTests.components, at: "ImportSummary") == [])
            let listed = try await Registry(store: server.store).list(asOf: try Day("2026-07-01"))
            #expect(listed.count == 3)
            let whole = try await server.send("GET", "/api/v1/protected-areas?limit=1000", token: analyst).json
            #expect(whole["total"]?.intValue == 3)
            #expect(whole["next"] == nil)
            var walked: [JSONValue] = [], path: String? = "/api/v1/protected-areas?limit=2", pages = 0
            while let next = path {
                let page = try await server.send("GET", next, token: analyst).json
                #expect(page["total"]?.intValue == 3)
                walked += page["areas"]?.arrayValue ?? []
                pages += 1
                path = page["next"]?.stringValue
            }
            #expect(pages == 2)
            #expect(walked == whole["areas"]?.arrayValue)
            #expect(Set(walked.compactMap { $0["code"]?.stringValue }) == Set(listed.map(\.area.code)))
        }
    }
}
