import Foundation
import GeoKit
import Shanshui
import ShanshuiTestSupport
import Testing

/// The semiannual scan end to end through the command line, on a small generated scene where
/// the planted damages, the reserve's zones and the responsible people are known.
@Suite("shanshui scan end to end", .serialized)
struct ScanEndToEndTests {
    /// UTM 50N metres of the scene (600 × 600 px of 10 m from 400000, 3500000).
    static let utm = try! CRS(epsg: 32650)
    static let centre = Coordinate(403_000, 3_497_000)

    /// A square in scene metres as a lon/lat geometry.
    static func square(half: Double, hole: Double? = nil, at c: Coordinate = centre) throws -> Geometry {
        let outer = ReserveScene.square(c, half: half)
        let polygon = Polygon(exterior: outer.exterior, holes: hole.map { [ReserveScene.square(c, half: $0).exterior.reversed()] } ?? [])
        return try Transformer(from: utm, to: .wgs84).transform(Geometry.polygon(polygon))
    }

    static let quadrants: [(code: String, name: String, head: String, dx: Double, dy: Double)] = [
        ("321202001001", "西北村", "王一:13800000001", -1500, 1500), ("321202001002", "东北村", "王二:13800000002", 1500, 1500),
        ("321202001003", "西南村", "王三:13800000003", -1500, -1500), ("321202001004", "东南村", "王四:13800000004", 1500, -1500),
    ]

    /// Builds the scene, the workspace inputs and runs init → import → grid → epochs.
    struct World {
        let dir: URL
        let scene: SyntheticScene
        var db: String { dir.appendingPathComponent("ws.db").path }
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        @discardableResult
        func run(_ args: [String], expectSuccess: Bool = true) throws -> ShanshuiCommand.Result {
            let r = try ShanshuiCommand.run(args, in: dir, environment: ["SHANSHUI_DB": db])
            if expectSuccess && r.status != 0 { Issue.record("\(args.joined(separator: " ")) failed: \(r.stderr)") }
            return r
        }
        func cases() throws -> [JSONValue] {
            try JSONValue.parse(Array(try run(["cases", "list", "--json"]).stdout.utf8)).arrayValue ?? []
        }
    }

    static func makeWorld(in dir: URL) throws -> World {
        let scene = SyntheticScene(width: 600, height: 600, bandCount: 4, seed: 11, cellSize: 150)
        let world = World(dir: dir, scene: scene)
        try scene.write(before: world.path("before.tif"), after: world.path("after.tif"))
        let zones: [(String, Geometry)] = [("core", try square(half: 1000)), ("buffer", try square(half: 2000, hole: 1000)),
                                           ("experimental", try square(half: 2800, hole: 2000))]
        try VectorSink.write(zones.map { Feature(geometry: $0.1, properties: ["code": "NR-T", "name": "测试保护区", "zone": .string($0.0)]) },
                             to: world.path("reserve.geojson"))
        try VectorSink.write([Feature(geometry: try square(half: 3000), properties: ["code": "321202", "name": "测试县"])],
                             to: world.path("county.geojson"))
        try VectorSink.write(try quadrants.map { q in
            Feature(geometry: try square(half: 1500, at: Coordinate(centre.x + q.dx, centre.y + q.dy)),
                    properties: ["code": .string(q.code), "name": .string(q.name), "parent": "321202"])
        }, to: world.path("villages.geojson"))
        try world.run(["init"])
        try world.run(["reserves", "import", world.path("reserve.geojson"), "--code-field", "code", "--zone-field", "zone",
                   "--kind", "national_nature_reserve", "--effective", "2020-01-01"])
        try world.run(["grid", "import", world.path("county.geojson"), "--level", "county", "--code-field", "code", "--name-field", "name"])
        try world.run(["grid", "import", world.path("villages.geojson"), "--level", "village", "--code-field", "code", "--name-field", "name",
                   "--parent-field", "parent"])
        for q in quadrants {
            try world.run(["grid", "assign", q.code, "--unit", "\(q.name)村委会", "--head", q.head, "--staff", "赵甲:13900000001,钱乙:13900000002",
                       "--effective", "2020-01-01"])
        }
        try world.run(["epochs", "add", "E1", world.path("before.tif"), "--date", "2025-12-20", "--bands", "blue=1,green=2,red=3,nir=4"])
        try world.run(["epochs", "add", "E2", world.path("after.tif"), "--date", "2026-06-20", "--bands", "blue=1,green=2,red=3,nir=4"])
        return world
    }

    /// Planted damages whose box lies inside one zone and one village: what the ledger must show.
    static func expectations(_ scene: SyntheticScene) throws -> [(id: Int, box: Geometry, zone: String, village: String, head: String)] {
        var out: [(Int, Geometry, String, String, String)] = []
        let t = scene.grid.geoTransform
        for o in scene.objects where o.kind != .restored && o.kind != .cloud {
            let a = t.pixelToGeo(column: Double(o.box.column), row: Double(o.box.rowEnd))
            let b = t.pixelToGeo(column: Double(o.box.columnEnd), row: Double(o.box.row))
            let box = Envelope(minX: a.x, minY: a.y, maxX: b.x, maxY: b.y)
            // Chebyshev distances of the box from the centre: zones are nested squares.
            let dx = box.minX <= centre.x && centre.x <= box.maxX ? 0 : Swift.min(abs(box.minX - centre.x), abs(box.maxX - centre.x))
            let dy = box.minY <= centre.y && centre.y <= box.maxY ? 0 : Swift.min(abs(box.minY - centre.y), abs(box.maxY - centre.y))
            let near = Swift.max(dx, dy)
            let far = Swift.max(abs(box.minX - centre.x), abs(box.maxX - centre.x), abs(box.minY - centre.y), abs(box.maxY - centre.y))
            let zone: String? = far < 1000 ? "core" : (near > 1000 && far < 2000) ? "buffer" : (near > 2000 && far < 2800) ? "experimental" : nil
            guard let zone, box.maxX < centre.x || box.minX > centre.x, box.maxY < centre.y || box.minY > centre.y else { continue }
            let q = quadrants.first { ($0.dx < 0) == (box.maxX < centre.x) && ($0.dy < 0) == (box.maxY < centre.y) }!
            out.append((o.id, try Transformer(from: utm, to: .wgs84).transform(box.polygon), zone, q.code, q.head))
        }
        return out
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
            try ShanshuiCommand.killAfterFirstLine(["scan", "E1", "E2", "--threads", "1"], containing: "[1/2]", in: dir, environment: ["SHANSHUI_DB": world.db])
            let listed = try world.run(["scans", "list"]).stdout
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
}
