import Foundation
import GeoKit
import Shanshui
import ShanshuiTestSupport

/// A workspace with one nature reserve, two epochs, one scan and flagged cases, for ledger tests.
struct LedgerFixture {
    static let center = Coordinate(119.95, 32.48)
    let dir: URL
    let store: any WorkspaceStore
    let registry: Registry
    let ledger: Ledger
    let area: AreaVersion
    let scanID: Int64

    /// Builds the workspace; `damages` are patch outlines flagged as cases (in the reserve).
    static func make(in workspaces: Workspaces, damages: [Geometry], detectedOn: String = "2026-06-30") async throws -> LedgerFixture {
        let dir = workspaces.dir
        let store = try await workspaces.make()
        let registry = Registry(store: store)
        var o = RegistryImportOptions(effective: try Day("2020-01-01"))
        o.kind = .nationalNatureReserve
        o.codeField = "code"
        o.zoneField = "zone"
        let plan = try RegistryImport.plan(ReserveScene.natureReserve(code: "NR1", name: "溱湖", center: center),
                                           fields: ["code", "name", "zone", "level"], source: "test", options: o)
        _ = try await registry.apply(plan, options: o)
        let area = try await registry.list(asOf: try Day(detectedOn))[0]
        let footprint = Geometry.polygon(ReserveScene.square(center, half: 0.1))
        var ids: [Int64] = []
        for (name, date) in [("2025H2", "2025-12-31"), ("2026H1", detectedOn)] {
            ids.append(try await store.addEpoch(Epoch(name: name, date: try Day(date), sensor: "test", paths: ["/dev/null"], bands: nil,
                                                      mask: nil, crs: "EPSG:32651", width: 1, height: 1, bandCount: 4, footprint: footprint)))
        }
        let scanID = try await store.createScan(ScanRecord(beforeEpoch: ids[0], afterEpoch: ids[1], startedAt: "2026-07-01T00:00:00Z",
                                                           parameters: .object([]), areas: [ScanAreaProgress(areaID: area.area.id)]))
        let patches = damages.map {
            ScanPatch(scanID: scanID, areaID: area.area.id, geometry: $0, activity: "mining", lineage: .new, areaM2: $0.geodesicArea,
                      perimeterM: $0.geodesicLength, confidence: 0.9, properties: .object([]))
        }
        let result = try await CaseFlagger().flag(patches, area: area, openCases: [], detectedOn: try Day(detectedOn), flaggedOn: try Day(detectedOn),
                                                  responsibility: FixedResponsibility(snapshot: people), scanID: scanID)
        try await store.commitArea(result)
        return LedgerFixture(dir: dir, store: store, registry: registry, ledger: Ledger(store: store), area: area, scanID: scanID)
    }

    /// The village cell's people every fixture case goes to: a head and two staff.
    static let people = ResponsibilitySnapshot(chain: [CellReference(level: "village", code: "321202001001", name: "一村"),
                                                       CellReference(level: "county", code: "321202", name: "海陵区")],
                                               unit: "海陵区生态环境局", head: "王伟:13800000001", staff: ["李娜:13800000002", "张强:13800000003"])

    /// A small square damage `dx` degrees east of the reserve centre.
    static func damage(dx: Double, half: Double = 0.001) -> Geometry {
        .polygon(ReserveScene.square(Coordinate(center.x + dx, center.y), half: half))
    }
}

/// The same people for every place: enough for ledger tests.
struct FixedResponsibility: ResponsibilityResolver {
    let snapshot: ResponsibilitySnapshot
    func responsibility(for geometry: Geometry, on day: Day) async throws -> ResponsibilitySnapshot? { snapshot }
}
