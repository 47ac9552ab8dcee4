import Foundation
import GRDB

/// Runs an async algorithm of the domain (`AreaCommit`) inside one SQLite write transaction.
/// GRDB hands the transaction's connection to a synchronous closure on its writer thread; the
/// algorithm runs in a task of its own, and each of its database steps is sent back to the
/// writer thread, run there on the connection, and its result returned to the algorithm. The
/// writer thread does nothing else meanwhile, so the steps run in order, in the transaction.
final class WriterSteps: @unchecked Sendable {
    private let condition = NSCondition()
    private var pending: [@Sendable (Database) -> Void] = []
    private var finished = false

    private init() {}

    /// Runs `body` to its end, executing its steps on `db` (call this from the write closure).
    static func drive<T: Sendable>(_ db: Database, _ body: @escaping @Sendable (WriterSteps) async throws -> T) throws -> T {
        let steps = WriterSteps()
        let outcome = Outcome<T>()
        Task {
            do { outcome.result = .success(try await body(steps)) } catch { outcome.result = .failure(error) }
            steps.signal { $0.finished = true }
        }
        while true {
            let (batch, done) = steps.take()
            for step in batch { step(db) }
            if done && batch.isEmpty { break }
        }
        return try outcome.result!.get()
    }

    /// Runs one step on the writer's connection and returns its result.
    func run<T: Sendable>(_ step: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            signal {
                $0.pending.append { db in
                    do { continuation.resume(returning: try step(db)) } catch { continuation.resume(throwing: error) }
                }
            }
        }
    }

    /// Changes the state under the lock and wakes the writer thread.
    private func signal(_ change: (WriterSteps) -> Void) {
        condition.lock()
        change(self)
        condition.signal()
        condition.unlock()
    }

    /// Waits for steps to run, or for the end; takes the waiting steps.
    private func take() -> (batch: [@Sendable (Database) -> Void], done: Bool) {
        condition.lock()
        defer { condition.unlock() }
        while pending.isEmpty && !finished { condition.wait() }
        let batch = pending
        pending = []
        return (batch, finished)
    }

    /// The algorithm's result, written by its task before it signals the end.
    private final class Outcome<T>: @unchecked Sendable {
        var result: Result<T, any Error>?
    }
}
