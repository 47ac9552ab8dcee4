import Foundation
import GeoKit
import Shanshui
import ShanshuiTestSupport
import Testing

/// `shanshui patches import` on real imagery: interpreted patches become routed cases with chips.
@Suite("patch import end to end", .serialized)
struct PatchImportEndToEndTests {
    @Test func interpretedPatchesBecomeRoutedCasesWithChipsAndTheSameFileTwiceChangesNothing() throws {
        try Fixture.withTemporaryDirectory { dir in
            let (ws, _) = try RoutingEndToEndTests.unassignedWorld(in: dir)
            let utm = SupervisedCounty.utm, c = SupervisedCounty.centre
            let back = try Transformer(from: .wgs84, to: utm)
            let rows: [(String, String, Double, Double)] = [("TB-1", "露天采矿", -500, 500), ("TB-2", "光伏电站建设", 1200, -800)]
            try VectorSink.write(try rows.map { r in
                Feature(geometry: try back.transform(try SupervisedCounty.square(half: 60, at: Coordinate(c.x + r.2, c.y + r.3))),
                        properties: ["图斑编号": .string(r.0), "类型": .string(r.1)])
            }, to: ws.path("tb.gpkg"), crs: utm)
            let args = ["patches", "import", ws.path("tb.gpkg"), "--before", "E1", "--after", "E2", "--id-field", "图斑编号",
                        "--activity-field", "类型", "--source", "国家卫星应用中心"]
            let first = try ws.run(args)
            #expect(first.stdout.contains("2 patch(es) read") && first.stdout.contains("2 new case(s) flagged"), "\(first.stdout) \(first.stderr)")
            // No sheet loaded yet: the summary counts the cases with nobody to route to and names their cells.
            #expect(first.stdout.contains("2 case(s) have nobody to route to"), "\(first.stdout)")
            for cell in Set(try ws.cases().compactMap { $0["village_code"]?.stringValue }) {
                #expect(first.stdout.contains(cell), "the summary names cell \(cell): \(first.stdout)")
            }
            try ws.run(["grid", "assign", "--csv", try RoutingEndToEndTests.sheet(ws, effective: "2020-01-01")])
            let cases = try ws.cases()
            #expect(Set(cases.compactMap { $0["activity"]?.stringValue }) == ["mining", "construction"])
            #expect(cases.allSatisfy { $0["routed"] == true && $0["routed_head"] != .null })
            let number = try #require(cases.first?["number"]?.stringValue)
            #expect(try ws.run(["cases", "evidence", number, "-o", ws.path("chips")]).stdout.contains("-true.png"))
            let again = try ws.run(args)
            #expect(again.stdout.contains("nothing changed: scan 1 already holds"), "\(again.stdout)")
            #expect(try ws.cases().count == 2)
            // A detection scan of the same epochs is not refused because of the import.
            #expect(try ws.run(["scan", "E1", "E2", "--buffer", "200", "--quiet"]).status == 0)
        }
    }
}
