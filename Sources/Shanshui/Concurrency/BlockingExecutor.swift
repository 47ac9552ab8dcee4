import Dispatch

/// A task executor on its own threads for blocking work (GDAL reads, GEOS-heavy imports,
/// change detection, chips), so the cooperative pool stays free for what must keep running
/// meanwhile: HTTP requests, the database client, scan workers' lease heartbeats.
public final class BlockingExecutor: TaskExecutor, @unchecked Sendable {
    /// The process's one blocking executor.
    public static let shared = BlockingExecutor()

    private let queue = DispatchQueue(label: "shanshui.blocking", qos: .utility, attributes: .concurrent)

    /// Runs a job on one of the executor's threads.
    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    /// Runs `work` on the blocking executor.
    public static func run<T: Sendable>(_ work: @Sendable () async throws -> T) async throws -> T {
        try await withTaskExecutorPreference(shared) { try await work() }
    }
}
