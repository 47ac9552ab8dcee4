import Foundation
import GeoKit
import Shanshui
import ShanshuiStore
import ShanshuiTestSupport

/// A workspace for supervision tests, built in seconds: reserve and grid through the CLI, then
/// two scans' cases flagged through the library (no imagery), with the real grid's people.
enum SupervisionWorld {
    static let centre = Coordinate(119.95, 32.48)
    /// Villages (NW, NE, SW, SE quadrants of the county) with their heads.
    static let villages: [(code: String, name: String, head: String, dx: Double, dy: Double)] = [
        ("321202001001", "西北村", "王一:13800000001", -0.02, 0.02), ("321202001002", "东北村", "王二:13800000002", 0.02, 0.02),
        ("321202001003", "西南村", "王三:13800000003", -0.02, -0.02), ("321202001004", "东南村", "王四:13800000004", 0.02, -0.02),
    ]
    /// Every name and phone of the grid people: none may appear in public outputs.
    static let personal = villages.flatMap { $0.head.split(separator: ":").map(String.init) } + ["赵甲", "13900000001", "钱乙", "13900000002", "村委会"]

    /// Builds the workspace: four cases detected 2026-06-30 (2026H1) and two 2026-09-30 (2026Q3).
    static func make(in dir: URL) async throws -> CLIWorkspace {
        let world = CLIWorkspace(dir: dir)
        try VectorSink.write(ReserveScene.natureReserve(code: "NR1", name: "溱湖", center: centre), to: world.path("reserve.geojson"))
        try VectorSink.write([Feature(geometry: .polygon(ReserveScene.square(centre, half: 0.04)), properties: ["code": "321202", "name": "海陵区"])],
                             to: world.path("county.geojson"))
        try VectorSink.write(villages.map { v in
            Feature(geometry: .polygon(ReserveScene.square(Coordinate(centre.x + v.dx, centre.y + v.dy), half: 0.02)),
                    properties: ["code": .string(v.code), "name": .string(v.name), "parent": "321202"])
        }, to: world.path("villages.geojson"))
        try world.loadReserveAndGrid(villages: villages.map { ($0.code, $0.name, $0.head) })
        let store = try SpatiaLiteStore(path: world.db)
        try await scan(store, before: "2025-12-31", after: "2026-06-30", damages: [(-0.005, 0.005), (0.015, 0.015), (-0.025, -0.012), (0.012, -0.025)])
        try await scan(store, before: "2026-06-30", after: "2026-09-30", damages: [(0.005, -0.005), (-0.015, 0.025)])
        return world
    }

    /// Flags a scan's damages (small squares offset from the centre) as cases, with the grid's people.
    private static func scan(_ store: SpatiaLiteStore, before: String, after: String, damages: [(Double, Double)]) async throws {
        let day = try Day(after)
        var epochs: [Int64] = []
        for date in [before, after] {
            if let e = try await store.epoch(date) { epochs.append(e.id); continue }
            epochs.append(try await store.addEpoch(Epoch(name: date, date: try Day(date), sensor: "test", paths: ["/dev/null"], bands: nil, mask: nil,
                                                         crs: "EPSG:32650", width: 1, height: 1, bandCount: 4,
                                                         footprint: .polygon(ReserveScene.square(centre, half: 0.1)))))
        }
        let area = try await Registry(store: store).list(asOf: day)[0]
        let scanID = try await store.createScan(ScanRecord(beforeEpoch: epochs[0], afterEpoch: epochs[1], startedAt: "\(after)T00:00:00Z",
                                                           parameters: .object([]), areas: [ScanAreaProgress(areaID: area.area.id)]))
        let patches = damages.map { dx, dy in
            let g = Geometry.polygon(ReserveScene.square(Coordinate(centre.x + dx, centre.y + dy), half: 0.001))
            return ScanPatch(scanID: scanID, areaID: area.area.id, geometry: g, activity: dx < 0 ? "mining" : "construction", lineage: .new,
                             areaM2: g.geodesicArea, perimeterM: g.geodesicLength, confidence: 0.9, properties: .object([]))
        }
        let responsibility = try await GridResponsibility(grid: Grid(store: store), day: day)
        try await store.commitArea(try await CaseFlagger().flag(patches, area: area, openCases: [], detectedOn: day,
                                                                responsibility: responsibility, scanID: scanID))
        try await store.finishScan(scanID, status: .finished, at: "\(after)T01:00:00Z")
    }
}
