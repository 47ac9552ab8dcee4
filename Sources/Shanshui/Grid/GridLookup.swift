import Foundation
import GeoKit

/// Point lookups in bulk on every core: each thread gets its own `GridIndex` (GEOS objects are
/// per thread) over one shared snapshot and interior tree.
public enum GridLookup {
    /// The snapshot position of the cell holding each point (nil outside every cell or for a nil point).
    /// - Parameter threads: worker threads (default: all cores).
    public static func cells(at points: [Coordinate?], in snapshot: GridSnapshot,
                             threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> [Int?] {
        let first = try GridIndex(snapshot, accelerated: points.count >= 10_000)
        let workers = max(1, min(threads, points.count / 50_000 + 1))
        var out = [Int32](repeating: -1, count: points.count)
        if workers == 1 {
            for (k, p) in points.enumerated() { if let p { out[k] = try first.cellIndex(at: p).map { Int32($0) } ?? -1 } }
            return out.map { $0 < 0 ? nil : Int($0) }
        }
        let failure = FirstError()
        let interior = first.interior
        out.withUnsafeMutableBufferPointer { buffer in
            let results = SharedBuffer(buffer: buffer)
            let chunk = (points.count + workers - 1) / workers
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                do {
                    // GEOS objects belong to the thread that made them: one index per worker.
                    let index = try GridIndex(snapshot, interior: interior)
                    for k in (w * chunk)..<min(points.count, (w + 1) * chunk) {
                        guard let p = points[k] else { continue }
                        results.buffer[k] = try index.cellIndex(at: p).map { Int32($0) } ?? -1
                    }
                } catch {
                    failure.record(error)
                }
            }
        }
        if let error = failure.error { throw error }
        return out.map { $0 < 0 ? nil : Int($0) }
    }

    /// Disjoint ranges of one buffer written by the workers.
    private struct SharedBuffer: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<Int32>
    }

    /// The first error any worker met.
    private final class FirstError: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: (any Error)?
        var error: (any Error)? { lock.withLock { stored } }
        func record(_ e: any Error) { lock.withLock { if stored == nil { stored = e } } }
    }
}
