import Foundation
import GeoKit
import ShanshuiScenes
import Shanshui

/// A small supervised county on a generated scene (600 × 600 px of 10 m, UTM 50N): a nature
/// reserve of three nested square zones, a county cell with four village quadrants and their
/// people, and before/after imagery with planted damages. The CLI and HTTP end-to-end tests
/// build their workspaces from it.
public struct SupervisedCounty: Sendable {
    /// UTM 50N metres of the scene.
    public static let utm = try! CRS(epsg: 32650)
    public static let centre = Coordinate(403_000, 3_497_000)

    /// The four villages: code, name, head (NAME:PHONE) and offset of their centre from the scene centre.
    public static let quadrants: [(code: String, name: String, head: String, dx: Double, dy: Double)] = [
        ("321202001001", "西北村", "王一:13800000001", -1500, 1500), ("321202001002", "东北村", "王二:13800000002", 1500, 1500),
        ("321202001003", "西南村", "王三:13800000003", -1500, -1500), ("321202001004", "东南村", "王四:13800000004", 1500, -1500),
    ]
    /// The grid staff of every village.
    public static let staff = "赵甲:13900000001,钱乙:13900000002"

    public let dir: URL
    public let scene: SyntheticScene

    /// A square in scene metres (with an optional square hole) as a lon/lat geometry.
    public static func square(half: Double, hole: Double? = nil, at c: Coordinate = centre) throws -> Geometry {
        let outer = ReserveScene.square(c, half: half)
        let polygon = Polygon(exterior: outer.exterior, holes: hole.map { [ReserveScene.square(c, half: $0).exterior.reversed()] } ?? [])
        return try Transformer(from: utm, to: .wgs84).transform(Geometry.polygon(polygon))
    }

    /// Writes the imagery (before.tif, after.tif) and vector inputs (reserve.geojson with zones
    /// and code NR-T, county.geojson, villages.geojson) into `dir`.
    public static func write(in dir: URL) throws -> SupervisedCounty {
        let scene = SyntheticScene(width: 600, height: 600, bandCount: 4, seed: 11, cellSize: 150)
        let county = SupervisedCounty(dir: dir, scene: scene)
        try scene.write(before: county.path("before.tif"), after: county.path("after.tif"))
        let zones: [(String, Geometry)] = [("core", try square(half: 1000)), ("buffer", try square(half: 2000, hole: 1000)),
                                           ("experimental", try square(half: 2800, hole: 2000))]
        try VectorSink.write(zones.map { Feature(geometry: $0.1, properties: ["code": "NR-T", "name": "测试保护区", "zone": .string($0.0)]) },
                             to: county.path("reserve.geojson"))
        try VectorSink.write([Feature(geometry: try square(half: 3000), properties: ["code": "321202", "name": "测试县"])],
                             to: county.path("county.geojson"))
        try VectorSink.write(try quadrants.map { q in
            Feature(geometry: try square(half: 1500, at: Coordinate(centre.x + q.dx, centre.y + q.dy)),
                    properties: ["code": .string(q.code), "name": .string(q.name), "parent": "321202"])
        }, to: county.path("villages.geojson"))
        return county
    }

    /// A file in the county's folder.
    public func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    /// Loads the county into a workspace through the library, as the CLI's init → reserves import
    /// → grid import → grid assign → epochs add (E1 2025-12-20, E2 2026-06-20) would.
    public func load(registry: Registry, grid: Grid, scans: any ScanStore) async throws {
        let options = RegistryImportOptions(effective: try Day("2020-01-01"))
        var reserve = options
        reserve.codeField = "code"
        reserve.zoneField = "zone"
        reserve.kind = .nationalNatureReserve
        _ = try await registry.apply(try RegistryImport.read(path("reserve.geojson"), options: reserve), options: reserve)
        var countyOptions = GridImportOptions(level: .county, codeField: "code")
        countyOptions.nameField = "name"
        _ = try await grid.apply(try GridImport.read(path("county.geojson"), options: countyOptions))
        var villages = GridImportOptions(level: .village, codeField: "code")
        villages.nameField = "name"
        villages.parentField = "parent"
        _ = try await grid.apply(try GridImport.read(path("villages.geojson"), options: villages))
        try await grid.assign(try Self.quadrants.map { q in
            try Assignment(cellCode: q.code, unit: "\(q.name)村委会", head: try Person(parsing: q.head),
                           staff: try Person.list(parsing: Self.staff), validFrom: try Day("2020-01-01"))
        })
        let catalog = EpochCatalog(store: scans)
        try await catalog.add(name: "E1", paths: [path("before.tif")], date: try Day("2025-12-20"), sensor: nil,
                              bands: "blue=1,green=2,red=3,nir=4", mask: nil)
        try await catalog.add(name: "E2", paths: [path("after.tif")], date: try Day("2026-06-20"), sensor: nil,
                              bands: "blue=1,green=2,red=3,nir=4", mask: nil)
    }

    /// Planted damages whose box lies inside one zone and one village: what the ledger must show.
    public static func expectations(_ scene: SyntheticScene) throws -> [(id: Int, box: Geometry, zone: String, village: String, head: String)] {
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
}
