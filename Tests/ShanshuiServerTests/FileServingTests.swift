import Foundation
import GeoKit
import Shanshui
import ShanshuiServer
import ShanshuiStore
import ShanshuiTestSupport
import Testing

/// Evidence files and the map's Leaflet files over real HTTP, served by Hummingbird's
/// FileMiddleware: HEAD, byte ranges (206), validators (ETag, Last-Modified) and 304 — and
/// evidence still behind the API's access rules.
@Suite("Files: evidence and map assets")
struct FileServingTests {
    @Test func aChipAnswersHEADRangesAndConditionalRequestsAndStaysBehindATokenOnAPrivateService() async throws {
        let (dir, db, evidence) = try await ScannedCounty.copy()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await LiveServer.with(db: db, evidence: evidence) { server in
            let viewer = try await server.token(.viewer)
            let cases = try await server.send("GET", "/api/v1/cases?limit=1000", token: viewer).json["cases"]?.arrayValue ?? []
            var chip: String?
            for c in cases where chip == nil {
                let id = try #require(c["id"]?.intValue)
                chip = (try await server.send("GET", "/api/v1/cases/\(id)", token: viewer).json["chips"]?.arrayValue ?? []).first?.stringValue
            }
            let url = try #require(chip, "the scanned county has chips")
            let full = try await server.send("GET", url, token: viewer)
            #expect(full.status == 200)
            #expect(full.headers["content-type"] == "image/png")
            #expect(Array(full.body.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
            let etag = try #require(full.headers["etag"])
            #expect(full.headers["last-modified"] != nil)
            #expect(full.headers["accept-ranges"] == "bytes")

            let head = try await server.send("HEAD", url, token: viewer)
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
            #expect(head.headers["content-length"] == String(full.body.count))
            #expect(head.headers["etag"] == etag)

            let part = try await server.send("GET", url, token: viewer, headers: ["Range": "bytes=1-3"])
            #expect(part.status == 206)
            #expect(part.body == full.body.subdata(in: 1..<4))
            #expect(part.headers["content-range"] == "bytes 1-3/\(full.body.count)")

            let unchanged = try await server.send("GET", url, token: viewer, headers: ["If-None-Match": etag])
            #expect(unchanged.status == 304)
            #expect(unchanged.body.isEmpty)
            #expect(try await server.send("GET", url, token: viewer, headers: ["If-None-Match": "W/\"other\""]).status == 200)

            // Without a token a private service serves no evidence, whatever the request asks for.
            for (method, headers) in [("GET", [:]), ("HEAD", [:]), ("GET", ["Range": "bytes=0-3"]), ("GET", ["If-None-Match": etag])] {
                let anonymous = try await server.send(method, url, headers: headers)
                #expect(anonymous.status == 401, "\(method) \(headers) answered \(anonymous.status)")
                #expect(!anonymous.body.starts(with: [0x89, 0x50, 0x4E, 0x47]))
            }
            #expect(try await server.send("GET", url + "-missing.png", token: viewer).status == 404)
        }
    }

    @Test func aFieldPhotoNeedsATokenOnAPublicServiceEvenForARangeOrHEAD() async throws {
        let (dir, db, evidence) = try await ScannedCounty.copy()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ledger = Ledger(store: try SpatiaLiteStore(path: db))
        let first = try #require(try await ledger.list(CaseFilter()).first)
        let photo = dir.appendingPathComponent("field.png").path
        try Canvas(width: 8, height: 8, fill: RGB(30, 90, 30)).writePNG(to: photo)
        let (attachment, _) = try await ledger.attach(photo: photo, to: first.number, by: "officer", evidenceDirectory: evidence)
        let url = "/api/v1/cases/\(first.id)/evidence/" + (attachment.path.split(separator: "/").last.map(String.init) ?? "")
        try await LiveServer.with(db: db, evidence: evidence, isPublic: true) { server in
            for (method, headers) in [("GET", [:]), ("HEAD", [:]), ("GET", ["Range": "bytes=0-3"])] {
                #expect(try await server.send(method, url, headers: headers).status == 401, "\(method) \(headers)")
            }
            let viewer = try await server.token(.viewer)
            let part = try await server.send("GET", url, token: viewer, headers: ["Range": "bytes=0-3"])
            #expect(part.status == 206)
            #expect(Array(part.body) == [0x89, 0x50, 0x4E, 0x47])
        }
    }

    @Test func leafletFilesAreCacheableAndRevalidated() async throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let leaflet = dir.appendingPathComponent("leaflet")
        try FileManager.default.createDirectory(at: leaflet.appendingPathComponent("images"), withIntermediateDirectories: true)
        try Data("/* leaflet */ .leaflet-map { }".utf8).write(to: leaflet.appendingPathComponent("leaflet.css"))
        try Canvas(width: 4, height: 4, fill: RGB(0, 0, 0)).writePNG(to: leaflet.appendingPathComponent("images/marker-icon.png").path)
        try Data("secret".utf8).write(to: leaflet.appendingPathComponent("notes.txt"))
        try FileManager.default.createDirectory(at: leaflet.appendingPathComponent("folder.css"), withIntermediateDirectories: true)
        try await LiveServer.with(db: try LiveServer.workspace(in: dir), configure: { $0.leafletDirectory = leaflet.path }) { server in
            let css = try await server.send("GET", "/map/leaflet/leaflet.css")
            #expect(css.status == 200)
            #expect(css.headers["content-type"]?.hasPrefix("text/css") == true)
            #expect(css.headers["cache-control"] == "max-age=3600")
            let etag = try #require(css.headers["etag"])
            #expect(try await server.send("GET", "/map/leaflet/leaflet.css", headers: ["If-None-Match": etag]).status == 304)
            let head = try await server.send("HEAD", "/map/leaflet/images/marker-icon.png")
            #expect(head.status == 200)
            #expect(head.headers["content-type"] == "image/png")
            #expect(head.body.isEmpty)
            // Only Leaflet's kinds of file, never other files of the folder or paths out of it.
            #expect(try await server.send("GET", "/map/leaflet/notes.txt").status == 404)
            #expect(try await server.send("GET", "/map/leaflet/..%2Fleaflet.css").status == 404)
            #expect(try await server.send("GET", "/map/leaflet/folder.css").status == 404, "a folder is not served")
        }
    }
}
