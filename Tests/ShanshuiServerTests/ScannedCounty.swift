import Foundation
import GeoKit
import Shanshui
import ShanshuiStore
import ShanshuiTestSupport

/// The supervised county loaded into a workspace and scanned once (in process), shared by the
/// tests that read it; tests that change cases build their own.
enum ScannedCounty {
    /// The workspace path and the county, built on first use.
    static let shared = Task { try await build() }

    /// Writes the county, loads it and runs the E1 → E2 scan with chips.
    static func build(scan: Bool = true) async throws -> (db: String, evidence: String, county: SupervisedCounty) {
        let dir = try Fixture.temporaryDirectory()
        let county = try SupervisedCounty.write(in: dir)
        let db = dir.appendingPathComponent("ws.db").path, evidence = dir.appendingPathComponent("ws-evidence").path
        let store = try SpatiaLiteStore(path: db, create: true)
        let registry = Registry(store: store), grid = Grid(store: store)
        try await county.load(registry: registry, grid: grid, scans: store)
        if scan {
            var runner = ScanRunner(registry: registry, scans: store, cases: store)
            runner.grid = grid
            runner.evidenceDirectory = evidence
            runner.detection.threads = 2
            var request = ScanRunner.Request(before: "E1", after: "E2")
            request.bufferMetres = 200
            _ = try await runner.run(try await runner.start(request))
        }
        return (db, evidence, county)
    }
}
