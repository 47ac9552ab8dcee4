import Foundation
import GeoKit
import Shanshui
import ShanshuiTestSupport
import Testing

/// Damage seen again, through the command line and real scans: the same epochs twice are
/// refused, `--rescan` replaces without doubling, a closed case recurs, a false positive is sighted.
@Suite("re-detection end to end", .serialized)
struct RedetectionEndToEndTests {
    static func world(in dir: URL) throws -> CLIWorkspace {
        let (ws, _) = try RoutingEndToEndTests.unassignedWorld(in: dir)
        try ws.run(["grid", "assign", "--csv", try RoutingEndToEndTests.sheet(ws, effective: "2020-01-01")])
        return ws
    }

    func patchCount(_ ws: CLIWorkspace) throws -> Int {
        let out = ws.path(UUID().uuidString + ".geojson")
        try ws.run(["export", "patches", "-o", out])
        return try GeoJSON.read(Data(contentsOf: URL(fileURLWithPath: out))).count
    }

    @Test func theSameEpochsTwiceAreRefusedAndARescanReplacesWithoutDoubling() throws {
        try Fixture.withTemporaryDirectory { dir in
            let ws = try Self.world(in: dir)
            try ws.run(["scan", "E1", "E2", "--buffer", "200", "--quiet"])
            let cases = try ws.cases(), patches = try patchCount(ws)
            #expect(cases.count >= 3)
            let again = try ws.run(["scan", "E1", "E2", "--buffer", "200", "--quiet"], expectSuccess: false)
            #expect(again.status != 0)
            #expect(again.stderr.contains("already scanned over these protected areas in scan 1") && again.stderr.contains("--rescan"), "\(again.stderr)")

            let worked = try #require(cases.last?["number"]?.stringValue)
            try ws.run(["cases", "dispatch", worked, "--by", "区局"])
            let rescan = try ws.run(["scan", "E1", "E2", "--buffer", "200", "--quiet", "--rescan"])
            #expect(rescan.stdout.contains("scan 2"))
            let resumed = try ws.run(["scan", "--resume", "1"], expectSuccess: false)
            #expect(resumed.status != 0 && resumed.stderr.contains("scan 1 was replaced by scan 2"), "a replaced scan is never resumed: \(resumed.stderr)")
            #expect(try patchCount(ws) == patches, "the rescan's patches replace scan 1's")
            let after = try ws.cases()
            #expect(after.count == cases.count, "no case twice")
            let kept = try #require(after.first { $0["number"]?.stringValue == worked })
            #expect(kept["status"] == "dispatched")
            #expect(after.filter { $0["number"]?.stringValue != worked }.allSatisfy { c in !cases.contains { $0["number"] == c["number"] } },
                    "untouched cases are replaced by the rescan's")
        }
    }

    @Test func aClosedCaseRecursAndAFalsePositiveIsOnlySighted() throws {
        try Fixture.withTemporaryDirectory { dir in
            let ws = try Self.world(in: dir)
            try ws.run(["scan", "E1", "E2", "--buffer", "200", "--quiet"])
            let cases = try ws.cases()
            let numbers = cases.compactMap { $0["number"]?.stringValue }.sorted()
            #expect(numbers.count >= 3)
            let (rectified, dismissed) = (numbers[0], numbers[1])
            for step in [["dispatch"], ["verify", "--verdict", "confirmed"], ["rectify", "--plan", "复绿", "--due", "2099-12-31"],
                         ["progress", "--percent", "100", "--note", "已复绿"], ["accept"], ["close"]] {
                try ws.run(["cases", step[0], rectified, "--by", "区局"] + step.dropFirst())
            }
            for step in [["dispatch"], ["verify", "--verdict", "false_positive", "--reason", "seasonal_vegetation"], ["close"]] {
                try ws.run(["cases", step[0], dismissed, "--by", "区局"] + step.dropFirst())
            }
            // Half a year later the same damage is there again.
            try FileManager.default.copyItem(atPath: ws.path("after.tif"), toPath: ws.path("later.tif"))
            try ws.run(["epochs", "add", "E3", ws.path("later.tif"), "--date", "2026-12-20", "--bands", "blue=1,green=2,red=3,nir=4"])
            try ws.run(["scan", "E1", "E3", "--buffer", "200", "--quiet"])
            let after = try ws.cases()
            let recurrences = after.filter { $0["recurrence_of"]?.stringValue == rectified }
            #expect(recurrences.count == 1, "one recurrence (复发) of the closed case")
            #expect(!after.contains { $0["recurrence_of"]?.stringValue == dismissed }, "a false positive seen again is no new case")
            #expect(after.count == cases.count + 1)
            #expect(try ws.run(["cases", "show", rectified]).stdout.contains("recurrence"))
            #expect(try ws.run(["cases", "show", dismissed]).stdout.contains("sighting"))
            let number = try #require(recurrences.first?["number"]?.stringValue)
            #expect(try ws.run(["cases", "show", number]).stdout.contains("recurrence (复发) of case \(rectified)"))
        }
    }
}
