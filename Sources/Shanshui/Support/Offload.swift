import Foundation

/// Runs blocking work (GDAL reads, pixel loops) on a thread of its own and awaits it, so the
/// cooperative pool stays free for what must keep running meanwhile: lease heartbeats and the
/// database client.
func offload<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Result { try body() })
        }
        thread.stackSize = 8 << 20
        thread.start()
    }
}
