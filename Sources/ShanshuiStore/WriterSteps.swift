import Foundation
import GRDB

/// Runs an async algorithm of the domain (`AreaCommit`, `GridCommit`) inside one SQLite write
/// transaction, wholly on GRDB's writer thread. GRDB hands the transaction's connection to a
/// synchronous closure on that thread; the algorithm runs in a task whose executor is this
/// thread (the closure runs the task's jobs until it ends), so each database step runs on the
/// connection in order, inside the transaction, and the write never waits for the cooperative
/// thread pool (which long synchronous work elsewhere may hold).
final class WriterSteps: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var finished = false
    /// The transaction's connection, touched only on the writer thread (by `run`).
    private let db: Database

    private init(_ db: Database) {
        self.db = db
    }

    /// Runs `body` to its end on this thread, its steps on `db` (call this from the write closure).
    static func drive<T: Sendable>(_ db: Database, _ body: @escaping @Sendable (WriterSteps) async throws -> T) throws -> T {
        let steps = WriterSteps(db)
        let outcome = Outcome<T>()
        Task(executorPreference: steps) {
            do { outcome.result = .success(try await body(steps)) } catch { outcome.result = .failure(error) }
            steps.finish()
        }
        while let job = steps.next() {
            job.runSynchronously(on: steps.asUnownedTaskExecutor())
        }
        return try outcome.result!.get()
    }

    /// Runs one step on the writer's connection (the task runs on the writer thread).
    func run<T: Sendable>(_ step: (Database) throws -> T) async throws -> T {
        try step(db)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func finish() {
        condition.lock()
        finished = true
        condition.signal()
        condition.unlock()
    }

    /// The next job of the task, waiting for it; nil once the task has ended and left none.
    private func next() -> UnownedJob? {
        condition.lock()
        defer { condition.unlock() }
        while jobs.isEmpty && !finished { condition.wait() }
        return jobs.isEmpty ? nil : jobs.removeFirst()
    }

    /// The algorithm's result, written by its task before it says it has finished.
    private final class Outcome<R>: @unchecked Sendable {
        var result: Result<R, any Error>?
    }
}
