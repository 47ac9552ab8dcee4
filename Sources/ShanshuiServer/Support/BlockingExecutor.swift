import Dispatch

/// A task executor on its own threads for blocking work (GDAL reads, GEOS-heavy imports,
/// change detection), so the cooperative pool and the event loops stay free to answer requests.
final class BlockingExecutor: TaskExecutor, @unchecked Sendable {
    /// The service's one blocking executor.
    static let shared = BlockingExecutor()

    private let queue = DispatchQueue(label: "shanshui.blocking", qos: .utility, attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    /// Runs `work` on the blocking executor.
    static func run<T: Sendable>(_ work: @Sendable () async throws -> T) async throws -> T {
        try await withTaskExecutorPreference(shared) { try await work() }
    }
}
