import Foundation
import GeoKit
import Shanshui
import ShanshuiServer
import ShanshuiStore
import ShanshuiTestSupport
import Testing

/// Privacy by construction: an anonymous caller of a `--public` service walks every GET route of
/// both OpenAPI documents (path ids filled from the listings) over a workspace holding known
/// names, phones, notes and a field photo, and no response body holds any of them.
@Suite("Public responses leak nothing personal")
struct PrivacyCrawlTests {
    /// Text that must never reach an anonymous caller: grid people and phones, the officer who
    /// acted, the phone and words of a free-text note, the photo's stored and original names.
    static let officer = "钱五科长", notePhone = "13712345678", noteWords = "私下联系村民"

    @Test func anonymousCrawlOfEveryGetRouteFindsNoPersonalData() async throws {
        let world = try await ScannedCounty.shared.value
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (db, evidence) = try Self.copy(world: world, to: dir)
        // Officers act with notes, and a photo is attached.
        let store = try SpatiaLiteStore(path: db)
        let ledger = Ledger(store: store)
        let first = try #require(try await ledger.list(CaseFilter()).first)
        _ = try await ledger.perform(.dispatch(to: nil), on: first.number, by: Self.officer, note: "\(Self.noteWords) \(Self.notePhone)")
        let photo = dir.appendingPathComponent("现场-\(Self.officer).png").path
        try Canvas(width: 8, height: 8, fill: RGB(30, 90, 30)).writePNG(to: photo)
        let (attachment, _) = try await ledger.attach(photo: photo, to: first.number, by: Self.officer, evidenceDirectory: evidence)
        let photoName = try #require(attachment.path.split(separator: "/").last.map(String.init))
        let secrets = ["王一", "王二", "13800000001", "赵甲", "钱乙", "13900000001", Self.officer, Self.notePhone, Self.noteWords,
                       attachment.sha256, "现场-"]

        try await LiveServer.with(db: db, evidence: evidence, isPublic: true) { server in
            var templates: [String] = []
            for doc in ["/api/v1/openapi.json", "/ogc/api"] {
                let paths = try await server.send("GET", doc).json["paths"]?.objectValue ?? []
                for (path, operations) in paths where operations["get"] != nil && !templates.contains(path) { templates.append(path) }
            }
            #expect(templates.count > 20, "the documents list the GET routes: \(templates)")
            let values = try await Self.pathValues(server, caseID: first.id, photo: photoName)
            var visited = 0
            for template in templates {
                for url in Self.expand(template, values) {
                    let answer = try await server.send("GET", url)
                    visited += 1
                    #expect(answer.status < 500, "GET \(url) answered \(answer.status)")
                    let text = String(decoding: answer.body, as: UTF8.self)
                    // A problem echoes the caller's own path: text the URL itself holds is not a leak.
                    for secret in secrets where !url.contains(secret) {
                        #expect(!text.contains(secret), "GET \(url) shows '\(secret)' to an anonymous caller")
                    }
                }
            }
            #expect(visited > 40, "the crawl reached only \(visited) URLs")
            // The photo itself needs a token; the chips do not. A token holder sees the note and the photo.
            #expect(try await server.send("GET", "/api/v1/cases/\(first.id)/evidence/\(photoName)").status == 401)
            let viewer = try await server.token(.viewer)
            let photoAnswer = try await server.send("GET", "/api/v1/cases/\(first.id)/evidence/\(photoName)", token: viewer)
            #expect(photoAnswer.status == 200)
            #expect(photoAnswer.header("Content-Type") == "image/png")
            let signedIn = String(decoding: try await server.send("GET", "/api/v1/cases/\(first.id)", token: viewer).body, as: UTF8.self)
            #expect(signedIn.contains(Self.notePhone) && signedIn.contains(Self.officer) && signedIn.contains(photoName))
        }
    }

    /// The shared scanned county copied, so notes and photos added here stay out of other tests.
    static func copy(world: (db: String, evidence: String, county: SupervisedCounty), to dir: URL) throws -> (String, String) {
        let db = dir.appendingPathComponent("ws.db").path, evidence = dir.appendingPathComponent("ws-evidence").path
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: world.db + suffix) {
            try FileManager.default.copyItem(atPath: world.db + suffix, toPath: db + suffix)
        }
        if FileManager.default.fileExists(atPath: world.evidence) { try FileManager.default.copyItem(atPath: world.evidence, toPath: evidence) }
        return (db, evidence)
    }

    /// Concrete URLs for each templated route, ids read from the listings (as an anonymous
    /// client would find them).
    static func pathValues(_ server: LiveServer, caseID: Int64, photo: String) async throws -> [String: [String]] {
        let cases = (try await server.send("GET", "/api/v1/cases?limit=1000").json["cases"]?.arrayValue ?? []).prefix(8).compactMap { $0["id"].map(Self.text) }
        let areas = (try await server.send("GET", "/api/v1/protected-areas").json["areas"]?.arrayValue ?? []).compactMap { $0["id"].map(Self.text) }
        let cells = (try await server.send("GET", "/api/v1/grid/cells").json["features"]?.arrayValue ?? []).compactMap { $0["properties"]?["code"]?.stringValue }
        let collections = (try await server.send("GET", "/ogc/collections").json["collections"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
        var features: [String] = []
        for id in collections {
            let items = try await server.send("GET", "/ogc/collections/\(id)/items?limit=3").json["features"]?.arrayValue ?? []
            features += items.compactMap { $0["id"].map { "/ogc/collections/\(id)/items/\(Self.text($0))" } }
        }
        let chips = (try await server.send("GET", "/api/v1/cases/\(caseID)").json["chips"]?.arrayValue ?? []).compactMap(\.stringValue)
        let patches = (try await server.send("GET", "/api/v1/patches?limit=3").json["features"]?.arrayValue ?? []).compactMap { $0["id"].map(Self.text) }
        return [
            "/api/v1/cases/{id}": cases.map { "/api/v1/cases/\($0)" },
            "/api/v1/cases/{id}/evidence/{file}": chips + ["/api/v1/cases/\(caseID)/evidence/\(photo)"],
            "/api/v1/protected-areas/{id}": areas.map { "/api/v1/protected-areas/\($0)" },
            "/api/v1/protected-areas/{id}/history": areas.map { "/api/v1/protected-areas/\($0)/history" },
            "/api/v1/grid/cells/{code}": cells.map { "/api/v1/grid/cells/\($0)" },
            "/api/v1/patches/{id}": patches.map { "/api/v1/patches/\($0)" },
            "/api/v1/exports/{layer}": collections.flatMap { ["/api/v1/exports/\($0)", "/api/v1/exports/\($0)?format=csv"] },
            "/ogc/collections/{collectionId}": collections.map { "/ogc/collections/\($0)" },
            "/ogc/collections/{collectionId}/items": collections.map { "/ogc/collections/\($0)/items?limit=10000" },
            "/ogc/collections/{collectionId}/items/{featureId}": features,
            "/map/leaflet/{file}": ["/map/leaflet/leaflet.js"], "/map/leaflet/images/{file}": ["/map/leaflet/images/marker-icon.png"],
        ]
    }

    /// The concrete URLs of a route: from the listings, else each parameter as "1" (a route added
    /// later is still crawled); the lookup gets a lon/lat inside the county, listings a big page.
    static func expand(_ template: String, _ values: [String: [String]]) -> [String] {
        if let urls = values[template] { return urls }
        if template.hasSuffix("/grid/lookup"), let at = try? AccessTests.villageLonLat() { return [template + "?lon=\(at.x)&lat=\(at.y)"] }
        if template == "/api/v1/cases" || template == "/api/v1/patches" { return [template + "?limit=1000"] }
        return [template.split(separator: "/", omittingEmptySubsequences: false).map { $0.hasPrefix("{") ? "1" : String($0) }.joined(separator: "/")]
    }

    static func text(_ id: JSONValue) -> String {
        switch id {
        case .string(let s): s
        case .int(let i): String(i)
        default: id.serialized()
        }
    }
}
