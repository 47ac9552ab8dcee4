import Foundation
import GeoKit
import ShanshuiTestSupport
import Testing

@Suite("Vector sources and sinks over OGR")
struct VectorTests {
    static let square = Geometry.polygon(Polygon(exterior: [
        Coordinate(119.9, 32.4), Coordinate(120.0, 32.4), Coordinate(120.0, 32.5), Coordinate(119.9, 32.5), Coordinate(119.9, 32.4),
    ]))
    static let features = [
        Feature(geometry: square, properties: ["code": "R-001", "name": "溱湖湿地", "level": 2, "area_km2": 88.25]),
        Feature(geometry: try! square.buffer(-0.01), properties: ["code": "R-002", "name": "Quote \"q\"", "level": .null, "area_km2": 40.5]),
    ]

    @Test(arguments: ["out.gpkg", "out.shp", "out.csv", "out.geojson"])
    func writesAndReadsBack(file: String) throws {
        try Fixture.withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent(file).path
            var options = VectorSink.Options()
            options.wkt = true  // CSV: shapes round-trip only as WKT (the default is a lon/lat point)
            try VectorSink.write(Self.features, to: path, options: options)
            let layer = try VectorSource(path: path).layer()
            let back = try layer.features(sourceCRS: file.hasSuffix(".csv") ? .wgs84 : nil)
            #expect(back.count == 2)
            #expect(back[0].properties["name"] == "溱湖湿地")
            #expect(back[0].properties["code"] == "R-001")
            #expect(back[1].properties["area_km2"]?.doubleValue == 40.5)
            let area = try #require(back[0].geometry).geodesicArea
            #expect(abs(area - Self.square.geodesicArea) / area < 1e-6)
            if !file.hasSuffix(".csv") { #expect(layer.crs?.epsg == 4326) }
            // No staging folder is left beside the output.
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".") }
            #expect(leftovers.isEmpty)
        }
    }

    @Test func unknownExtensionIsRefusedAndNothingWritten() throws {
        try Fixture.withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("out.xyz").path
            #expect { try VectorSink.write(Self.features, to: path) } throws: { "\($0)".contains(".geojson, .gpkg") }
            let remaining = try FileManager.default.contentsOfDirectory(atPath: dir.path)
            #expect(remaining.isEmpty)
        }
    }

    @Test func readsZippedShapefile() throws {
        try Fixture.withTemporaryDirectory { dir in
            // GDAL's Shapefile driver writes a zipped shapefile when the name ends in .shp.zip.
            let zip = dir.appendingPathComponent("parks.shp.zip").path
            let source = try VectorSource(path: Fixture.path("rmnp/rmnp.shp"))
            let features = try source.layer().features()
            try VectorSink.write(features, to: zip)
            let layer = try VectorSource(path: zip).layer()
            #expect(layer.featureCount == 1)
            #expect(layer.crs?.epsg == 4326)
            let park = try #require(try layer.features().first?.geometry)
            #expect(abs(park.geodesicArea / 1e6 - 1077.6) < 1)
        }
    }

    @Test func readsCSVWithLonLatAndWithWKT() throws {
        try Fixture.withTemporaryDirectory { dir in
            let points = dir.appendingPathComponent("points.csv")
            try Data("id,lon,lat,name\n1,119.92,32.45,甲\n2,120.01,32.50,乙\n".utf8).write(to: points)
            let p = try VectorSource(path: points.path).layer().features(sourceCRS: .wgs84)
            #expect(p.count == 2)
            #expect(p[1].geometry == .point(Coordinate(120.01, 32.5)))
            #expect(p[0].properties["name"] == "甲")
            let shapes = dir.appendingPathComponent("shapes.csv")
            try Data("WKT,code\n\"POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))\",A\n".utf8).write(to: shapes)
            let s = try VectorSource(path: shapes.path).layer().features(sourceCRS: .wgs84)
            #expect(s.first?.geometry?.isPolygonal == true)
            #expect(s.first?.properties["code"] == "A")
        }
    }

    @Test func csvWithoutCRSAsksForOne() throws {
        try Fixture.withTemporaryDirectory { dir in
            let points = dir.appendingPathComponent("points.csv")
            try Data("lon,lat\n119.92,32.45\n".utf8).write(to: points)
            #expect { try VectorSource(path: points.path).layer().features() } throws: {
                "\($0)".contains("declares no CRS") && "\($0)".contains("--source-crs")
            }
        }
    }

    @Test func readsKML() throws {
        try Fixture.withTemporaryDirectory { dir in
            let kml = dir.appendingPathComponent("zone.kml")
            try Data("""
                <?xml version="1.0" encoding="UTF-8"?>
                <kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>核心区</name>
                <Polygon><outerBoundaryIs><LinearRing><coordinates>
                119.9,32.4 120.0,32.4 120.0,32.5 119.9,32.5 119.9,32.4
                </coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></Document></kml>
                """.utf8).write(to: kml)
            let f = try VectorSource(path: kml.path).layer().features()
            #expect(f.count == 1)
            #expect(f[0].properties["Name"] == "核心区")
            #expect(abs(try #require(f[0].geometry).geodesicArea - Self.square.geodesicArea) < 1)
        }
    }

    @Test func gaussKrugerShapefileComesBackAsLonLat() throws {
        try Fixture.withTemporaryDirectory { dir in
            let gk = try CRS(epsg: 4549)
            let projected = try Transformer(from: .wgs84, to: gk).transform(Self.square)
            let path = dir.appendingPathComponent("gk.shp").path
            try VectorSink.write([Feature(geometry: projected, properties: ["code": "GK"])], to: path, crs: gk)
            let layer = try VectorSource(path: path).layer()
            #expect(layer.crs?.epsg == 4549)
            let back = try #require(try layer.features().first?.geometry)
            guard case .polygon(let p) = back.polygons.count == 1 ? Geometry.polygon(back.polygons[0]) : back else {
                Issue.record("not a polygon")
                return
            }
            #expect(abs(p.exterior[0].x - 119.9) < 1e-8 || p.exterior.contains { abs($0.x - 119.9) < 1e-8 })
            #expect(abs(back.geodesicArea - Self.square.geodesicArea) / Self.square.geodesicArea < 1e-6)
        }
    }

    @Test func aFeatureOutsideTheExtentItsFileDeclaresIsRefused() throws {
        try Fixture.withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("edited.shp").path
            try VectorSink.write([Feature(geometry: Self.square, properties: ["code": "A"])], to: path, crs: .wgs84)
            #expect(try VectorSource(path: path).layer().features().count == 1, "the file as written reads")
            // Shrink the headers' bounding box (.shp and .shx bytes 36-67: xmin, ymin, xmax, ymax) as a careless editor would.
            for file in [path, String(path.dropLast(4)) + ".shx"] {
                var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
                for (i, v) in [119.9, 32.4, 119.95, 32.45].enumerated() {
                    withUnsafeBytes(of: v.bitPattern.littleEndian) { for (k, b) in $0.enumerated() { bytes[36 + 8 * i + k] = b } }
                }
                try Data(bytes).write(to: URL(fileURLWithPath: file))
            }
            #expect { try VectorSource(path: path).layer().features() } throws: { "\($0)".contains("feature 0") && "\($0)".contains("outside the extent the file declares") }
        }
    }

    @Test func layerNotFoundListsTheLayers() throws {
        let source = try VectorSource(path: Fixture.path("rmnp/rmnp.shp"))
        #expect { try source.layer("parks") } throws: { "\($0)".contains("layers: rmnp") }
    }
}
