import Foundation
import GeoKit
import Shanshui
import ShanshuiTestSupport
import Testing

/// Interpreted patches (下发图斑) from elsewhere on each store: a scan of their own, flagged and
/// routed like detected ones, bad rows named with nothing imported, the same file twice a no-op.
@Suite("Patch import on each store")
struct PatchImportTests {
    /// Writes patches (source id, Chinese activity, lon/lat square) to a GeoPackage in CGCS2000 3° Gauss-Krüger
    /// (CM 120°E, EPSG:4549) or another CRS.
    func write(_ rows: [(id: String, activity: String, dx: Double)], to path: String, epsg: Int = 4549) throws {
        let gk = try CRS(epsg: epsg)
        let there = try Transformer(from: .wgs84, to: gk)
        try VectorSink.write(try rows.map { r in
            Feature(geometry: try there.transform(LedgerFixture.damage(dx: r.dx)), properties: ["TBBH": .string(r.id), "HDLX": .string(r.activity)])
        }, to: path, crs: gk)
    }

    @Test(arguments: StoreKind.available) func importedPatchesBecomeCasesKeepingTheirSourceIds(kind: StoreKind) async throws {
        try await Workspaces.with(kind) { workspaces in
            let f = try await LedgerFixture.make(in: workspaces, damages: [])
            let file = workspaces.dir.appendingPathComponent("tb.gpkg").path
            try write([("TB-001", "采矿用地", 0), ("TB-002", "道路", 0.025), ("TB-003", "其他", 0.9)], to: file)
            var options = PatchImport.Options(before: "2025H2", after: "2026H1")
            options.idField = "TBBH"
            options.activityField = "HDLX"
            options.source = "国家卫星应用中心"
            let runner = ScanRunner(registry: f.registry, scans: f.store, cases: f.store)
            let (rows, fingerprint, warnings) = try PatchImport.read(file, options: options)
            #expect(warnings.isEmpty, "CGCS2000 needs no datum warning: \(warnings)")
            let summary = try await runner.importPatches(rows, fingerprint: fingerprint, options: options, file: file)
            #expect(!summary.unchanged)
            #expect(summary.outside == ["TB-003"], "far outside the reserve: not stored")
            #expect(summary.cases.count == 2)
            let core = try #require(summary.cases.first { $0.area.zone == .core })
            #expect(core.activity == "mining" && core.severity == .high)
            #expect(summary.cases.contains { $0.activity == "road" })
            let patches = try await f.store.patches(scanID: summary.scanID)
            #expect(Set(patches.compactMap { $0.properties["source_id"]?.stringValue }) == ["TB-001", "TB-002"])
            #expect(abs(patches[0].geometry.geodesicArea - LedgerFixture.damage(dx: 0).geodesicArea) / patches[0].geometry.geodesicArea < 0.01,
                    "reprojected from Gauss-Krüger")
            #expect(try await f.store.scan(summary.scanID)?.status == .finished)

            // The same file again changes nothing.
            let again = try await runner.importPatches(rows, fingerprint: fingerprint, options: options, file: file)
            #expect(again.unchanged && again.scanID == summary.scanID)
            #expect(try await f.store.cases(CaseFilter()).count == 2)
            #expect(try await f.store.scans().count == 2, "the fixture's scan and the import")

            // A file with a bad row is refused whole, naming the row.
            let bad = workspaces.dir.appendingPathComponent("bad.gpkg").path
            try write([("TB-010", "采矿", 0.01), ("TB-011", "飞碟降落", 0.02)], to: bad)
            #expect { try PatchImport.read(bad, options: options) } throws: {
                "\($0)".contains("feature 1 (id TB-011)") && "\($0)".contains("飞碟降落") && "\($0)".contains("nothing was imported")
            }
            let twice = workspaces.dir.appendingPathComponent("twice.gpkg").path
            try write([("TB-020", "采矿", 0.01), ("TB-020", "采矿", 0.02)], to: twice)
            #expect { try PatchImport.read(twice, options: options) } throws: { "\($0)".contains("id TB-020 is also used by feature 0") }
            #expect(try await f.store.scans().count == 2)

            // Patches in Xian 1980 are read with the warning that PROJ dropped the datum offset.
            let xian = workspaces.dir.appendingPathComponent("xian80.gpkg").path
            try write([("TB-030", "采矿", 0.01)], to: xian, epsg: 2385)
            let read = try PatchImport.read(xian, options: options)
            #expect(read.rows.count == 1)
            #expect(read.warnings.count == 1 && read.warnings[0].contains("Xian 1980") && read.warnings[0].contains("ballpark"), "\(read.warnings)")
        }
    }

    @Test func patchesTracedOnAChineseWebMapComeBackFromGCJ02() throws {
        try Fixture.withTemporaryDirectory { dir in
            let truth = LedgerFixture.damage(dx: 0)
            let file = dir.appendingPathComponent("amap.geojson").path
            try VectorSink.write([Feature(geometry: truth.mapCoordinates(ChinaOffset.wgs84ToGCJ02), properties: ["TBBH": "TB-1", "HDLX": "采砂"])],
                                 to: file)
            var options = PatchImport.Options(before: "2025H2", after: "2026H1")
            options.idField = "TBBH"
            options.activityField = "HDLX"
            // Read as it is, the patch lies hundreds of metres off; with --from-gcj02 it is back in place.
            let shifted = try #require(try PatchImport.read(file, options: options).rows.first)
            #expect(try shifted.geometry.centroid().distance(to: truth.centroid()) > 0.001)
            options.datum = .gcj02
            let placed = try #require(try PatchImport.read(file, options: options).rows.first)
            #expect(try placed.geometry.centroid().distance(to: truth.centroid()) < 0.00002, "within about 2 m")
            #expect(placed.activity == "mining" && placed.sourceID == "TB-1")
        }
    }
}
