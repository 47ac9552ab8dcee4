import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GeoKit
import ShanshuiServer
import ShanshuiTestSupport
import Testing

/// The web app at `/app/`: its static files over real HTTP, its two dictionaries with the same keys,
/// and the sign-in page in headless Chromium (Chinese by default, phone and desktop sizes, no errors).
@Suite("Web app")
struct WebAppTests {
    @Test func theAppsFilesAreServedFromItsResourceFolder() async throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await LiveServer.with(db: try LiveServer.workspace(in: dir)) { server in
            #expect(try await server.send("GET", "/app").status == 200)
            let page = try await server.send("GET", "/app/")
            #expect(page.status == 200)
            #expect(page.headers["content-type"]?.hasPrefix("text/html") == true)
            #expect(String(decoding: page.body, as: UTF8.self).contains("<html lang=\"zh-CN\">"))
            let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/ShanshuiServer/WebApp")
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            #expect(files.count >= 10 && files.contains("desk.js"))
            for file in files {
                let answer = try await server.send("GET", "/app/" + file)
                #expect(answer.status == 200, "\(file): \(answer.status)")
                #expect(!answer.body.isEmpty)
                #expect(answer.headers["etag"] != nil, "\(file) has no ETag")
            }
            let worker = try await server.send("GET", "/app/sw.js")
            #expect(worker.headers["content-type"]?.hasPrefix("text/javascript") == true)
            // The service worker saves every file of the app, so the whole app opens offline.
            let saved = String(decoding: worker.body, as: UTF8.self)
            for file in files where file != "sw.js" {
                #expect(saved.contains("\"/app/\(file)\""), "sw.js does not save \(file) for offline use")
            }
            #expect(try await server.send("GET", "/app/nothing.js").status == 404)
            #expect(try await server.send("GET", "/app/%2e%2e%2fPackage.swift").status == 404)
        }
    }

    @Test func bothDictionariesHaveTheSameKeys() throws {
        func keys(_ file: String) throws -> Set<String> {
            let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/ShanshuiServer/WebApp")
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let pattern = try NSRegularExpression(pattern: #"(?m)(?:^|[{,]\s*)([a-z][a-z0-9_]*):\s*""#)
            return Set(pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
                Range($0.range(at: 1), in: text).map { String(text[$0]) }
            })
        }
        let zh = try keys("i18n-zh-CN.js"), en = try keys("i18n-en.js")
        #expect(zh.count > 60, "only \(zh.count) keys read from the Chinese dictionary")
        #expect(zh.subtracting(en).isEmpty, "missing in English: \(zh.subtracting(en).sorted())")
        #expect(en.subtracting(zh).isEmpty, "missing in Chinese: \(en.subtracting(zh).sorted())")
        for status in ["flagged", "dispatched", "verified", "rectifying", "accepted", "closed", "transferred"] {
            #expect(zh.contains("status_" + status), "no words for status \(status)")
        }
    }

    @Test(.enabled(if: MapPageBrowserTests.chromium != nil, "chromium is not installed (scripts/setup installs it); the browser test is skipped"))
    func theSignInPageShowsInChineseOnAPhoneAndADeskWithoutErrors() async throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await LiveServer.with(db: try LiveServer.workspace(in: dir)) { server in
            let url = server.base.absoluteString + "/app/"
            for (window, name) in [("390,844", "phone"), ("1280,800", "desk")] {
                let png = dir.appendingPathComponent("\(name).png").path
                let dom = try MapPageBrowserTests.chromium(["--dump-dom", url], window: window)
                let shot = try MapPageBrowserTests.chromium(["--screenshot=\(png)", url], window: window)
                #expect(dom.stdout.contains("data-state=\"signin\""), "\(name): no sign-in form: \(dom.stdout.suffix(600))")
                #expect(dom.stdout.contains("data-errors=\"0\""), "\(name): script errors")
                for word in ["登录", "用户名", "密码", "English"] { #expect(dom.stdout.contains(word), "\(name): no '\(word)'") }
                #expect(dom.stdout.contains("<button id=\"signout\" type=\"button\" hidden=\"\">"), "\(name): sign-out shown before signing in")
                for log in [dom.stderr, shot.stderr] { #expect(!log.contains("Uncaught"), "\(name): console error: \(log)") }
                // The screenshot: the green bar across the top and the green sign-in button.
                let raster = try Raster.open(png)
                let rgb = try raster.read(bands: [1, 2, 3], as: UInt8.self)
                let n = rgb.pixelsPerBand
                func isGreen(_ i: Int) -> Bool {
                    abs(Int(rgb.values[i]) - 0x2f) + abs(Int(rgb.values[n + i]) - 0x5d) + abs(Int(rgb.values[2 * n + i]) - 0x3a) < 30
                }
                let bar = (0..<rgb.width).filter { isGreen(5 * rgb.width + $0) }.count
                let green = (0..<n).filter(isGreen).count
                print("web app \(name) screenshot \(rgb.width)×\(rgb.height): bar \(bar) px wide, \(green) green pixels")
                #expect(bar > rgb.width * 2 / 3, "\(name): no bar across the top")
                #expect(green > bar * 60, "\(name): no sign-in button below the bar")
            }
        }
    }
}

/// `POST /api/v1/cases/{id}/photos`, the web app's photo upload: the bytes become an attachment
/// measured from its EXIF GPS; anything that is not a photo is refused and nothing is attached.
@Suite("Case photos over HTTP")
struct CasePhotosAPITests {
    @Test func aPhotoWithGPSIsAttachedAndMeasuredAndOtherBytesAreRefused() async throws {
        let (dir, db, evidence) = try await ScannedCounty.copy()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await LiveServer.with(db: db, evidence: evidence) { server in
            let officer = try await server.token(.officer)
            let first = try #require(try await server.send("GET", "/api/v1/cases?limit=1", token: officer).json["cases"]?.arrayValue?.first)
            let id = try #require(first["id"]?.intValue)
            let detail = try await server.send("GET", "/api/v1/cases/\(id)", token: officer).json
            let ring = try #require(Self.firstPoint(detail["geometry"]))
            let photo = try Photo.make(in: dir, name: "site.jpg", at: Coordinate(ring.0, ring.1))
            let bytes = try Data(contentsOf: URL(fileURLWithPath: photo))

            let before = detail["attachments"]?.arrayValue?.count ?? 0
            let answer = try await server.send("POST", "/api/v1/cases/\(id)/photos", token: officer, body: bytes, contentType: "image/jpeg")
            #expect(answer.status == 201, "\(String(decoding: answer.body, as: UTF8.self))")
            let attachments = answer.json["attachments"]?.arrayValue ?? []
            #expect(attachments.count == before + 1)
            let added = try #require(attachments.last)
            #expect(added["path"]?.stringValue?.hasSuffix(".jpg") == true)
            #expect((added["distance_m"]?.doubleValue ?? .infinity) < 200, "the photo's GPS was not read: \(added)")

            let text = try await server.send("POST", "/api/v1/cases/\(id)/photos", token: officer, body: Data("not a photo".utf8), contentType: "image/jpeg")
            #expect(text.status == 422)
            #expect(try await server.send("POST", "/api/v1/cases/\(id)/photos", token: officer, body: Data(), contentType: "image/jpeg").status == 400)
            #expect(try await server.send("POST", "/api/v1/cases/\(id)/photos", body: bytes, contentType: "image/jpeg").status == 401)
            let after = try await server.send("GET", "/api/v1/cases/\(id)", token: officer).json["attachments"]?.arrayValue?.count
            #expect(after == before + 1)
        }
    }

    /// The first vertex of a GeoJSON geometry.
    static func firstPoint(_ geometry: JSONValue?) -> (Double, Double)? {
        var value = geometry?["coordinates"]
        while let first = value?.arrayValue?.first, first.arrayValue != nil { value = first }
        guard let xy = value?.arrayValue, xy.count >= 2, let x = xy[0].doubleValue, let y = xy[1].doubleValue else { return nil }
        return (x, y)
    }
}
