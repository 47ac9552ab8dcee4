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
            // Detection blocks its thread for a long while: keep it off the cooperative pool,
            // which the servers under test need (2 cores here).
            let scanID = try await runner.start(request)
            _ = try await withTaskExecutorPreference(ScanThread.shared) { try await runner.run(scanID) }
        }
        return (db, evidence, county)
    }
}

/// A task executor on its own thread for the in-process scan.
final class ScanThread: TaskExecutor, @unchecked Sendable {
    static let shared = ScanThread()
    private let queue = DispatchQueue(label: "shanshui.test.scan")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
