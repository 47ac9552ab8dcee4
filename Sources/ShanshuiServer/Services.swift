import Foundation
import Logging
import Shanshui
import ShanshuiStore
import Synchronization

/// Everything the controllers work with: the workspace's stores and the domain services over them.
public final class Services: Sendable {
    public let configuration: ServerConfiguration
    public let store: any WorkspaceStore
    public let registry: Registry
    public let grid: Grid
    /// The grid lookup index, kept between requests until the grid changes.
    public let gridLookups: GridLookupCache
    public let ledger: Ledger
    public let tokens: TokenService
    public let accounts: Accounts
    /// Web sign-in for people: sessions and lockout.
    public let signIns: SignIns
    /// HTTP Basic sign-in over the accounts (refused on plain HTTP off loopback).
    let basic: BasicSignIn
    public let metrics = ServiceMetrics()
    public let scans: ScanJobs
    /// The port the server listens on, once bound (the configured one until then).
    let boundPort: Atomic<Int>

    /// Opens the SpatiaLite workspace file named in the configuration.
    public convenience init(configuration: ServerConfiguration, logger: Logger) throws {
        try self.init(configuration: configuration, store: try SpatiaLiteStore(path: configuration.databasePath), logger: logger)
    }

    /// Serves an open workspace: a SpatiaLite file or a shared PostGIS database.
    public init(configuration: ServerConfiguration, store: any WorkspaceStore, logger: Logger) throws {
        self.configuration = configuration
        self.store = store
        boundPort = Atomic(configuration.port)
        registry = Registry(store: store)
        grid = Grid(store: store)
        gridLookups = GridLookupCache(grid: grid)
        ledger = Ledger(store: store, clock: configuration.clock)
        // Kept until the next commit on SpatiaLite; a second on PostGIS, where each read is a round trip.
        tokens = TokenService(store: store, clock: configuration.clock, trustFor: .seconds(1))
        accounts = Accounts(store: store, clock: configuration.clock)
        signIns = SignIns(accounts: accounts, policy: configuration.signIn)
        basic = BasicSignIn(signIns: signIns, refusal: configuration.basicRefusal)
        var runner = ScanRunner(registry: registry, scans: store, cases: store)
        runner.grid = grid
        runner.evidenceDirectory = configuration.evidenceDirectory
        runner.clock = configuration.clock
        if let threads = configuration.scanThreads { runner.detection.threads = threads }
        scans = ScanJobs(runner: runner, logger: logger)
    }

    /// The start of absolute links (OGC API): the configured base URL or the bind address.
    var linkBase: String { configuration.linkBase(boundPort: boundPort.load(ordering: .relaxed)) }

    /// The patch store paged through by map layers.
    var patchPages: any PatchPageStore { store }
}

/// Scans started over HTTP, each run in the background on the blocking executor (detection is
/// long CPU and GDAL work that must not hold the cooperative pool); the running count is a metric.
public final class ScanJobs: Sendable {
    let runner: ScanRunner
    let logger: Logger
    private let running = Mutex<[Int64: Task<Void, Never>]>([:])

    init(runner: ScanRunner, logger: Logger) {
        self.runner = runner
        self.logger = logger
    }

    /// Records a scan and runs it in the background. - Returns: the scan id.
    func start(_ request: ScanRunner.Request) async throws -> Int64 {
        let id = try await runner.start(request)
        let runner = runner, logger = logger
        // The task would inherit the request's commit stamp (`CommitStamps`): it outlives the request.
        let task = Task(executorPreference: BlockingExecutor.shared) { [weak self] in
            do {
                _ = try await CommitStamps.unshared { try await runner.run(id) }
                logger.info("scan \(id) finished")
            } catch {
                logger.error("scan \(id) failed: \(error)")
                try? await runner.scans.finishScan(id, status: .failed, at: runner.clock.now.description)
            }
            _ = self?.running.withLock { $0.removeValue(forKey: id) }
        }
        running.withLock { $0[id] = task }
        return id
    }

    /// How many scans are running now.
    public var count: Int { running.withLock { $0.count } }

    /// Waits for every running scan (tests, shutdown).
    public func waitForAll() async {
        for task in running.withLock({ Array($0.values) }) { await task.value }
    }
}
