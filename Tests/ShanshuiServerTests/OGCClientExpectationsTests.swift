import Foundation
import GeoKit
import Shanshui
import ShanshuiServer
import ShanshuiTestSupport
import Testing

/// OGC API - Features as QGIS and GDAL expect it: real extents, valid geometries, bbox by
/// geometry, 400 for unknown parameters, CORS on reads, HTTP Basic sign-in.
@Suite("OGC API for QGIS and GDAL")
struct OGCClientExpectationsTests {
    @Test func collectionsDeclareTheExtentOfTheirData() async throws {
        let world = try await ScannedCounty.shared.value
        try await LiveServer.with(db: world.db, isPublic: true) { server in
            let collections = try await server.send("GET", "/ogc/collections").json["collections"]?.arrayValue ?? []
            let county = try #require(try SupervisedCounty.square(half: 20_000).envelope)
            for c in collections {
                let id = c["id"]?.stringValue ?? "?"
                if try await server.send("GET", "/ogc/collections/\(id)/items?limit=1").json["numberMatched"] == 0 {
                    #expect(c["extent"] == nil, "\(id) is empty: no extent")
                    continue
                }
                let bbox = c["extent"]?["spatial"]?["bbox"]?.arrayValue?.first?.arrayValue?.compactMap(\.doubleValue) ?? []
                guard bbox.count == 4 else {
                    Issue.record("\(id) has no spatial extent: \(c)")
                    continue
                }
                #expect(bbox[0] >= county.minX && bbox[1] >= county.minY && bbox[2] <= county.maxX && bbox[3] <= county.maxY,
                        "\(id): \(bbox) is not within the county")
                #expect(bbox[2] - bbox[0] < 1, "\(id) declares a whole-world extent")
                let one = try await server.send("GET", "/ogc/collections/\(id)").json
                #expect(one["extent"] == c["extent"], "\(id)")
            }
            func interval(_ id: String) -> [JSONValue] {
                collections.first { $0["id"] == .string(id) }?["extent"]?["temporal"]?["interval"]?.arrayValue?.first?.arrayValue ?? []
            }
            #expect(interval("protected_areas").first?.stringValue?.hasSuffix("T00:00:00Z") == true)
            #expect(interval("protected_areas").last == .null, "the reserve is in force: open-ended")
            let patches = interval("patches").compactMap(\.stringValue)
            #expect(patches.count == 2 && patches[0] < patches[1], "from the before epoch to the after epoch: \(patches)")
        }
    }

    /// Every geometry of every layer, page after page, is valid for GEOS (what QGIS and GDAL check).
    @Test func everyServedGeometryIsValid() async throws {
        let world = try await ScannedCounty.shared.value
        try await LiveServer.with(db: world.db) { server in
            let token = try await server.token(.viewer)
            var checked: [String: Int] = [:]
            for layer in MapLayer.allCases {
                var next: String? = "/ogc/collections/\(layer.rawValue)/items?limit=200"
                while let url = next {
                    let page = try await server.send("GET", url, token: token)
                    #expect(page.status == 200, "\(layer)")
                    for feature in try GeoJSON.read(Array(page.body)) {
                        let geometry = try #require(feature.geometry, "\(layer) \(String(describing: feature.id))")
                        let validity = try geometry.validity()
                        #expect(validity.isValid, "\(layer) feature \(String(describing: feature.id)): \(validity)")
                        checked[layer.rawValue, default: 0] += 1
                    }
                    next = page.json["links"]?.arrayValue?.first { $0["rel"] == "next" }?["href"]?.stringValue
                }
            }
            #expect(Set(checked.keys) == Set(MapLayer.allCases.map(\.rawValue)).subtracting(["red_lines"]), "\(checked)")
            #expect((checked["patches"] ?? 0) > 0 && (checked["cases"] ?? 0) > 0)
        }
    }

    /// A triangle's empty envelope corner is not "in the box" for any layer.
    @Test func bboxMatchesGeometriesNotEnvelopes() async throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await LiveServer.with(db: try LiveServer.workspace(in: dir)) { server in
            let analyst = try await server.token(.analyst)
            let triangle = #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"三角公园","code":"T1"},"geometry":{"type":"Polygon","coordinates":[[[120,32],[120.1,32],[120,32.1],[120,32]]]}}]}"#
            let imported = try await server.send("POST", "/api/v1/protected-areas?kind=natural_park&code_field=code&effective=2024-01-01",
                                                 token: analyst, body: Data(triangle.utf8), contentType: "application/geo+json")
            #expect(imported.status == 201)
            let corner = try await server.send("GET", "/ogc/collections/protected_areas/items?bbox=120.08,32.08,120.12,32.12", token: analyst)
            #expect(corner.json["numberMatched"] == 0)
            let foot = try await server.send("GET", "/ogc/collections/protected_areas/items?bbox=120.01,31.99,120.02,32.01", token: analyst)
            #expect(foot.json["numberMatched"] == 1)
        }
    }

    @Test func unknownQueryParametersAreRefusedByName() async throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await LiveServer.with(db: try LiveServer.workspace(in: dir), isPublic: true) { server in
            for path in ["/ogc/collections/cells/items?bbx=1,2,3,4", "/ogc/collections?limit=3", "/ogc?foo=bar",
                         "/ogc/collections/cells/items/1?bbox=0,0,1,1"] {
                let answer = try await server.send("GET", path)
                #expect(answer.status == 400, "\(path)")
                #expect(answer.isProblem, "\(path)")
                let name = String(path.split(separator: "?")[1].split(separator: "=")[0])
                #expect(answer.json["parameter"] == .string(name), "\(path)")
                #expect(answer.json["detail"]?.stringValue?.contains("'\(name)'") == true, "\(path)")
            }
            #expect(try await server.send("GET", "/ogc/collections/cells/items?f=html").status == 400)
            #expect(try await server.send("GET", "/ogc/collections/cells/items?bbox=0,0,1,1&bbox-crs=EPSG:3857").status == 400)
            for path in ["/ogc?f=json", "/ogc/collections/cells/items?f=geojson&limit=5&offset=0&datetime=2025-01-01&bbox=0,0,1,1"
                         + "&bbox-crs=http://www.opengis.net/def/crs/OGC/1.3/CRS84", "/ogc/conformance", "/ogc/api"] {
                #expect(try await server.send("GET", path).status == 200, "\(path)")
            }
        }
    }

    @Test func readsAreOpenToOtherOriginsAndWritesAreNot() async throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await LiveServer.with(db: try LiveServer.workspace(in: dir), isPublic: true) { server in
            let read = try await server.send("GET", "/ogc/collections", headers: ["Origin": "https://maps.example.org"])
            #expect(read.status == 200)
            #expect(read.header("Access-Control-Allow-Origin") == "*")
            let preflight = try await server.send("OPTIONS", "/ogc/collections/cells/items",
                                                  headers: ["Origin": "https://maps.example.org", "Access-Control-Request-Method": "GET"])
            #expect(preflight.status == 204)
            #expect(preflight.header("Access-Control-Allow-Origin") == "*")
            #expect(preflight.header("Access-Control-Allow-Methods")?.contains("GET") == true)
            #expect(preflight.header("Access-Control-Allow-Headers")?.lowercased().contains("authorization") == false)
            let writePreflight = try await server.send("OPTIONS", "/api/v1/scans",
                                                       headers: ["Origin": "https://maps.example.org", "Access-Control-Request-Method": "POST"])
            #expect(writePreflight.header("Access-Control-Allow-Origin") == nil)
            let write = try await server.send("POST", "/api/v1/scans", headers: ["Origin": "https://maps.example.org"], json: .object([]))
            #expect(write.status == 401)
            #expect(write.header("Access-Control-Allow-Origin") == nil)
        }
    }

    @Test func basicSignInGivesTheUsersRole() async throws {
        let world = try await ScannedCounty.shared.value
        try await LiveServer.with(db: world.db) { server in
            let anonymous = try await server.send("GET", "/ogc/collections/cells/items")
            #expect(anonymous.status == 401)
            #expect(anonymous.json["detail"]?.stringValue?.contains("HTTP Basic") == true, "the problem says how to sign in")
            #expect(anonymous.header("WWW-Authenticate")?.hasPrefix("Bearer") == true, "no Basic challenge: browsers would pop up a dialog")
            let viewer = try await server.basicUser(.viewer, name: "basic.viewer")
            let page = try await server.send("GET", "/ogc/collections/cells/items", headers: ["Authorization": viewer.header])
            #expect(page.status == 200)
            #expect(page.json["features"]?.arrayValue?.first?["properties"]?["head"] != nil, "signed in: people shown")
            // Twice more: the remembered check gives the same answer.
            #expect(try await server.send("GET", "/ogc/collections", headers: ["Authorization": viewer.header]).status == 200)
            let wrong = "Basic " + Data("basic.viewer:not-the-password".utf8).base64EncodedString()
            let refused = try await server.send("GET", "/ogc/collections/cells/items", headers: ["Authorization": wrong])
            #expect(refused.status == 401 && refused.isProblem)
            #expect(try await server.send("GET", "/ogc", headers: ["Authorization": "Basic !!!"]).status == 401)
            // The role counts as for tokens: a viewer may not start a scan.
            let scan = try await server.send("POST", "/api/v1/scans", headers: ["Authorization": viewer.header],
                                             json: .object([("before", "E1"), ("after", "E2")]))
            #expect(scan.status == 403)
            // Disabled: refused at once, though the password was checked before.
            try await Accounts(store: server.store).setDisabled(name: "basic.viewer", true)
            #expect(try await server.send("GET", "/ogc/collections", headers: ["Authorization": viewer.header]).status == 401)
        }
    }

    @Test func basicSignInNeedsTLSOffLoopback() {
        var config = ServerConfiguration(databasePath: "/nonexistent.db")
        config.host = "127.0.0.1"
        #expect(config.basicRefusal == nil)
        config.host = "0.0.0.0"
        #expect(config.basicRefusal?.contains("--tls-cert") == true)
        config.tls = TLSFiles(certificate: "c.pem", key: "k.pem")
        #expect(config.basicRefusal == nil)
        config.tls = nil
        config.allowBasicOverHTTP = true
        #expect(config.basicRefusal == nil)
    }
}
