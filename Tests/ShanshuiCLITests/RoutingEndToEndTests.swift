import Foundation
import GeoKit
import Shanshui
import ShanshuiTestSupport
import Testing

/// Routing through the command line, in the order a new user works: load the grid, scan,
/// find that nobody answers, load the sheet, and see every case go to the people now responsible.
@Suite("routing end to end", .serialized)
struct RoutingEndToEndTests {
    static let quadrants = SupervisedCounty.quadrants

    /// The supervised county with cells but no assignments, both epochs registered.
    static func unassignedWorld(in dir: URL, db: String? = nil) throws -> (CLIWorkspace, SupervisedCounty) {
        let county = try SupervisedCounty.write(in: dir)
        let ws = CLIWorkspace(dir: dir, db: db)
        try ws.loadReserveAndGrid(villages: [])
        try ws.run(["epochs", "add", "E1", ws.path("before.tif"), "--date", "2025-12-20", "--bands", "blue=1,green=2,red=3,nir=4"])
        try ws.run(["epochs", "add", "E2", ws.path("after.tif"), "--date", "2026-06-20", "--bands", "blue=1,green=2,red=3,nir=4"])
        return (ws, county)
    }

    /// The sheet making each village's people responsible from `effective`.
    static func sheet(_ ws: CLIWorkspace, effective: String, heads: [String]? = nil) throws -> String {
        var lines = ["cell_code,unit,head,staff,effective"]
        for (i, q) in quadrants.enumerated() {
            lines.append("\(q.code),\(q.name)村委会,\(heads?[i] ?? q.head),\"\(SupervisedCounty.staff)\",\(effective)")
        }
        let path = ws.path("sheet-\(effective).csv")
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func casesWithNobodyResponsibleAreNamedRefusedThenRoutedWhenTheSheetIsLoaded() throws {
        try Fixture.withTemporaryDirectory { dir in
            let (ws, _) = try Self.unassignedWorld(in: dir)
            let scan = try ws.run(["scan", "E1", "E2", "--buffer", "200", "--quiet"])
            let cases = try ws.cases()
            #expect(!cases.isEmpty)
            #expect(scan.stdout.contains("\(cases.count) case(s) have nobody to route to"), "\(scan.stdout)")
            let cells = Set(cases.compactMap { $0["village_code"]?.stringValue })
            for cell in cells { #expect(scan.stdout.contains(cell), "the summary names cell \(cell)") }
            let unrouted = try JSONValue.parse(Array(try ws.run(["cases", "list", "--unrouted", "--json"]).stdout.utf8)).arrayValue ?? []
            #expect(unrouted.count == cases.count)

            let number = try #require(cases.first?["number"]?.stringValue)
            let cell = try #require(cases.first?["village_code"]?.stringValue)
            let refused = try ws.run(["cases", "dispatch", number, "--by", "区局"], expectSuccess: false)
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("cell \(cell)") && refused.stderr.contains("shanshui grid assign \(cell)"), "\(refused.stderr)")

            // The sheet of this year, loaded after the scan of older imagery: every case is routed now.
            let loaded = try ws.run(["grid", "assign", "--csv", try Self.sheet(ws, effective: "2026-07-01")])
            #expect(loaded.stdout.contains("\(cases.count) open case(s) routed"), "\(loaded.stdout)")
            let routed = try ws.cases()
            for c in routed {
                #expect(c["routed"] == true)
                let village = try #require(c["village_code"]?.stringValue)
                #expect(c["routed_head"]?.stringValue == Self.quadrants.first { $0.code == village }?.head)
                #expect(c["head"] == .null, "the detection day's record keeps nobody: the sheet starts later")
            }
            #expect(try ws.run(["cases", "list", "--unrouted"]).stdout.contains("\n0 case(s)"))
            #expect(try ws.run(["cases", "dispatch", number, "--by", "区局"]).status == 0)
            #expect(try ws.run(["cases", "show", number]).stdout.contains("reroute"))

            // The same sheet again changes nothing and says so.
            let again = try ws.run(["grid", "assign", "--csv", try Self.sheet(ws, effective: "2026-07-01")])
            #expect(again.stdout.contains("nothing changed"), "\(again.stdout)")
            #expect(!again.stdout.contains("routed to the people"))
        }
    }

    @Test func aFirstImportWithoutADateIsInForceFromAnUnknownStartAndOldImageryScans() throws {
        try Fixture.withTemporaryDirectory { dir in
            _ = try SupervisedCounty.write(in: dir)
            let ws = CLIWorkspace(dir: dir)
            try ws.run(["init"])
            try ws.run(["reserves", "import", ws.path("reserve.geojson"), "--code-field", "code", "--zone-field", "zone", "--kind", "national_nature_reserve"])
            let listed = try ws.run(["reserves", "list", "--as-of", "2001-06-30"]).stdout
            #expect(listed.contains("NR-T") && listed.contains("unknown start"), "\(listed)")
            try ws.run(["epochs", "add", "E1", ws.path("before.tif"), "--date", "2000-12-20", "--bands", "blue=1,green=2,red=3,nir=4"])
            try ws.run(["epochs", "add", "E2", ws.path("after.tif"), "--date", "2001-06-20", "--bands", "blue=1,green=2,red=3,nir=4"])
            #expect(try ws.run(["scan", "E1", "E2", "--quiet"]).stdout.contains("finished"))
        }
    }

    @Test func aCaseRecordsTheDetectionDaysPeopleAndGoesToTodays() throws {
        try Fixture.withTemporaryDirectory { dir in
            let (ws, _) = try Self.unassignedWorld(in: dir)
            try ws.run(["grid", "assign", "--csv", try Self.sheet(ws, effective: "2020-01-01")])
            let newHeads = Self.quadrants.indices.map { "新\($0):1370000000\($0)" }
            try ws.run(["grid", "assign", "--csv", try Self.sheet(ws, effective: "2026-07-01", heads: newHeads)])
            let scan = try ws.run(["scan", "E1", "E2", "--buffer", "200", "--quiet"])
            #expect(scan.stdout.contains("every one routed to a grid head"), "\(scan.stdout)")
            let cases = try ws.cases()
            #expect(!cases.isEmpty)
            for c in cases {
                let i = try #require(Self.quadrants.firstIndex { $0.code == c["village_code"]?.stringValue })
                #expect(c["head"]?.stringValue == Self.quadrants[i].head, "on the detection day (2026-06-20)")
                #expect(c["routed_head"]?.stringValue == newHeads[i], "today")
            }
        }
    }
}
