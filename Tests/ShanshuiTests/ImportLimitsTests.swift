import Foundation
import GeoKit
import Shanshui
import ShanshuiTestSupport
import Testing

/// Hostile boundary files: what they would cost is priced first and refused with a line naming
/// the feature and the limit; strict JSON and a known `crs` before GDAL reads a GeoJSON file.
@Suite struct ImportLimitsTests {
    func options() -> RegistryImportOptions {
        var o = RegistryImportOptions()
        o.kind = .ecologicalRedLine
        o.nameField = "name"
        return o
    }

    func write(_ text: String, _ dir: URL, _ name: String = "in.geojson") throws -> String {
        let url = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    func polygonFile(_ ring: [Coordinate], properties: String = #""name":"红线一""#) -> String {
        let coordinates = (ring + [ring[0]]).map { String(format: "[%.7f,%.7f]", $0.x, $0.y) }.joined(separator: ",")
        return #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{\#(properties)},"geometry":{"type":"Polygon","coordinates":[[\#(coordinates)]]}}]}"#
    }

    @Test func aSelfCrossingScribbleIsRefusedNamingTheFeatureAndTheLimit() throws {
        // ~70 KB: 2,500 vertices thrown about a small box, hundreds of thousands of crossings.
        var random = SplitMix64(seed: 7)
        let ring = (0..<2_500).map { _ in Coordinate(119.9 + random.unit() * 0.1, 32.4 + random.unit() * 0.1) }
        try Fixture.withTemporaryDirectory { dir in
            let path = try write(polygonFile(ring), dir)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)).count > 60_000)
            let error = #expect(throws: DomainError.self) { try RegistryImport.read(path, options: options()) }
            let message = error.map { "\($0)" } ?? ""
            #expect(message.contains("feature 0 ('红线一')"), "\(message)")
            #expect(message.contains("self-intersections") && message.contains("SHANSHUI_REPAIR_MAX_CROSSINGS"), "\(message)")
        }
    }

    @Test func aBowtieIsStillRepairedWithAWarning() throws {
        let ring = [Coordinate(119.9, 32.4), Coordinate(120.0, 32.5), Coordinate(120.0, 32.4), Coordinate(119.9, 32.5)]
        try Fixture.withTemporaryDirectory { dir in
            let plan = try RegistryImport.read(try write(polygonFile(ring), dir), options: options())
            #expect(plan.areas.count == 1)
            #expect(plan.warnings.contains { $0.contains("repaired with MakeValid") })
        }
    }

    @Test func sizeLimitsNameThemselves() throws {
        let square = Geometry.polygon(Polygon(exterior: [Coordinate(0, 0), Coordinate(1, 0), Coordinate(1, 1), Coordinate(0, 1), Coordinate(0, 0)]))
        let vertices = #expect(throws: RepairLimitError.self) { try square.checkSize(RepairLimits(maxVertices: 4)) }
        #expect(vertices?.limit == "vertices" && vertices?.variable == "SHANSHUI_REPAIR_MAX_VERTICES")
        let parts = Geometry.multiPolygon(Array(repeating: square.polygons[0], count: 3))
        #expect(throws: RepairLimitError.self) { try parts.checkSize(RepairLimits(maxParts: 2)) }
        // A pentagram crosses itself five times.
        let star = (0..<5).map { k in
            let angle = Double(k * 2 % 5) * 2 * Double.pi / 5
            return Coordinate(cos(angle), sin(angle))
        }
        let pentagram = Geometry.polygon(Polygon(exterior: star + [star[0]]))
        #expect(throws: Never.self) { try pentagram.checkRepairable(RepairLimits(maxSelfIntersections: 5)) }
        #expect(throws: RepairLimitError.self) { try pentagram.checkRepairable(RepairLimits(maxSelfIntersections: 4)) }
        #expect(throws: Never.self) { try square.checkRepairable(RepairLimits(maxSelfIntersections: 0)) }
    }

    @Test func manyPropertiesAreReadWholeAndTooManyRefusedBeforeGDALReadsThem() throws {
        let ring = [Coordinate(119.9, 32.4), Coordinate(120.0, 32.4), Coordinate(120.0, 32.5), Coordinate(119.9, 32.5)]
        func properties(_ n: Int) -> String { #""name":"红线一","# + (0..<n).map { #""p\#($0)":\#($0)"# }.joined(separator: ",") }
        try Fixture.withTemporaryDirectory { dir in
            let path = try write(polygonFile(ring, properties: properties(2_000)), dir)
            let features = try VectorSource(path: path).layer().features()
            #expect(features.first?.properties.keys.count == 2_001)
            #expect(features.first?.properties["p1999"] == .int(1_999))
            #expect(try RegistryImport.read(path, options: options()).areas.count == 1)
            // 100,000 properties: GDAL would take minutes; refused after one strict pass.
            let wide = try write(polygonFile(ring, properties: properties(100_000)), dir, "wide.geojson")
            let error = #expect(throws: GDALError.self) { try RegistryImport.read(wide, options: options()) }
            #expect(error?.message.contains("100001 members, more than the 10000 accepted") == true, "\(String(describing: error))")
        }
    }

    @Test func geoJSONFilesAreReadAsStrictJSONWithAKnownCRS() throws {
        let good = polygonFile([Coordinate(119.9, 32.4), Coordinate(120.0, 32.4), Coordinate(120.0, 32.5)])
        try Fixture.withTemporaryDirectory { dir in
            #expect(try RegistryImport.read(try write(good, dir), options: options()).areas.count == 1)
            let cases: [(String, String)] = [
                (good.replacingOccurrences(of: "[119.9000000,", with: "[0119.9,"), "leading 0"),
                (good.replacingOccurrences(of: "32.5000000]", with: ".5]"), "line 1"),
                (good.replacingOccurrences(of: "\"type\":\"FeatureCollection\"",
                                           with: #""type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:999999"}}"#), "EPSG:999999"),
                (good.replacingOccurrences(of: "\"type\":\"FeatureCollection\"", with: #""type":"FeatureCollection","crs":"WGS84""#), "crs"),
            ]
            for (text, expected) in cases {
                let path = try write(text, dir, "bad.geojson")
                let error = #expect(throws: (any Error).self) { try RegistryImport.read(path, options: options()) }
                #expect("\(error.map { "\($0)" } ?? "")".contains(expected), "\(String(describing: error))")
            }
            var bytes = Array(good.utf8)
            bytes[bytes.firstRange(of: Array("红".utf8))!.lowerBound] = 0xFF
            let url = dir.appendingPathComponent("utf8.geojson")
            try Data(bytes).write(to: url)
            #expect(throws: (any Error).self) { try RegistryImport.read(url.path, options: options()) }
        }
    }
}
