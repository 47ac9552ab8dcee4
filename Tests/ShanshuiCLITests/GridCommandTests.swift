import Foundation
import GeoKit
import ShanshuiTestSupport
import Testing

/// `shanshui grid ...` and `export cells` driven as a grid administrator would, on real files.
@Suite("shanshui grid")
struct GridCommandTests {
    typealias Workspace = ReservesCommandTests.Workspace

    /// A workspace holding Taizhou (city) and its districts, imported from GCJ-02 files as DataV/Amap give them.
    func withTaizhou(_ body: (Workspace) throws -> Void) throws {
        try Fixture.withTemporaryDirectory { dir in
            let ws = Workspace(dir: dir)
            #expect(try ws.run(["init"]).status == 0)
            try VectorSink.write([try GridScene.city(wgs84: false)], to: ws.file("city.geojson"))
            try VectorSink.write(try GridScene.districtFeatures(wgs84: false).map { f in
                var f = f
                f.properties["parent"] = nil  // the parent comes from the code prefix
                return f
            }, to: ws.file("districts.geojson"))
            #expect(try ws.run(["grid", "import", ws.file("city.geojson"), "--level", "city", "--code-field", "code", "--from-gcj02"]).status == 0)
            let run = try ws.run(["grid", "import", ws.file("districts.geojson"), "--level", "county", "--code-field", "code",
                                  "--name-field", "name", "--from-gcj02"])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.contains("6 created"))
            try body(ws)
        }
    }

    func json(_ result: ShanshuiCommand.Result) throws -> JSONValue {
        try JSONValue.parse(Array(result.stdout.utf8))
    }

    @Test func assignShowLookupAndExport() throws {
        try withTaizhou { ws in
            #expect(try ws.run(["grid", "generate", "--within", "321202", "--size", "2000", "--level", "village"]).status == 0)
            let assign = try ws.run(["grid", "assign", "321202", "--unit", "海陵区生态环境局", "--head", "张伟:13812345678",
                                     "--staff", "李娜:13912345678,赵强:0523-86880001", "--effective", "2024-01-01"])
            #expect(assign.status == 0, "\(assign.stderr)")
            let sheet = """
                cell_code,unit,head,staff
                321202000001,城东街道,王芳:13612345678,"刘洋:13712345678,陈静:13512345678"
                321202000002,城东街道,周杰:13412345678,"吴敏:13312345678,郑磊:0523-86880002"
                """
            try Data(sheet.utf8).write(to: URL(fileURLWithPath: ws.file("sheet.csv")))
            #expect(try ws.run(["grid", "assign", "--csv", ws.file("sheet.csv"), "--effective", "2025-01-01"]).status == 0)

            let show = try json(try ws.run(["grid", "show", "321202000001", "--as-of", "2025-02-01", "--json"]))
            let chain = try #require(show["chain"]?.arrayValue)
            #expect(chain.compactMap { $0["code"]?.stringValue } == ["321202000001", "321202", "321200"])
            #expect(chain[0]["assignment"]?["head"]?["name"]?.stringValue == "王芳")
            #expect(chain[1]["assignment"]?["unit"]?.stringValue == "海陵区生态环境局")
            let before = try json(try ws.run(["grid", "show", "321202000001", "--as-of", "2024-12-31", "--json"]))
            #expect(before["chain"]?.arrayValue?.first?["assignment"] == JSONValue.null)

            let lookup = try json(try ws.run(["grid", "lookup", "119.915", "32.49", "--json", "--as-of", "2025-02-01"]))
            #expect(lookup["chain"]?.arrayValue?.dropFirst().first?["code"]?.stringValue == "321202")

            try Data("id,lon,lat\n1,119.915,32.49\n2,100.0,30.0\n3,120.0,32.9\n".utf8).write(to: URL(fileURLWithPath: ws.file("points.csv")))
            #expect(try ws.run(["grid", "lookup", "--file", ws.file("points.csv"), "-o", ws.file("out.csv")]).status == 0)
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: ws.file("out.csv"))))
            #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]), "the CSV opens right in Excel")
            let rows = String(decoding: bytes.dropFirst(3), as: UTF8.self).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
            #expect(rows[0].prefix(4) == ["id", "lon", "lat", "cell_code"])
            #expect(rows[1][3].hasPrefix("321202"))
            #expect(rows[2][3] == "")
            #expect(rows[3][3] == "321281")  // 兴化市

            #expect(try ws.run(["export", "cells", "-o", ws.file("villages.geojson"), "--level", "village", "--as-of", "2025-02-01"]).status == 0)
            let exported = try GeoJSON.read([UInt8](try Data(contentsOf: URL(fileURLWithPath: ws.file("villages.geojson")))))
            #expect(exported.count > 50)
            #expect(exported[0].properties["unit"] == "城东街道")
            #expect(exported[0].properties["head"] == "王芳:13612345678")
            #expect(exported[2].properties["unit"] == JSONValue.null)
            #expect(try ws.run(["export", "cells", "-o", ws.file("cells.gpkg"), "--no-people"]).status == 0)
        }
    }

    @Test func cellsDeliveredAgainInAnotherCRSAreUnchanged() throws {
        try withTaizhou { ws in
            // The county cells as a survey office sends them back: CGCS2000 3° Gauss-Krüger (CM 120°E).
            #expect(try ws.run(["export", "cells", "-o", ws.file("counties.geojson"), "--level", "county"]).status == 0)
            let gk = try CRS(epsg: 4549)
            let toGK = try Transformer(from: .wgs84, to: gk)
            let counties = try VectorSource(path: ws.file("counties.geojson")).layer().features().map { f in
                Feature(geometry: try toGK.transform(f.geometry!), properties: ["code": f.properties["code"]!, "name": f.properties["name"]!])
            }
            try VectorSink.write(counties, to: ws.file("counties_gk.shp"), crs: gk)
            let again = try ws.run(["grid", "import", ws.file("counties_gk.shp"), "--level", "county", "--code-field", "code", "--name-field", "name"])
            #expect(again.status == 0, "\(again.stderr)")
            #expect(again.stdout.contains("0 created, 0 updated, 6 unchanged"), "\(again.stdout)")
            // A cell moved by a metre is a new outline.
            let moved = [Feature(geometry: counties[0].geometry!.mapCoordinates { Coordinate($0.x + 1, $0.y) }, properties: counties[0].properties)]
            try VectorSink.write(moved, to: ws.file("moved_gk.shp"), crs: gk)
            let update = try ws.run(["grid", "import", ws.file("moved_gk.shp"), "--level", "county", "--code-field", "code", "--name-field", "name"])
            #expect(update.stdout.contains("0 created, 1 updated, 0 unchanged"), "\(update.stdout)")
        }
    }

    @Test func checkGatesAndBadInputLeavesTheWorkspaceUnchanged() throws {
        try withTaizhou { ws in
            // Districts and city come from one source: no gaps or overlaps above a hectare.
            #expect(try ws.run(["grid", "check", "--no-assignments", "--tolerance", "10000"]).status == 0)
            let unassigned = try ws.run(["grid", "check", "--tolerance", "10000"])
            #expect(unassigned.status == 2)
            #expect(unassigned.stdout.contains("unassigned"))

            let history = try ws.run(["grid", "history", "321202"]).stdout
            let sheet = """
                cell_code,unit,head,staff
                321202,海陵区,张伟:13812345678,"李娜:13912345678,赵强:13712345678"
                321299,不存在,王芳:13612345678,"刘洋:13712345678,陈静:13512345678"
                """
            try Data(sheet.utf8).write(to: URL(fileURLWithPath: ws.file("bad.csv")))
            let bad = try ws.run(["grid", "assign", "--csv", ws.file("bad.csv"), "--effective", "2025-01-01"])
            #expect(bad.status == 1)
            #expect(bad.stderr.contains("row 2 (line 3): no grid cell with code '321299'"))
            #expect(try ws.run(["grid", "history", "321202"]).stdout == history)

            let phone = try ws.run(["grid", "assign", "321202", "--unit", "u", "--head", "张伟:138123", "--staff", "李娜:13912345678"])
            #expect(phone.status == 1)
            #expect(phone.stderr.contains("phone '138123' of 张伟: a mobile number has 11 digits"))
            let date = try ws.run(["grid", "assign", "321202", "--unit", "u", "--head", "张伟:13812345678", "--effective", "2025/01/01"])
            #expect(date.stderr.contains("use YYYY-MM-DD"))
            #expect(try ws.run(["grid", "history", "321202"]).stdout == history)
        }
    }
}
