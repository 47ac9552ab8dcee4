import Foundation
import GeoKit
import Shanshui
import ShanshuiTestSupport
import Testing

/// The semiannual scan end to end through the command line, on a small generated scene where
/// the planted damages, the reserve's zones and the responsible people are known.
@Suite("shanshui scan end to end", .serialized)
struct ScanEndToEndTests {
    static let utm = SupervisedCounty.utm
    static let centre = SupervisedCounty.centre
    static let quadrants = SupervisedCounty.quadrants

    static func square(half: Double, hole: Double? = nil, at c: Coordinate = centre) throws -> Geometry {
        try SupervisedCounty.square(half: half, hole: hole, at: c)
    }

    /// The scene and the workspace driven through the command line.
    struct World {
        let workspace: CLIWorkspace
        let scene: SyntheticScene
        var dir: URL { workspace.dir }
        var db: String { workspace.db }
        func path(_ name: String) -> String { workspace.path(name) }
        @discardableResult
        func run(_ args: [String], expectSuccess: Bool = true) throws -> ShanshuiCommand.Result {
            try workspace.run(args, expectSuccess: expectSuccess)
        }
        func cases() throws -> [JSONValue] { try workspace.cases() }
    }

    static func makeWorld(in dir: URL) throws -> World {
        let county = try SupervisedCounty.write(in: dir)
        let world = World(workspace: CLIWorkspace(dir: dir), scene: county.scene)
        try world.workspace.loadReserveAndGrid(villages: quadrants.map { ($0.code, $0.name, $0.head) })
        try world.run(["epochs", "add", "E1", world.path("before.tif"), "--date", "2025-12-20", "--bands", "blue=1,green=2,red=3,nir=4"])
        try world.run(["epochs", "add", "E2", world.path("after.tif"), "--date", "2026-06-20", "--bands", "blue=1,green=2,red=3,nir=4"])
        return world
    }

    static func expectations(_ scene: SyntheticScene) throws -> [(id: Int, box: Geometry, zone: String, village: String, head: String)] {
        try SupervisedCounty.expectations(scene)
    }

    @Test func plantedDamagesBecomeCasesWithTheRightZoneCellAndPeople() throws {
        try Fixture.withTemporaryDirectory { dir in
            let world = try Self.makeWorld(in: dir)
            let scan = try world.run(["scan", "E1", "E2", "--buffer", "200"])
            #expect(scan.stdout.contains("finished"))
            let cases = try world.cases()
            let expected = try Self.expectations(world.scene)
            #expect(expected.count >= 3, "the scene should plant several damages inside single zones")
            let exported = world.path("cases.geojson")
            try world.run(["export", "cases", "-o", exported])
            let features = try GeoJSON.read(Data(contentsOf: URL(fileURLWithPath: exported)))
            #expect(features.count == cases.count)
            for e in expected {
                let hit = try features.first { try $0.geometry.map { try $0.intersects(e.box) } ?? false }
                let found = try #require(hit, "planted object \(e.id) in the \(e.zone) zone has no case")
                #expect(found.properties["area_code"] == "NR-T")
                #expect(found.properties["zone"] == .string(e.zone), "object \(e.id)")
                #expect(found.properties["village_code"] == .string(e.village), "object \(e.id)")
                #expect(found.properties["county_code"] == "321202")
                #expect(found.properties["head"] == .string(e.head), "object \(e.id)")
                #expect(found.properties["severity"] == .string(e.zone == "experimental" ? "medium" : "high"))
            }
            // Vegetation recovery is stored as a restored patch, never a case.
            let patches = world.path("patches.geojson")
            try world.run(["export", "patches", "-o", patches])
            let stored = try GeoJSON.read(Data(contentsOf: URL(fileURLWithPath: patches)))
            for p in stored where p.properties["change"] == "restored" { #expect(p.properties["case_id"] == .null) }
            // Chips were made for every case.
            let first = try #require(cases.first?["number"]?.stringValue)
            let chips = world.path("chips")
            let ev = try world.run(["cases", "evidence", first, "-o", chips])
            #expect(ev.stdout.contains("-true.png"))
            #expect(ev.stdout.contains("-false.png"))
        }
    }

    @Test func aGrownMineIsTheSameCaseExpanded() throws {
        try Fixture.withTemporaryDirectory { dir in
            let world = try Self.makeWorld(in: dir)
            try world.run(["scan", "E1", "E2", "--buffer", "200", "--quiet"])
            let expected = try Self.expectations(world.scene)
            let mine = try #require(world.scene.objects.first { o in o.kind == .mining && expected.contains { $0.id == o.id } })
            // A third epoch: the after image with the mine grown 12 pixels on every side.
            try GrownMine.write(from: world.path("after.tif"), to: world.path("later.tif"), around: mine.box, by: 12)
            try world.run(["epochs", "add", "E3", world.path("later.tif"), "--date", "2026-12-20", "--bands", "blue=1,green=2,red=3,nir=4"])
            let before = try world.cases()
            try world.run(["scan", "E1", "E3", "--buffer", "200", "--quiet"])
            let after = try world.cases()
            #expect(after.count == before.count, "no new case for damage already in the ledger")
            let box = try #require(expected.first { $0.id == mine.id }?.box)
            let exported = world.path("cases.geojson")
            try world.run(["export", "cases", "-o", exported])
            let grown = try GeoJSON.read(Data(contentsOf: URL(fileURLWithPath: exported))).filter { try $0.geometry?.intersects(box) ?? false }
            #expect(grown.count == 1)
            #expect(grown.first?.properties["expanded"] == true)
            let number = try #require(grown.first?.properties["number"]?.stringValue)
            let shown = try world.run(["cases", "show", number]).stdout
            #expect(shown.contains("expand"))
        }
    }

    @Test func aKilledScanResumesToTheSamePatches() throws {
        try Fixture.withTemporaryDirectory { dir in
            let world = try Self.makeWorld(in: dir)
            // A red line in the west half makes two areas, so the scan commits twice.
            try VectorSink.write([Feature(geometry: try Self.square(half: 900, at: Coordinate(401_200, 3_497_000)), properties: ["name": "西红线"])],
                                 to: world.path("redline.geojson"))
            try world.run(["reserves", "import", world.path("redline.geojson"), "--kind", "ecological_red_line", "--effective", "2020-01-01"])
            try FileManager.default.copyItem(atPath: world.db, toPath: world.path("copy.db"))
            let uninterrupted = try ShanshuiCommand.run(["scan", "E1", "E2", "--quiet"], in: dir, environment: ["SHANSHUI_DB": world.path("copy.db")])
            #expect(uninterrupted.status == 0)
            // The second area's commit can follow the first's progress line within milliseconds, so a kill
            // that lands too late is tried again on the unscanned workspace (at most three times).
            try FileManager.default.copyItem(atPath: world.db, toPath: world.path("unscanned.db"))
            var listed = ""
            for _ in 0..<3 {
                for file in [world.db, world.db + "-wal", world.db + "-shm"] { try? FileManager.default.removeItem(atPath: file) }
                try FileManager.default.copyItem(atPath: world.path("unscanned.db"), toPath: world.db)
                try ShanshuiCommand.killAfterFirstLine(["scan", "E1", "E2", "--threads", "1"], containing: "[1/2]", in: dir,
                                                       environment: ["SHANSHUI_DB": world.db])
                listed = try world.run(["scans", "list"]).stdout
                if listed.contains("1/2") { break }
            }
            #expect(listed.contains("1/2"), "the kill should leave one area pending: \(listed)")
            try world.run(["scan", "--resume", "1", "--quiet"])
            func patchKeys(_ db: String) throws -> [String] {
                let out = dir.appendingPathComponent(UUID().uuidString + ".geojson").path
                _ = try ShanshuiCommand.run(["export", "patches", "-o", out], in: dir, environment: ["SHANSHUI_DB": db])
                return try GeoJSON.read(Data(contentsOf: URL(fileURLWithPath: out))).map { f in
                    var p = f.properties
                    for volatile in ["id", "scan_id", "case_id", "previous_patch_id"] { p[volatile] = nil }
                    return String(decoding: GeoJSON.encode([Feature(geometry: f.geometry, properties: p)]), as: UTF8.self)
                }.sorted()
            }
            let resumed = try patchKeys(world.db), straight = try patchKeys(world.path("copy.db"))
            #expect(!resumed.isEmpty)
            #expect(resumed == straight)
            #expect(try world.cases().count == (try JSONValue.parse(Array(try ShanshuiCommand.run(["cases", "list", "--json"], in: dir,
                environment: ["SHANSHUI_DB": world.path("copy.db")]).stdout.utf8)).arrayValue?.count ?? -1))
        }
    }

    /// Evidence is complete after a crash: a scan killed (SIGKILL) while it draws chips, then
    /// resumed, leaves every case with both chips and no temporary file, even when the kill fell
    /// between a case's two chips or in the middle of a write (planted here, since a kill lands
    /// where it lands), and `cases evidence` copies no partial file.
    @Test func aScanKilledWhileDrawingChipsResumesToCompleteEvidence() throws {
        try Fixture.withTemporaryDirectory { dir in
            let world = try Self.makeWorld(in: dir)
            try ShanshuiCommand.killAfterFirstLine(["scan", "E1", "E2", "--threads", "1"], containing: "chips: 1/", in: dir,
                                                   environment: ["SHANSHUI_DB": world.db])
            let evidence = URL(fileURLWithPath: world.db).deletingPathExtension().path + "-evidence"
            let folders = (try? FileManager.default.contentsOfDirectory(atPath: evidence)) ?? []
            if let first = folders.sorted().first {
                // A kill between the two chips of a case, and one in the middle of a PNG write.
                let folder = URL(fileURLWithPath: evidence).appendingPathComponent(first)
                try? FileManager.default.removeItem(at: folder.appendingPathComponent("\(first)-false.png"))
                try Data([0x89, 0x50, 0x4E]).write(to: folder.appendingPathComponent(".\(first)-false.png.3F2A.png"))
            }
            try world.run(["scan", "--resume", "1", "--quiet"])
            let cases = try world.cases()
            #expect(cases.count >= 3)
            for c in cases {
                let number = try #require(c["number"]?.stringValue)
                let folder = URL(fileURLWithPath: evidence).appendingPathComponent(number)
                let names = Set((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
                #expect(names == ["\(number)-true.png", "\(number)-false.png"], "case \(number): \(names.sorted())")
                for name in names { #expect(try Raster.open(folder.appendingPathComponent(name).path).driverShortName == "PNG") }
                let copied = try world.run(["cases", "evidence", number, "-o", world.path("copy-\(number)")]).stdout
                #expect(!copied.contains("/."), "a temporary file was copied: \(copied)")
            }
        }
    }

    /// One answer whatever the region: a patch `detect` finds on the whole scene is the patch the
    /// scan stores for every protected area that contains it, and the reverse, apart from patches
    /// an area's edge cuts. Four areas of different boxes (the reserve and three red lines).
    @Test func scanAndWholeSceneDetectionAgreeInEveryArea() throws {
        try Fixture.withTemporaryDirectory { dir in
            let world = try Self.makeWorld(in: dir)
            let lines = [(Coordinate(401_200, 3_497_000), 900.0), (Coordinate(404_500, 3_498_500), 1000.0), (Coordinate(403_000, 3_495_300), 600.0)]
            try VectorSink.write(try lines.enumerated().map { k, l in
                Feature(geometry: try Self.square(half: l.1, at: l.0), properties: ["code": .string("RL-\(k + 1)"), "name": .string("红线\(k + 1)")])
            }, to: world.path("redlines.geojson"))
            try world.run(["reserves", "import", world.path("redlines.geojson"), "--code-field", "code", "--kind", "ecological_red_line",
                           "--effective", "2020-01-01"])
            try world.run(["scan", "E1", "E2", "--quiet"])
            try world.run(["detect", world.path("before.tif"), world.path("after.tif"), "-o", world.path("whole.geojson"), "--quiet"])
            try world.run(["export", "patches", "-o", world.path("patches.geojson")])
            let whole = try GeoJSON.read(Data(contentsOf: URL(fileURLWithPath: world.path("whole.geojson"))))
            let stored = try GeoJSON.read(Data(contentsOf: URL(fileURLWithPath: world.path("patches.geojson"))))
            func key(_ f: Feature) -> String {
                // The ledger keeps confidence unrounded; GeoJSON output rounds it to three places.
                let confidence = f.properties["confidence"]?.doubleValue.map { String(format: "%.3f", $0) } ?? "-"
                return (["activity", "pixels", "area_m2", "d_ndvi"].map { "\(f.properties[$0] ?? .null)" } + [confidence]).joined(separator: " ")
            }
            let areas = [("NR-T", Self.centre, 2800.0)] + lines.enumerated().map { k, l in ("RL-\(k + 1)", l.0, l.1) }
            let ids = Dictionary(uniqueKeysWithValues: try JSONValue.parse(Array(try world.run(["reserves", "list", "--json"]).stdout.utf8))
                .arrayValue!.compactMap { a in a["code"]?.stringValue.flatMap { c in a["id"]?.intValue.map { (c, $0) } } })
            var compared = 0
            for (code, centre, half) in areas {
                // Clear of the area's edge by three 10 m pixels.
                let inner = try Self.square(half: half - 30, at: centre)
                let expected = try whole.filter { try $0.geometry.map { try inner.contains($0) } ?? false }.map(key).sorted()
                let found = try stored.filter { f in
                    try f.properties["area_id"]?.intValue == ids[code] && (f.geometry.map { try inner.contains($0) } ?? false)
                }.map(key).sorted()
                #expect(found == expected, "\(code)")
                compared += expected.count
            }
            #expect(compared >= 6, "the areas hold patches to compare")

            // A patch flagged in the reserve and again in a red line inside it: one drawing, the same chips.
            try world.run(["export", "cases", "-o", world.path("cases.geojson")])
            let evidence = URL(fileURLWithPath: world.db).deletingPathExtension().path + "-evidence"
            let exported = try GeoJSON.read(Data(contentsOf: URL(fileURLWithPath: world.path("cases.geojson"))))
            let byOutline = Dictionary(grouping: exported, by: \.geometry).mapValues { $0.compactMap { $0.properties["number"]?.stringValue } }
            var shared = 0
            for numbers in byOutline.values where numbers.count > 1 {
                for suffix in ["true", "false"] {
                    let chips = try numbers.map { try Data(contentsOf: URL(fileURLWithPath: "\(evidence)/\($0)/\($0)-\(suffix).png")) }
                    #expect(Set(chips).count == 1, "\(numbers) \(suffix)")
                }
                shared += 1
            }
            #expect(shared >= 1, "some red-line case shares its outline with a reserve case")
        }
    }
}
