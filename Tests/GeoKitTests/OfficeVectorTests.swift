import Foundation
import GeoKit
import ShanshuiTestSupport
import Testing

/// Text encodings and the table and Shapefile forms offices open (GeoKit level).
@Suite("office vector files")
struct OfficeVectorTests {
    @Test func textIsUTF8ElseGB18030ElseRefusedNamingTheLine() throws {
        let utf8 = try DecodedText.decode(Array("a,b\n海陵区,1\n".utf8), source: "s.csv")
        #expect(utf8.encoding == .utf8)
        #expect(utf8.note(for: "s.csv") == nil)
        let gbk: [UInt8] = Array("a,b\n".utf8) + [0xBA, 0xA3, 0xC1, 0xEA, 0xC7, 0xF8] + Array(",1\n".utf8)  // 海陵区 in GBK
        let decoded = try DecodedText.decode(gbk, source: "s.csv")
        #expect(decoded.encoding == .gb18030)
        #expect(String(decoding: decoded.utf8, as: UTF8.self) == "a,b\n海陵区,1\n")
        #expect(decoded.note(for: "s.csv")?.contains("GB18030") == true)
        #expect(throws: TextEncodingError.self) { try DecodedText.decode(gbk, source: "s.csv", forcing: .utf8) }
        let neither: [UInt8] = Array("a,b\nx,1\ny,".utf8) + [0xFF, 0x30] + Array("\n".utf8)
        do {
            _ = try DecodedText.decode(neither, source: "s.csv")
            Issue.record("bytes in neither encoding were accepted")
        } catch let error as TextEncodingError {
            #expect(error.message.hasPrefix("s.csv, line 3:"), "\(error.message)")
        }
        #expect(try TextEncoding(parsing: "GBK") == .gb18030)
    }

    @Test func gbkCSVWithWKTIsReadAsChinese() throws {
        try Fixture.withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("区划.csv").path
            let gbk: [UInt8] = Array("WKT,code,name\n\"POINT (120 32.45)\",321202,".utf8) + [0xBA, 0xA3, 0xC1, 0xEA, 0xC7, 0xF8] + Array("\n".utf8)
            try Data(gbk).write(to: URL(fileURLWithPath: path))
            let source = try VectorSource(path: path)
            #expect(source.textEncoding == .gb18030)
            #expect(source.encodingNote?.contains("GB18030") == true)
            let layer = try source.layer()
            #expect(layer.name == "区划")
            let features = try layer.features(sourceCRS: .wgs84)
            #expect(features.first?.properties["name"]?.stringValue == "海陵区")
            try Data(Array("WKT,name\n\"POINT (120 32)\",".utf8) + [0xFF, 0xFF] + Array("\n".utf8)).write(to: URL(fileURLWithPath: path))
            #expect { try VectorSource(path: path) } throws: { "\($0)".contains("line 2") }
        }
    }

    @Test func shapefileGetsShortUniqueNamesAMappingAndDateFields() throws {
        try Fixture.withTemporaryDirectory { dir in
            let properties: Properties = [
                "number": "2026-000012", "transfer_department": "自然资源局", "transfer_receipt": "R-1",
                "transfer_date_extra": "x", "detected_on": "2026-06-28", "due_on": .null, "保护地名称很长很长": "溱湖",
            ]
            var second = properties
            second["due_on"] = "2026-09-30"
            let features = [properties, second].map { Feature(geometry: .point(Coordinate(120, 32.45)), properties: $0) }
            let path = dir.appendingPathComponent("cases.shp").path
            try VectorSink.write(features, to: path)
            let layer = try VectorSource(path: path).layer()
            let names = layer.fields.map(\.name)
            #expect(names.allSatisfy { $0.utf8.count <= 10 }, "\(names)")
            #expect(Set(names.map { $0.lowercased() }).count == names.count, "\(names)")
            let mapping = try String(contentsOfFile: dir.appendingPathComponent("cases.fields.csv").path, encoding: .utf8)
            let rows = mapping.split(whereSeparator: \.isNewline).dropFirst().map { $0.split(separator: ",").map(String.init) }
            let full = Dictionary(uniqueKeysWithValues: rows.map { ($0[0], $0[1]) })
            #expect(Set(full.keys) == Set(names))
            #expect(Set(full.values) == Set(properties.keys))
            #expect(full["transfer_d"] == "transfer_department")
            let types = Dictionary(uniqueKeysWithValues: layer.fields.map { (full[$0.name] ?? $0.name, $0.type) })
            #expect(types["detected_on"] == "Date")
            #expect(types["due_on"] == "Date")
            #expect(types["number"] == "String")
            var read: [String: JSONValue] = [:]
            try layer.forEachFeature { i, f in
                if i == 1 { for (k, v) in f.properties { read[full[k] ?? k] = v } }
            }
            #expect(read["transfer_receipt"]?.stringValue == "R-1")
            #expect(read["保护地名称很长很长"]?.stringValue == "溱湖")
            #expect(read["due_on"]?.stringValue?.hasPrefix("2026/09/30") == true || read["due_on"]?.stringValue?.hasPrefix("2026-09-30") == true,
                    "\(String(describing: read["due_on"]))")
        }
    }

    @Test func wktLongerThanAnExcelCellIsWarned() throws {
        try Fixture.withTemporaryDirectory { dir in
            let ring = (0...2000).map { i -> Coordinate in
                let a = Double(i) / 2000 * 2 * .pi
                return Coordinate(120 + 0.123456789 * cos(a), 32 + 0.123456789 * sin(a))
            }
            let feature = Feature(geometry: .polygon(Polygon(exterior: ring + [ring[0]])), properties: ["name": "大"])
            var options = VectorSink.Options()
            options.wkt = true
            let warnings = try VectorSink.write([feature], to: dir.appendingPathComponent("big.csv").path, options: options)
            #expect(warnings.count == 1)
            #expect(warnings.first?.contains("feature 0") == true)
            #expect(try VectorSink.write([feature], to: dir.appendingPathComponent("small.csv").path).isEmpty)
        }
    }
}
