import Foundation
import GeoKit
import Shanshui
import ShanshuiTestSupport
import Testing

/// The registry over a real workspace of each store kind.
@Suite("Registry on each store")
struct RegistryStoreTests {
    static let center = Coordinate(119.95, 32.48)

    /// Runs `body` with a fresh workspace of `kind` and a scratch folder (`workspaces.dir`).
    func withRegistry(_ kind: StoreKind, _ body: (Registry, any WorkspaceStore, Workspaces) async throws -> Void) async throws {
        try await Workspaces.with(kind) { workspaces in
            let store = try await workspaces.make()
            try await body(Registry(store: store), store, workspaces)
        }
    }

    func options(_ effective: String, kind: ProtectedAreaKind? = .nationalNatureReserve) throws -> RegistryImportOptions {
        var o = RegistryImportOptions(effective: try Day(effective), instrument: LegalInstrument(number: "环函〔2020〕1号"))
        o.kind = kind
        o.codeField = "code"
        o.zoneField = "zone"
        o.levelField = kind == .ecologicalRedLine ? nil : "level"
        return o
    }

    @Test(arguments: StoreKind.available) func nestedZonesImportDissolveAndMeasure(kind: StoreKind) async throws {
        try await withRegistry(kind) { registry, _, workspaces in
            let dir = workspaces.dir
            let file = dir.appendingPathComponent("reserve.geojson").path
            try VectorSink.write(ReserveScene.natureReserve(code: "NR1", name: "溱湖", center: Self.center), to: file)
            let plan = try RegistryImport.read(file, options: try options("2020-01-01"))
            let summary = try await registry.apply(plan, options: try options("2020-01-01"))
            #expect(summary.rows.map(\.outcome) == [.created])
            let (area, version, _) = try await registry.version(of: "NR1", asOf: try Day("2021-01-01"))
            #expect(area.name == "溱湖")
            #expect(area.level == "national")
            let v = try #require(version)
            #expect(v.zones.map(\.kind) == [.core, .buffer, .experimental])
            let experimental = try #require(v.zones.last)
            #expect(experimental.geometry.polygons.count == 1)  // two features dissolved into one ring
            let total = v.zones.reduce(0) { $0 + $1.areaKm2 }
            #expect(abs(total - v.areaKm2) / v.areaKm2 < 1e-6)
            let expected = Geometry.polygon(ReserveScene.square(Self.center, half: 0.03)).geodesicArea / 1e6
            #expect(abs(v.areaKm2 - expected) / expected < 1e-6)
        }
    }

    @Test(arguments: StoreKind.available) func importingTwiceChangesNothing(kind: StoreKind) async throws {
        try await withRegistry(kind) { registry, store, workspaces in
            let dir = workspaces.dir
            let file = dir.appendingPathComponent("reserve.gpkg").path
            try VectorSink.write(ReserveScene.natureReserve(code: "NR1", name: "溱湖", center: Self.center), to: file)
            let o = try options("2020-01-01")
            _ = try await registry.apply(try RegistryImport.read(file, options: o), options: o)
            let again = try await registry.apply(try RegistryImport.read(file, options: o), options: o)
            #expect(again.changedNothing)
            #expect(try await store.versions(areaID: 1).count == 1)
        }
    }

    @Test(arguments: StoreKind.available) func historyAnswersEveryDateExactly(kind: StoreKind) async throws {
        try await withRegistry(kind) { registry, _, workspaces in
            let dir = workspaces.dir
            let first = dir.appendingPathComponent("v1.geojson").path
            try VectorSink.write([ReserveScene.redLine(code: "RL1", name: "红线一", center: Self.center, half: 0.05)], to: first)
            var o = try options("2018-05-01", kind: .ecologicalRedLine)
            o.zoneField = nil
            let firstPlan = try RegistryImport.read(first, options: o)
            _ = try await registry.apply(firstPlan, options: o)
            let second = dir.appendingPathComponent("v2.geojson").path
            try VectorSink.write([ReserveScene.redLine(code: "RL1", name: "红线一", center: Self.center, half: 0.04)], to: second)
            var o2 = o
            o2.effective = try Day("2022-03-15")
            let secondPlan = try RegistryImport.read(second, options: o2)
            try await registry.adjust("RL1", with: secondPlan, effective: o2.effective,
                                      change: .downgrade, instrument: LegalInstrument(number: "省政府令第5号"))
            try await registry.withdraw("RL1", effective: try Day("2025-01-01"), instrument: LegalInstrument(number: "撤销令"))

            // Exactly what was imported comes back, coordinate for coordinate.
            func same(_ a: Geometry, _ b: Geometry) throws -> Bool {
                try Geometry.multiPolygon(a.polygons).normalized() == Geometry.multiPolygon(b.polygons).normalized()
            }
            let v1 = firstPlan.areas[0].boundary
            let v2 = secondPlan.areas[0].boundary
            #expect(try await registry.version(of: "RL1", asOf: try Day("2018-04-30")).version == nil)
            let a = try #require(try await registry.version(of: "RL1", asOf: try Day("2018-05-01")).version?.geometry)
            #expect(try same(a, v1))
            let b = try #require(try await registry.version(of: "RL1", asOf: try Day("2022-03-14")).version?.geometry)
            #expect(try same(b, v1))
            let c = try #require(try await registry.version(of: "RL1", asOf: try Day("2022-03-15")).version)
            #expect(try same(c.geometry!, v2))
            #expect(c.change == .downgrade)
            #expect(c.instrument.number == "省政府令第5号")
            #expect(try await registry.version(of: "RL1", asOf: try Day("2025-01-01")).version == nil)
            #expect(try await registry.list(asOf: try Day("2026-01-01")).isEmpty)
            let history = try await registry.history("RL1").versions
            #expect(history.map(\.change) == [.establish, .downgrade, .withdraw])
            #expect(history[0].validTo == (try Day("2022-03-15")))
            #expect(history[1].validTo == (try Day("2025-01-01")))
        }
    }

    @Test(arguments: StoreKind.available) func changedDataBecomesAnAdjustment(kind: StoreKind) async throws {
        try await withRegistry(kind) { registry, _, workspaces in
            let dir = workspaces.dir
            let file = dir.appendingPathComponent("r.geojson").path
            var o = try options("2020-01-01", kind: .ecologicalRedLine)
            o.zoneField = nil
            try VectorSink.write([ReserveScene.redLine(code: "RL1", name: "红线", center: Self.center, half: 0.05)], to: file)
            _ = try await registry.apply(try RegistryImport.read(file, options: o), options: o)
            try VectorSink.write([ReserveScene.redLine(code: "RL1", name: "红线", center: Self.center, half: 0.06)], to: file)
            await #expect { try await registry.apply(try RegistryImport.read(file, options: o), options: o) } throws: {
                "\($0)".contains("--effective after 2020-01-01")
            }
            o.effective = try Day("2021-01-01")
            let summary = try await registry.apply(try RegistryImport.read(file, options: o), options: o)
            #expect(summary.rows.map(\.outcome) == [.adjusted])
            #expect(try await registry.history("RL1").versions.count == 2)
        }
    }

    @Test(arguments: StoreKind.available) func checkFindsPlantedOverlapAndGap(kind: StoreKind) async throws {
        try await withRegistry(kind) { registry, _, workspaces in
            let dir = workspaces.dir
            var features = ReserveScene.natureReserve(code: "NR1", name: "溱湖", center: Self.center)
            // Grow the core into the buffer (zone overlap) and cut a hole into the buffer (gap).
            features[0].geometry = .polygon(ReserveScene.square(Self.center, half: 0.012))
            let hole = Geometry.polygon(ReserveScene.square(Coordinate(Self.center.x + 0.015, Self.center.y), half: 0.002))
            features[1].geometry = try features[1].geometry!.difference(hole)
            features.append(Feature(geometry: .polygon(ReserveScene.square(Self.center, half: 0.03)),
                                    properties: ["code": "NR1", "name": "溱湖", "zone": .null]))
            let file = dir.appendingPathComponent("nr.shp").path
            try VectorSink.write(features, to: file)
            let redLine = dir.appendingPathComponent("rl.geojson").path
            try VectorSink.write([ReserveScene.redLine(code: "RL9", name: "红线", center: Coordinate(Self.center.x + 0.04, Self.center.y), half: 0.02)], to: redLine)
            let o = try options("2020-01-01")
            _ = try await registry.apply(try RegistryImport.read(file, options: o), options: o)
            var r = try options("2020-01-01", kind: .ecologicalRedLine)
            r.zoneField = nil
            _ = try await registry.apply(try RegistryImport.read(redLine, options: r), options: r)

            let findings = try RegistryCheck().run(try await registry.list(asOf: try Day("2021-01-01")))
            let overlap = try #require(findings.first { $0.kind == .zoneOverlap })
            #expect(Set(overlap.zones) == [.core, .buffer])
            let expectedOverlap = Geometry.polygon(ReserveScene.ring(Self.center, inner: 0.01, outer: 0.012)).geodesicArea
            #expect(abs(overlap.areaM2 - expectedOverlap) / expectedOverlap < 0.01)
            let gap = try #require(findings.first { $0.kind == .gap })
            #expect(abs(gap.areaM2 - hole.geodesicArea) / hole.geodesicArea < 0.01)
            #expect(abs(gap.location.x - (Self.center.x + 0.015)) < 0.003)
            let areaOverlap = try #require(findings.first { $0.kind == .areaOverlap })
            #expect(areaOverlap.areas == ["NR1", "RL9"])
            #expect(!areaOverlap.isError)
        }
    }

    @Test(arguments: StoreKind.available) func exportReimportsToTheSameAreas(kind: StoreKind) async throws {
        try await withRegistry(kind) { registry, _, workspaces in
            let dir = workspaces.dir
            let file = dir.appendingPathComponent("nr.geojson").path
            try VectorSink.write(ReserveScene.natureReserve(code: "NR1", name: "溱湖", center: Self.center), to: file)
            let o = try options("2020-01-01")
            _ = try await registry.apply(try RegistryImport.read(file, options: o), options: o)
            let original = try await registry.list(asOf: try Day("2026-07-01"))
            for ext in ["geojson", "gpkg", "shp", "csv"] {
                let out = dir.appendingPathComponent("export-\(ext).\(ext)").path
                var sink = VectorSink.Options()
                sink.wkt = true  // CSV carries shapes only as WKT
                try VectorSink.write(try await registry.features(asOf: try Day("2026-07-01"), zones: true), to: out, options: sink)
                let other = try await workspaces.make("re-\(ext)")
                var ro = try options("2020-01-01")
                if ext == "csv" { ro.sourceCRS = .wgs84 }
                let reimported = Registry(store: other)
                _ = try await reimported.apply(try RegistryImport.read(out, options: ro), options: ro)
                let back = try await reimported.list(asOf: try Day("2026-07-01"))
                #expect(back.count == 1)
                for (a, b) in zip(original[0].version.zones, back[0].version.zones) {
                    #expect(a.kind == b.kind)
                    #expect(abs(a.areaKm2 - b.areaKm2) / a.areaKm2 < 0.001, "\(ext) \(a.kind)")
                }
            }
        }
    }
}
