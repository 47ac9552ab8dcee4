import Foundation
import GeoKit
import Shanshui
import ShanshuiServer
import ShanshuiTestSupport
import Testing

/// The OpenAPI document matches the routes, and bad input gets the right 4xx problem with
/// nothing stored.
@Suite("OpenAPI document and bad input")
struct OpenAPIAndInputTests {
    /// Routes the issue asks for, as (method, path).
    static let required: [(String, String)] = [
        ("get", "/healthz"), ("get", "/metrics"), ("get", "/api/v1/protected-areas"), ("post", "/api/v1/protected-areas"),
        ("get", "/api/v1/protected-areas/{id}"), ("get", "/api/v1/protected-areas/{id}/history"), ("get", "/api/v1/epochs"),
        ("post", "/api/v1/scans"), ("get", "/api/v1/scans/{id}"), ("get", "/api/v1/patches"), ("get", "/api/v1/cases"),
        ("get", "/api/v1/cases/{id}"), ("post", "/api/v1/cases/{id}/transitions"), ("get", "/api/v1/grid/cells"),
        ("get", "/api/v1/grid/lookup"), ("post", "/api/v1/grid/cells/{code}/assignments"), ("get", "/api/v1/grid/check"),
        ("get", "/api/v1/exports/{layer}"), ("get", "/ogc"), ("get", "/ogc/conformance"), ("get", "/ogc/collections"),
        ("get", "/ogc/collections/{collectionId}"), ("get", "/ogc/collections/{collectionId}/items"),
        ("get", "/ogc/collections/{collectionId}/items/{featureId}"), ("get", "/"),
    ]

    @Test func everyRouteIsInTheDocumentAndEveryDocumentedPathIsRouted() async throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await LiveServer.with(db: try LiveServer.workspace(in: dir)) { server in
            let admin = try await server.token(.admin)
            let document = try await server.send("GET", "/api/v1/openapi.json").json
            #expect(document["openapi"] == "3.1.0")
            let paths = document["paths"]?.objectValue ?? []
            for (method, path) in Self.required {
                #expect(paths.first { $0.key == path }?.value[method] != nil, "\(method.uppercased()) \(path) is not documented")
            }
            // Every documented operation reaches a handler: the router's own 404 never answers.
            for (path, operations) in paths {
                let concrete = path.replacingOccurrences(of: "{collectionId}", with: "cells").replacingOccurrences(of: "{file}", with: "leaflet.js")
                    .replacingOccurrences(of: "{layer}", with: "cells")
                    .split(separator: "/", omittingEmptySubsequences: false)
                    .map { $0.hasPrefix("{") ? "x" + $0.drop { $0 != "}" }.dropFirst() : String($0) }.joined(separator: "/")
                for (method, _) in operations.objectValue ?? [] {
                    let answer = try await server.send(method.uppercased(), concrete, token: admin, body: method == "get" ? nil : Data("{}".utf8))
                    let routerMiss = answer.status == 404 && answer.json["detail"] == "Not Found"
                    #expect(!routerMiss, "\(method.uppercased()) \(concrete) is documented but not routed")
                }
            }
            #expect(try await server.send("GET", "/api/v1/no-such-route", token: admin).status == 404)
        }
    }

    @Test func badInputGetsAProblemAndStoresNothing() async throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await LiveServer.with(db: try LiveServer.workspace(in: dir)) { server in
            let analyst = try await server.token(.analyst), admin = try await server.token(.admin)
            func expectProblem(_ a: LiveServer.Answer, _ status: Int, _ what: Comment) {
                #expect(a.status == status, what)
                #expect(a.isProblem, what)
            }
            expectProblem(try await server.send("POST", "/api/v1/scans", token: analyst, body: Data("{\"before\": ".utf8)), 400, "malformed JSON")
            expectProblem(try await server.send("POST", "/api/v1/scans", token: analyst, body: Data("[1]".utf8)), 400, "not an object")
            expectProblem(try await server.send("POST", "/api/v1/scans", token: analyst, json: .object([("before", 1), ("after", "E2")])), 400, "wrong type")
            expectProblem(try await server.send("POST", "/api/v1/scans", token: analyst, json: .object([("before", "E1"), ("after", "E2")])), 404, "unknown epoch")
            let huge = Data(("{\"before\": \"" + String(repeating: "x", count: 3 << 20) + "\"}").utf8)
            expectProblem(try await server.send("POST", "/api/v1/scans", token: analyst, body: huge), 413, "huge body")
            // An upload with an unclosed ring, then one that is not GeoJSON, then a good one with a bad kind.
            let unclosed = #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"A"},"geometry":{"type":"Polygon","coordinates":[[[120,32],[120.1,32],[120.1,32.1]]]}}]}"#
            expectProblem(try await server.send("POST", "/api/v1/protected-areas?kind=natural_park", token: analyst, body: Data(unclosed.utf8),
                                                contentType: "application/geo+json"), 400, "invalid geometry")
            expectProblem(try await server.send("POST", "/api/v1/protected-areas?kind=natural_park", token: analyst, body: Data("not json".utf8)),
                          400, "not GeoJSON")
            // A self-crossing scribble is refused by the repair limits, naming the feature; non-JSON numbers are 400.
            var random = SplitMix64(seed: 70)
            let scribble = (0..<2_500).map { _ in String(format: "[%.7f,%.7f]", 120 + random.unit() * 0.1, 32 + random.unit() * 0.1) }
            let crossing = #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"乱线"},"geometry":{"type":"Polygon","coordinates":[["#
                + (scribble + [scribble[0]]).joined(separator: ",") + "]]}}]}"
            let refused = try await server.send("POST", "/api/v1/protected-areas?kind=natural_park", token: analyst, body: Data(crossing.utf8),
                                                contentType: "application/geo+json")
            expectProblem(refused, 422, "self-crossing scribble")
            #expect(refused.json["detail"]?.stringValue?.contains("feature 0 ('乱线') has more than") == true)
            // Degrees declared as Web Mercator metres are refused naming the upload, never the server's temporary file.
            let mislabelled = #"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3857"}},"features":[{"type":"Feature","properties":{"name":"乙"},"geometry":{"type":"Polygon","coordinates":[[[120,32],[120.1,32],[120.1,32.1],[120,32]]]}}]}"#
            let misread = try await server.send("POST", "/api/v1/protected-areas?kind=natural_park", token: analyst, body: Data(mislabelled.utf8),
                                                contentType: "application/geo+json")
            expectProblem(misread, 422, "degrees under EPSG:3857")
            let misreadDetail = misread.json["detail"]?.stringValue ?? ""
            #expect(misreadDetail.contains("the upload"), "\(misreadDetail)")
            #expect(!misreadDetail.contains(FileManager.default.temporaryDirectory.path) && !misreadDetail.contains("shanshui-upload-"), "\(misreadDetail)")
            expectProblem(try await server.send("POST", "/api/v1/protected-areas?kind=natural_park", token: analyst,
                                                body: Data(#"{"type":"FeatureCollection","features":[],"x":.5}"#.utf8), contentType: "application/geo+json"),
                          400, "a non-JSON number")
            let good = #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"甲公园","code":"NP-1"},"geometry":{"type":"Polygon","coordinates":[[[120,32],[120.1,32],[120.1,32.1],[120,32],[120,32]]]}}]}"#
            expectProblem(try await server.send("POST", "/api/v1/protected-areas?kind=castle", token: analyst, body: Data(good.utf8)), 400, "bad kind")
            #expect(try await server.send("GET", "/api/v1/protected-areas", token: admin).json["areas"] == .array([]))
            // The same upload done right is stored.
            let imported = try await server.send("POST", "/api/v1/protected-areas?kind=natural_park&code_field=code&effective=2024-01-01",
                                                 token: analyst, body: Data(good.utf8), contentType: "application/geo+json")
            #expect(imported.status == 201)
            #expect(try await server.send("GET", "/api/v1/protected-areas", token: admin).json["areas"]?.arrayValue?.count == 1)
            #expect(try await server.send("GET", "/api/v1/protected-areas?as_of=2023-12-31", token: admin).json["areas"]?.arrayValue?.count == 0)
            #expect(try await server.send("GET", "/api/v1/protected-areas/NP-1/history", token: admin).json["versions"]?.arrayValue?.count == 1)
            expectProblem(try await server.send("GET", "/api/v1/protected-areas?as_of=yesterday", token: admin), 400, "bad day")
            expectProblem(try await server.send("GET", "/ogc/collections/nope/items", token: admin), 404, "unknown collection")
            expectProblem(try await server.send("GET", "/ogc/collections/cells/items?bbox=0,0,200,1", token: admin), 400, "bbox out of range")
            expectProblem(try await server.send("GET", "/ogc/collections/cells/items?bbox=a,b,c,d", token: admin), 400, "bbox not numbers")
            expectProblem(try await server.send("GET", "/ogc/collections/cells/items?limit=0", token: admin), 400, "limit 0")
            expectProblem(try await server.send("GET", "/api/v1/grid/lookup?lon=500&lat=1", token: admin), 400, "lon out of range")
            expectProblem(try await server.send("POST", "/api/v1/grid/cells/X/assignments", token: admin,
                                                json: .object([("unit", "u"), ("head", "no phone"), ("effective", "2024-01-01")])), 422, "bad person")
            #expect(try await server.store.cells().isEmpty)
        }
    }
}
