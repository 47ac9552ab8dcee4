import Foundation
import GeoKit
import Shanshui
import ShanshuiTestSupport
import Testing

/// Implausible boundary changes (×10 or ÷10, a collapse) are refused unless forced with a
/// reason, which the new version keeps; stray vertices are reported.
@Suite("Boundary plausibility on each store")
struct RegistryPlausibilityTests {
    static let center = Coordinate(119.95, 32.48)

    func options(_ effective: String) throws -> RegistryImportOptions {
        var o = RegistryImportOptions(effective: try Day(effective), instrument: LegalInstrument(number: "环函〔2020〕1号"))
        o.kind = .ecologicalRedLine
        o.codeField = "code"
        return o
    }

    @Test(arguments: StoreKind.available) func aTenfoldGrowthIsRefusedUnlessForcedWithAReason(kind: StoreKind) async throws {
        try await Workspaces.with(kind) { workspaces in
            let registry = Registry(store: try await workspaces.make())
            let file = workspaces.dir.appendingPathComponent("r.geojson").path
            try VectorSink.write([ReserveScene.redLine(code: "RL1", name: "红线", center: Self.center, half: 0.02)], to: file)
            _ = try await registry.apply(try RegistryImport.read(file, options: try options("2020-01-01")), options: try options("2020-01-01"))
            // Half-width 0.02° → 0.08°: 16 times the area.
            try VectorSink.write([ReserveScene.redLine(code: "RL1", name: "红线", center: Self.center, half: 0.08)], to: file)
            var o = try options("2021-01-01")
            await #expect { try await registry.apply(try RegistryImport.read(file, options: o), options: o) } throws: {
                "\($0)".contains("RL1 (红线): boundary") && "\($0)".contains("(×16)") && "\($0)".contains("--force --reason")
            }
            #expect(try await registry.history("RL1").versions.count == 1)
            let plan = try RegistryImport.read(file, options: o)
            await #expect(throws: DomainError.self) {
                try await registry.adjust("RL1", with: plan, effective: try Day("2021-01-01"), change: .adjust, instrument: o.instrument)
            }
            o.forceReason = "merged with the neighbouring red line (省政府批复)"
            let summary = try await registry.apply(plan, options: o)
            #expect(summary.rows.map(\.outcome) == [.adjusted])
            let versions = try await registry.history("RL1").versions
            #expect(versions.count == 2)
            #expect(versions[1].instrument.text?.contains("forced (implausible change accepted): merged with the neighbouring red line") == true)
            // A small change needs no force.
            try VectorSink.write([ReserveScene.redLine(code: "RL1", name: "红线", center: Self.center, half: 0.07)], to: file)
            let small = try options("2022-01-01")
            #expect(try await registry.apply(try RegistryImport.read(file, options: small), options: small).rows.map(\.outcome) == [.adjusted])
        }
    }

    @Test func aCollapseAndAShrinkAreImplausibleAndAStrayVertexIsReported() throws {
        let before = BoundaryVersion(validFrom: try Day("2020-01-01"), change: .establish,
                                     geometry: ReserveScene.redLine(code: "A", name: "A", center: Self.center, half: 0.05).geometry!)
        let tiny = ReserveScene.redLine(code: "A", name: "A", center: Self.center, half: 0.00001).geometry!
        #expect(BoundaryPlausibility().problems(from: before, to: tiny, zones: []).first?.contains("collapses") == true)
        let shrunk = ReserveScene.redLine(code: "A", name: "A", center: Self.center, half: 0.01).geometry!
        #expect(BoundaryPlausibility().problems(from: before, to: shrunk, zones: []).first?.contains("(÷25)") == true)
        // One vertex at (0, 0) in an otherwise small ring.
        var ring = [Coordinate(119.9, 32.4), Coordinate(120.0, 32.4), Coordinate(120.0, 32.45), Coordinate(120.0, 32.5), Coordinate(119.95, 32.5),
                    Coordinate(119.9, 32.5), Coordinate(119.9, 32.45)]
        ring.insert(Coordinate(0, 0), at: 2)
        let spike = Geometry.polygon(Polygon(exterior: ring + [ring[0]]))
        #expect(spike.outlierVertices() == [Coordinate(0, 0)])
        #expect(Geometry.polygon(Polygon(exterior: ring.filter { $0.x != 0 } + [ring[0]])).outlierVertices().isEmpty)
        var warnings: [String] = []
        let plan = try RegistryImport.plan([Feature(geometry: spike, properties: ["name": "红线"])], fields: ["name"], source: "test",
                                           options: { var o = RegistryImportOptions(); o.kind = .ecologicalRedLine; return o }())
        warnings = plan.warnings
        #expect(warnings.contains { $0.contains("vertex (0.000000, 0.000000) lies far from the rest") })
    }
}
