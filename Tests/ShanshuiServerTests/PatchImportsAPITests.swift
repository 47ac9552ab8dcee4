import Foundation
import GeoKit
import Shanshui
import ShanshuiServer
import ShanshuiTestSupport
import Testing

/// `POST /api/v1/patch-imports`: analysts upload interpreted patches; they become routed cases.
@Suite("HTTP patch imports", .serialized)
struct PatchImportsAPITests {
    @Test func uploadedPatchesBecomeCasesOnceAndOnlyForAnalysts() async throws {
        let world = try await ScannedCounty.build(scan: false)
        defer { try? FileManager.default.removeItem(at: world.county.dir) }
        let c = SupervisedCounty.centre
        let upload = GeoJSON.encode([
            Feature(geometry: try SupervisedCounty.square(half: 60, at: Coordinate(c.x - 500, c.y + 500)), properties: ["TBBH": "A-1", "LX": "采矿"]),
            Feature(geometry: try SupervisedCounty.square(half: 60, at: Coordinate(c.x + 1200, c.y - 800)), properties: ["TBBH": "A-2", "LX": "道路"]),
        ])
        try await LiveServer.with(db: world.db, evidence: world.evidence) { server in
            let analyst = try await server.token(.analyst), officer = try await server.token(.officer)
            let path = "/api/v1/patch-imports?before=E1&after=E2&id_field=TBBH&activity_field=LX"
            #expect(try await server.send("POST", path, token: officer, body: Data(upload), contentType: "application/geo+json").status == 403)
            let first = try await server.send("POST", path, token: analyst, body: Data(upload), contentType: "application/geo+json")
            #expect(first.status == 201, "\(String(decoding: first.body, as: UTF8.self))")
            #expect(SchemaCheck.problems(first.json, Schema31.ref("PatchImport"), in: ShapeSchemaTests.components, at: "PatchImport").isEmpty)
            #expect(first.json["cases"] == 2 && first.json["unrouted"] == 0)
            let again = try await server.send("POST", path, token: analyst, body: Data(upload), contentType: "application/geo+json")
            #expect(again.status == 200 && again.json["unchanged"] == true && again.json["scan_id"] == first.json["scan_id"])
            let bad = try await server.send("POST", path.replacingOccurrences(of: "LX", with: "NOPE"), token: analyst, body: Data(upload),
                                            contentType: "application/geo+json")
            #expect(bad.status == 422 && bad.isProblem, "\(bad.status)")
            #expect(try await server.send("GET", "/api/v1/cases", token: officer).json["total"] == 2)
        }
    }
}
