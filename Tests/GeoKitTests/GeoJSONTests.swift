import Foundation
import GeoKit
import Testing

@Suite struct GeoJSONTests {
    private func text(_ data: Data) -> String { String(decoding: data, as: UTF8.self) }

    private func decodeError(_ json: String) -> String? {
        #expect(throws: GeoJSONError.self) { try GeoJSON.decode(Data(json.utf8)) }?.description
    }

    private func ring(_ points: [(Double, Double)]) -> [Coordinate] { points.map { Coordinate($0.0, $0.1) } }

    /// One feature of every kind the codec must carry unchanged: every geometry type, holes,
    /// a nested collection, no geometry, string and integer ids, every kind of property value.
    private var everyKindOfFeature: [Feature] {
        let square = Polygon(exterior: ring([(120, 30), (121, 30), (121, 31), (120, 31), (120, 30)]),
                             holes: [ring([(120.2, 30.2), (120.2, 30.4), (120.4, 30.4), (120.4, 30.2), (120.2, 30.2)])])
        let triangle = Polygon(exterior: ring([(-1.5, -1), (0.0000001, -1), (0, 2.25), (-1.5, -1)]))
        return [
            Feature(id: "A-1", geometry: .point(Coordinate(120.1234567, 30.5)), properties: [
                "名称": "西湖 \"景区\" \\ 一号", "count": 3, "area": 12.5, "whole": 3.0, "verified": true, "note": nil,
                "tags": .array(["红线", 1, 2.5, nil]), "meta": .object([("zone", "核心区"), ("levels", .array([]))]),
            ]),
            Feature(id: 7, geometry: .lineString(ring([(120, 30), (120.5, 30.25), (121, 31)])), properties: ["kind": "road"]),
            Feature(id: "hole", geometry: .polygon(square)),
            Feature(geometry: .multiPoint(ring([(1, 2), (-3.25, 4)]))),
            Feature(geometry: .multiLineString([ring([(0, 0), (1, 1)]), ring([(2, 2), (3, 3), (4, 2)])])),
            Feature(id: 8, geometry: .multiPolygon([square, triangle])),
            Feature(id: "gc", geometry: .geometryCollection([
                .point(Coordinate(1, 1)), .polygon(triangle), .geometryCollection([.lineString(ring([(0, 0), (5, 5)]))]),
            ])),
            Feature(id: "none", geometry: nil, properties: ["status": "待核查"]),
        ]
    }

    // MARK: Round trip

    @Test func encodeDecodeEncodeIsByteIdentical() throws {
        let features = everyKindOfFeature
        for pretty in [false, true] {
            let first = GeoJSON.encode(features, pretty: pretty)
            let decoded = try GeoJSON.decode(first)
            let second = GeoJSON.encode(decoded.features, pretty: pretty)
            #expect(second == first)
            #expect(decoded.features == features)
            #expect(decoded.legacyCRS == nil)
        }
    }

    @Test func featureMembersComeInRFCOrder() {
        let features = [
            Feature(id: "A-3", geometry: .point(Coordinate(120.5, 30)), properties: ["name": "一号"]),
            Feature(geometry: nil),
        ]
        let expected = #"{"type":"FeatureCollection","features":["#
            + #"{"type":"Feature","id":"A-3","geometry":{"type":"Point","coordinates":[120.5,30]},"properties":{"name":"一号"}},"#
            + #"{"type":"Feature","geometry":null,"properties":{}}]}"#
        #expect(text(GeoJSON.encode(features)) == expected)
    }

    @Test func prettyOutputKeepsEachPositionOnOneLine() {
        let line = Geometry.lineString(ring([(120, 30), (121.5, 31)]))
        let expected = """
        {
          "type": "LineString",
          "coordinates": [
            [120, 30],
            [121.5, 31]
          ]
        }
        """
        #expect(text(GeoJSON.encode(line, pretty: true)) == expected)
    }

    // MARK: RFC 7946 output

    @Test func exteriorRingsAreWrittenCounterClockwiseAndHolesClockwise() {
        let clockwise = ring([(0, 0), (0, 1), (1, 1), (1, 0), (0, 0)])
        let counterClockwiseHole = ring([(0.2, 0.2), (0.8, 0.2), (0.8, 0.8), (0.2, 0.8), (0.2, 0.2)])
        let polygon = Geometry.polygon(Polygon(exterior: clockwise, holes: [counterClockwiseHole]))
        let expected = #"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]],"#
            + #"[[0.2,0.2],[0.2,0.8],[0.8,0.8],[0.8,0.2],[0.2,0.2]]]}"#
        #expect(text(GeoJSON.encode(polygon)) == expected)
    }

    @Test func ringsAlreadyRightHandedAreLeftAsTheyAre() {
        let polygon = Geometry.polygon(Polygon(exterior: ring([(0, 0), (2, 0), (2, 2), (0, 0)]),
                                               holes: [ring([(1, 0.5), (1, 1), (1.5, 0.5), (1, 0.5)])]))
        let expected = #"{"type":"Polygon","coordinates":[[[0,0],[2,0],[2,2],[0,0]],[[1,0.5],[1,1],[1.5,0.5],[1,0.5]]]}"#
        #expect(text(GeoJSON.encode(polygon)) == expected)
    }

    @Test func coordinatesAreRoundedToSevenDecimalsWithoutTrailingZeros() {
        let points = Geometry.multiPoint(ring([(120.123456789, 30.5), (3.0, -0.00000001), (-179.99999996, 1e-7),
                                               (-0.1234567449, 89.99999999)]))
        let expected = #"{"type":"MultiPoint","coordinates":[[120.1234568,30.5],[3,0],[-180,0.0000001],[-0.1234567,90]]}"#
        #expect(text(GeoJSON.encode(points)) == expected)
    }

    @Test func bboxIsWrittenOnlyWhenAsked() throws {
        let features = [
            Feature(geometry: .point(Coordinate(120.5, 30))),
            Feature(geometry: .lineString(ring([(119, 31.25), (119.5, 32)]))),
            Feature(geometry: nil),
        ]
        #expect(!text(GeoJSON.encode(features)).contains("bbox"))
        let json = try JSONValue(parsing: text(GeoJSON.encode(features, bbox: true)))
        #expect(json["bbox"] == .array([119, 30, 120.5, 32]))
        let second = json["features"]?.arrayValue?[1]
        #expect(second?.objectValue?.map(\.key) == ["type", "bbox", "geometry", "properties"])
        #expect(second?["bbox"] == .array([119, 31.25, 119.5, 32]))
        #expect(json["features"]?.arrayValue?[2]["bbox"] == nil)
        let bare = try JSONValue(parsing: text(GeoJSON.encode(Geometry.point(Coordinate(1, 2)), bbox: true)))
        #expect(bare["bbox"] == .array([1, 2, 1, 2]))
    }

    @Test func outputHasNoCRSMember() throws {
        let legacy = #"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:4490"}},"#
            + #""features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[120,30]},"properties":null}]}"#
        let document = try GeoJSON.decode(Data(legacy.utf8))
        let output = text(GeoJSON.encode(document.features))
        #expect(!output.contains("crs"))
        #expect(output.contains(#""properties":{}"#))
    }

    // MARK: Reading

    @Test func singleFeatureAndBareGeometryBecomeFeatures() throws {
        let feature = #"{"type":"Feature","id":5,"properties":{"a":1},"geometry":{"coordinates":[1,2,99],"type":"Point"}}"#
        let one = try GeoJSON.decode(Data(feature.utf8)).features
        #expect(one == [Feature(id: 5, geometry: .point(Coordinate(1, 2)), properties: ["a": 1])])
        let bare = try GeoJSON.decode(Data(#"{"type":"LineString","coordinates":[[1,2,3],[4,5,6]]}"#.utf8)).features
        #expect(bare == [Feature(geometry: .lineString(ring([(1, 2), (4, 5)])))])
    }

    @Test func legacyWebMercatorIsReadAsLonLat() throws {
        let json = #"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3857"}},"#
            + #""features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[13358338.895192828,3503549.843504374]},"#
            + #""properties":{}}]}"#
        #expect(try GeoJSON.decode(Data(json.utf8)).legacyCRS == "urn:ogc:def:crs:EPSG::3857")
        let features = try GeoJSON.read(Data(json.utf8))
        guard case .point(let position)? = features.first?.geometry else {
            Issue.record("expected a point, got \(features)")
            return
        }
        #expect(abs(position.x - 120) < 1e-7)
        #expect(abs(position.y - 30) < 1e-7)
    }

    @Test func legacyLonLatCRSsLeaveCoordinatesAlone() throws {
        for crs in ["urn:ogc:def:crs:EPSG::4490", "EPSG:4326", "urn:ogc:def:crs:OGC:1.3:CRS84"] {
            let json = #"{"type":"Feature","crs":{"type":"name","properties":{"name":"\#(crs)"}},"#
                + #""geometry":{"type":"Point","coordinates":[120.1234567,30.7654321]},"properties":{}}"#
            let features = try GeoJSON.read(Data(json.utf8))
            #expect(features.first?.geometry == .point(Coordinate(120.1234567, 30.7654321)), "\(crs)")
        }
    }

    @Test func legacyEPSGAndLinkFormsAreUnderstood() throws {
        let forms = [
            (#"{"type":"EPSG","properties":{"code":4490}}"#, "EPSG:4490"),
            (#"{"type":"link","properties":{"href":"http://www.opengis.net/def/crs/EPSG/0/3857","type":"ogcwkt"}}"#, "EPSG:3857"),
            (#"{"type":"link","properties":{"href":"http://spatialreference.org/ref/epsg/32651/proj4/"}}"#, "EPSG:32651"),
        ]
        for (crs, expected) in forms {
            let json = #"{"type":"Point","coordinates":[1,2],"crs":\#(crs)}"#
            #expect(try GeoJSON.decode(Data(json.utf8)).legacyCRS == expected)
        }
        #expect(decodeError(#"{"type":"Point","coordinates":[1,2],"crs":{"type":"name","properties":{}}}"#)?
            .hasPrefix("crs.properties: crs member not understood") == true)
    }

    @Test func unknownLegacyCRSIsReported() {
        let json = #"{"type":"Point","coordinates":[1,2],"crs":{"type":"name","properties":{"name":"EPSG:999999"}}}"#
        let error = #expect(throws: GeoJSONError.self) { try GeoJSON.read(Data(json.utf8)) }
        #expect(error?.description.hasPrefix("crs: legacy crs 'EPSG:999999' is not a CRS PROJ knows") == true)
    }

    // MARK: Errors

    @Test func shortRingNamesTheFeatureAndItsId() {
        let good = #"{"type":"Feature","geometry":null,"properties":{}}"#
        let bad = #"{"type":"Feature","id":"A-3","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]},"properties":{}}"#
        let json = #"{"type":"FeatureCollection","features":["# + Array(repeating: good, count: 12).joined(separator: ",")
            + "," + bad + "]}"
        #expect(decodeError(json) == "feature 12 (id 'A-3'), geometry.coordinates[0]: Polygon ring has 3 positions, needs at least 4")
    }

    @Test func invalidGeometriesSayWhatAndWhere() {
        func feature(_ geometry: String) -> String {
            #"{"type":"FeatureCollection","features":[{"type":"Feature","id":9,"geometry":\#(geometry),"properties":{}}]}"#
        }
        #expect(decodeError(feature(#"{"type":"Polyline","coordinates":[[0,0],[1,1]]}"#))?
            .hasPrefix("feature 0 (id 9), geometry: unknown geometry type 'Polyline'") == true)
        #expect(decodeError(feature(#"{"type":"LineString","coordinates":[[0,0],["1",1]]}"#))
            == "feature 0 (id 9), geometry.coordinates[1][0]: coordinates must be numbers, found a string ('1')")
        #expect(decodeError(feature(#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}"#))?
            .hasPrefix("feature 0 (id 9), geometry.coordinates[0]: Polygon ring is not closed") == true)
        #expect(decodeError(feature(#"{"type":"MultiPoint","coordinates":[[0,0],[1]]}"#))
            == "feature 0 (id 9), geometry.coordinates[1]: position has 1 number, needs at least 2")
        #expect(decodeError(feature(#"{"type":"LineString","coordinates":[[0,0]]}"#))
            == "feature 0 (id 9), geometry.coordinates: LineString has 1 position, needs at least 2")
        #expect(decodeError(feature(#"{"type":"Point"}"#)) == "feature 0 (id 9), geometry: missing member 'coordinates'")
        #expect(decodeError(feature(#"{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":{}}]}"#))
            == "feature 0 (id 9), geometry.geometries[0].coordinates: expected a position [x, y], found an object")
    }

    @Test func invalidDocumentsSayWhatAndWhere() {
        #expect(decodeError("[]") == "expected a GeoJSON object, found an array")
        #expect(decodeError(#"{"features":[]}"#) == "missing member 'type'")
        #expect(decodeError(#"{"type":"Polyline"}"#)?.hasPrefix("unknown GeoJSON type 'Polyline'") == true)
        #expect(decodeError(#"{"type":"FeatureCollection","features":{}}"#) == "features: expected an array, found an object")
        #expect(decodeError(#"{"type":"FeatureCollection","features":[{"type":"Point","coordinates":[1,2]}]}"#)
            == "feature 0: expected type 'Feature', found 'Point'")
        #expect(decodeError(#"{"type":"Feature","geometry":null,"properties":[]}"#)
            == "feature 0, properties: expected an object or null, found an array")
    }

    @Test func malformedJSONIsReportedWithLineAndColumn() {
        let json = "{\"type\": \"FeatureCollection\",\n \"features\": [\n  {\"type\": \"Feature\" \"geometry\": null}]}"
        #expect(decodeError(json) == "malformed JSON at line 3, column 22: expected ',' or '}', found '\"'")
    }
}
