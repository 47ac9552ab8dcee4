import Foundation
import GeoKit
import ShanshuiTestSupport

/// Runs a command-line tool (ogrinfo, curl, openssl, a Python tool) without blocking a thread of
/// the cooperative pool, which the in-process server under test needs.
enum ExternalTool {
    /// Runs `executable` (a path, or a name looked up on PATH) with `arguments` and extra environment on a
    /// thread of its own; killed after `timeout` seconds, so a hung browser fails its test, not the suite.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                    timeout: Double = 900) async throws -> ChildProcess.Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result {
                    try ChildProcess.run(executable.hasPrefix("/") ? executable : "/usr/bin/env",
                                         executable.hasPrefix("/") ? arguments : [executable] + arguments,
                                         environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }, timeout: timeout)
                })
            }
        }
    }
}
