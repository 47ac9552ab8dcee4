import Foundation
import GeoKit
import Shanshui
import ShanshuiServer
import ShanshuiTestSupport
import Testing

/// GDAL's OGC API - Features driver (what QGIS's OAPIF provider and `ogr2ogr` use) against a
/// live server that is not public, signed in with HTTP Basic as QGIS 3.22 does.
@Suite("GDAL OAPIF driver")
struct GDALOAPIFTests {
    @Test func gdalListsAndCountsEveryLayerWithBasicCredentials() async throws {
        let world = try await ScannedCounty.shared.value
        try await LiveServer.with(db: world.db) { server in
            let user = try await server.basicUser(.viewer, name: "gdal.viewer")
            let url = "OAPIF:\(server.base.absoluteString)/ogc"
            let basic = ["--config", "GDAL_HTTP_AUTH", "BASIC", "--config", "GDAL_HTTP_USERPWD", "\(user.name):\(user.password)"]
            // Without credentials the layers are not reachable.
            let anonymous = try await ExternalTool.run("ogrinfo", ["-ro", "-q", url])
            #expect(anonymous.status != 0 || !anonymous.stdout.contains("cells"), "\(anonymous.stdout)")
            let listing = try await ExternalTool.run("ogrinfo", ["-ro", "-q", url] + basic)
            #expect(listing.status == 0, "\(listing.stderr)")
            for layer in MapLayer.allCases {
                #expect(listing.stdout.contains(": \(layer.rawValue)"), "ogrinfo does not list \(layer.rawValue): \(listing.stdout)")
            }
            let box = try #require(try SupervisedCounty.square(half: 1200, at: Coordinate(SupervisedCounty.centre.x + 900, SupervisedCounty.centre.y + 700)).envelope)
            let bbox = [box.minX, box.minY, box.maxX, box.maxY].map { String($0) }
            for layer in MapLayer.allCases {
                let api = try await server.send("GET", "/ogc/collections/\(layer.rawValue)/items?limit=1", headers: ["Authorization": user.header])
                let matched = try #require(api.json["numberMatched"]?.intValue, "\(layer)")
                #expect(try await Self.count(url, layer.rawValue, basic) == Int(matched), "\(layer): GDAL and the API disagree")
                // GDAL tests each geometry against the box itself: its count must equal the API's.
                let boxed = try await server.send("GET", "/ogc/collections/\(layer.rawValue)/items?limit=1&bbox=\(bbox.joined(separator: ","))",
                                                  headers: ["Authorization": user.header])
                let inBox = try #require(boxed.json["numberMatched"]?.intValue, "\(layer)")
                #expect(try await Self.count(url, layer.rawValue, basic + ["-spat"] + bbox) == Int(inBox), "\(layer) in the box")
            }
        }
    }

    /// The features GDAL reads from a layer, by walking them all (not the server's numberMatched).
    static func count(_ url: String, _ layer: String, _ options: [String]) async throws -> Int {
        let run = try await ExternalTool.run("ogrinfo", ["-ro", "-geom=NO", url, layer] + options)
        #expect(run.status == 0, "\(layer): \(run.stderr)")
        return run.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("OGRFeature(") }.count
    }
}
