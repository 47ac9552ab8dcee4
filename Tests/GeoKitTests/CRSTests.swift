import Foundation
import Testing
@testable import GeoKit
import ShanshuiTestSupport

@Suite("CRS and transformations over PROJ")
struct CRSTests {
    @Test func resolvesCodesAndNames() throws {
        #expect(CRS.wgs84.epsg == 4326)
        #expect(CRS.wgs84.isGeographic)
        #expect(CRS.cgcs2000.epsg == 4490)
        let gk = try CRS(epsg: 4547)
        #expect(!gk.isGeographic)
        #expect(gk.name.contains("CGCS2000"))
        #expect(try CRS("urn:ogc:def:crs:EPSG::4490").epsg == 4490)
        #expect(try CRS("+proj=utm +zone=51 +datum=WGS84 +units=m +no_defs").epsg == 32651)
        #expect(try CRS(CRS(epsg: 32650).wkt).epsg == 32650)
    }

    @Test func unknownCRSThrowsPROJMessage() {
        #expect { try CRS("EPSG:999999") } throws: { "\($0)".contains("EPSG:999999") }
    }

    /// Expected value from PROJ's own tool: `echo "30.6 114.3" | cs2cs -f "%.6f" EPSG:4490 EPSG:4547`
    /// printed `3386666.250562 528770.237256` (northing, easting in EPSG axis order).
    @Test func cgcs2000ToGaussKrugerMatchesCs2cs() throws {
        let t = try Transformer(from: .cgcs2000, to: try CRS(epsg: 4547))
        let p = try t.transform(Coordinate(114.3, 30.6))
        #expect(abs(p.x - 528770.237256) < 0.001)
        #expect(abs(p.y - 3386666.250562) < 0.001)
        let back = try Transformer(from: try CRS(epsg: 4547), to: .cgcs2000).transform(p)
        #expect(abs(back.x - 114.3) < 1e-9)
        #expect(abs(back.y - 30.6) < 1e-9)
    }

    @Test func zoneHelpersPickTheRightCRS() throws {
        #expect(try CRS.utm(longitude: 119.9, latitude: 32.5).epsg == 32650)
        #expect(try CRS.utm(longitude: 120.1, latitude: 32.5).epsg == 32651)
        #expect(try CRS.utm(longitude: -105.7, latitude: 40.3).epsg == 32613)
        #expect(try CRS.gaussKruger3(longitude: 114.3).epsg == 4547)
        #expect(try CRS.gaussKruger3(longitude: 119.9).epsg == 4549)
        #expect(try CRS.gaussKruger6(longitude: 114.3).epsg == 4509)
    }

    @Test func aFileWithoutCRSIsToldWhichOneItsNumbersSuggest() {
        let lonLat = CRS.suggestion(forUnknownCRS: Envelope(minX: 119.9, minY: 32.4, maxX: 120.0, maxY: 32.5))
        #expect(lonLat.contains("EPSG:4490"))
        // Taizhou in 3-degree zone 40 (x = 40 500 000 ± …) and 6-degree zone 20 (x = 20 …): the zone names the CRS.
        let zone40 = CRS.suggestion(forUnknownCRS: Envelope(minX: 40_487_586, minY: 3_590_759, maxX: 40_496_642, maxY: 3_600_291))
        #expect(zone40.contains("zone 40") && zone40.contains("EPSG:4528"), "\(zone40)")
        let zone20 = CRS.suggestion(forUnknownCRS: Envelope(minX: 20_780_000, minY: 3_590_000, maxX: 20_790_000, maxY: 3_600_000))
        #expect(zone20.contains("zone 20") && zone20.contains("EPSG:4498"), "\(zone20)")
        let noZone = CRS.suggestion(forUnknownCRS: Envelope(minX: 487_586, minY: 3_590_759, maxX: 496_642, maxY: 3_600_291))
        #expect(noZone.contains("without the zone") && noZone.contains("central meridian"), "\(noZone)")
        // Numbers of no known kind get the plain request.
        #expect(CRS.suggestion(forUnknownCRS: Envelope(minX: -5e6, minY: -5e6, maxX: 5e6, maxY: 5e6)).contains("--source-crs EPSG:4490"))
    }

    @Test func batchTransformEqualsSingle() throws {
        let t = try Transformer(from: .wgs84, to: try CRS(epsg: 32650))
        let points = [Coordinate(116.3975, 39.9087), Coordinate(117, 40)]
        let batch = try t.transform(points)
        #expect(abs(batch[0].x - 448502.18195421493) < 1e-6)
        #expect(abs(batch[0].y - 4417797.609265686) < 1e-6)
        #expect(batch[1] == (try t.transform(points[1])))
    }

    @Test func rockyMountainAreaMatchesOfficialFigure() throws {
        let layer = try VectorSource(path: Fixture.path("rmnp/rmnp.shp")).layer()
        let park = try #require(try layer.features().first?.geometry)
        let km2 = park.geodesicArea / 1e6
        #expect(abs(km2 - 1079.8) / 1079.8 < 0.005)
        #expect(abs(km2 - 1077.6) < 1)
        // An equal-area check: the same polygon in its UTM zone measures within 0.1 %.
        let utm = try Transformer(from: .wgs84, to: try CRS.utm(longitude: -105.7, latitude: 40.3)).transform(park)
        #expect(abs(try utm.planarArea / 1e6 - km2) / km2 < 0.001)
    }

    @Test func areaAndPerimeterInOnePassMatchTheirOwnMeasures() throws {
        // The park's many-vertex ring, and a square with a hole beside a second square.
        let park = try #require(try VectorSource(path: Fixture.path("rmnp/rmnp.shp")).layer().features().first?.geometry)
        func square(_ x: Double, _ y: Double, _ half: Double) -> [Coordinate] {
            [Coordinate(x - half, y - half), Coordinate(x + half, y - half), Coordinate(x + half, y + half), Coordinate(x - half, y + half), Coordinate(x - half, y - half)]
        }
        let holed = Geometry.multiPolygon([Polygon(exterior: square(117, 40, 0.01), holes: [square(117, 40, 0.004).reversed()]),
                                           Polygon(exterior: square(117.05, 40, 0.002), holes: [])])
        for g in [park, holed] {
            let measures = g.geodesicAreaAndPerimeter
            #expect(abs(measures.area - g.geodesicArea) <= 1e-9 * g.geodesicArea)
            #expect(abs(measures.perimeter - g.geodesicLength) <= 1e-9 * g.geodesicLength)
        }
        #expect(holed.geodesicAreaAndPerimeter.area < Geometry.polygon(Polygon(exterior: square(117, 40, 0.01), holes: [])).geodesicArea)
    }
}
