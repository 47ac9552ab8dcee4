import Foundation
import Synchronization

/// Runs items on `threads` workers. Each worker makes its own state once (its own GDAL datasets:
/// they must not be shared between threads) and then takes items in order from a shared counter,
/// so neighbouring blocks are read close together in time. The first error stops the run.
enum Parallel {
    static func map<Worker, Result: Sendable>(
        count: Int, threads: Int, makeWorker: @Sendable () throws -> Worker,
        _ body: @Sendable (Worker, Int) throws -> Result
    ) throws -> [Result] {
        let next = Mutex(0)
        let results = Mutex([Result?](repeating: nil, count: count))
        let failure = Mutex<(any Error)?>(nil)
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, count))) { _ in
            do {
                let worker = try makeWorker()
                while true {
                    let item = next.withLock { n -> Int in
                        defer { n += 1 }
                        return n
                    }
                    guard item < count, failure.withLock({ $0 == nil }) else { return }
                    let result = try body(worker, item)
                    results.withLock { $0[item] = result }
                }
            } catch {
                failure.withLock { if $0 == nil { $0 = error } }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        return results.withLock { $0.map { $0! } }
    }
}
