import Foundation
import GeoKit
import Shanshui
import ShanshuiTestSupport
import Testing

/// What a boundary file does not carry is kept, on each store: zones and level survive a
/// re-import without their flags and an adjustment from a zone-less file.
@Suite("Registry keeps what a file does not carry")
struct RegistryKeepsTests {
    static let center = Coordinate(119.95, 32.48)

    @Test(arguments: StoreKind.available) func reimportAndAdjustKeepZonesAndLevel(kind: StoreKind) async throws {
        let base = RegistryStoreTests()
        try await base.withRegistry(kind) { registry, _, workspaces in
            let file = workspaces.dir.appendingPathComponent("reserve.geojson").path
            try VectorSink.write(ReserveScene.natureReserve(code: "NR1", name: "溱湖", center: Self.center), to: file)
            let full = try base.options("2020-01-01")
            _ = try await registry.apply(try RegistryImport.read(file, options: full), options: full)

            var bare = try base.options("2020-01-01")
            bare.zoneField = nil
            bare.levelField = nil
            bare.effectiveGiven = false
            let again = try await registry.apply(try RegistryImport.read(file, options: bare), options: bare)
            #expect(again.changedNothing)
            #expect(again.notes.first?.contains("kept its level national and zones core, buffer, experimental") == true, "\(again.notes)")

            let bigger = workspaces.dir.appendingPathComponent("bigger.geojson").path
            try VectorSink.write([Feature(geometry: .polygon(ReserveScene.square(Self.center, half: 0.04)), properties: ["name": "溱湖"])], to: bigger)
            var adjust = try base.options("2023-07-01", kind: .nationalNatureReserve)
            adjust.codeField = nil
            adjust.zoneField = nil
            adjust.levelField = nil
            let version = try await registry.adjust("NR1", with: try RegistryImport.read(bigger, options: adjust),
                                                    effective: try Day("2023-07-01"), change: .adjust, instrument: LegalInstrument())
            #expect(version.zones.map(\.kind) == [.core, .buffer, .experimental])
            let (area, now, _) = try await registry.version(of: "NR1", asOf: try Day("2024-01-01"))
            #expect(area.level == "national")
            #expect(now?.zones.count == 3)
            let findings = try RegistryCheck().run(try await registry.list(asOf: try Day("2024-01-01")))
            #expect(findings.contains { $0.kind == .gap }, "the new ring no kept zone covers is a gap")
            #expect(!findings.contains { $0.kind == .noZones })
        }
    }
}
