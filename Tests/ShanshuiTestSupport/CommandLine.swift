import Foundation
import GeoKit

/// Runs the built `shanshui` executable as a user would, capturing its output.
public enum ShanshuiCommand {
    /// What a run printed and how it ended.
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The `shanshui` binary beside the test bundle in the build products folder.
    public static var executable: URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("shanshui").path), dir.path != "/" {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("shanshui")
    }

    /// Seconds a run may take before the test kills it: a hung command fails its test instead of the suite.
    public static let timeout = 900.0

    /// Runs `shanshui` with `arguments` in `directory` (the repository root by default), with
    /// `input` (if any) on its standard input.
    public static func run(_ arguments: [String], in directory: URL = Fixture.root,
                           environment: [String: String] = [:], input: String? = nil) throws -> Result {
        let run = try ChildProcess.run(executable.path, arguments, in: directory,
                                       environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
                                       input: input.map { Data($0.utf8) }, timeout: timeout)
        return Result(status: run.status, stdout: run.stdout,
                      stderr: run.timedOut ? run.stderr + "\n(killed by the test after \(Int(timeout)) s)" : run.stderr)
    }
}

extension ShanshuiCommand {
    /// Starts `shanshui`, waits until its stderr prints a line containing `marker`, then kills it
    /// with SIGKILL, as a crash or an operator's `kill -9` would.
    public static func killAfterFirstLine(_ arguments: [String], containing marker: String, in directory: URL,
                                          environment: [String: String]) throws {
        // Killed by the thread that reads standard error, the moment the marker arrives (polling
        // would leave the process time to do more).
        let process = try Background(arguments, in: directory, environment: environment, killOn: marker)
        _ = process.wait(for: marker, timeout: 600)
        process.kill()
    }
}

extension ShanshuiCommand {
    /// A `shanshui` process running in the background, its standard error collected as it comes,
    /// for tests that run several processes at once and kill some.
    public final class Background: @unchecked Sendable {
        public let process = Process()
        private let end: ProcessEnd
        private let lock = NSLock()
        private var collected = ""
        private let done = DispatchSemaphore(value: 0)

        /// Starts `shanshui` with `arguments` in `directory`; killed (SIGKILL) as soon as its standard
        /// error shows `killOn`, when given.
        public init(_ arguments: [String], in directory: URL, environment: [String: String] = [:], killOn: String? = nil) throws {
            process.executableURL = ShanshuiCommand.executable
            process.arguments = arguments
            process.currentDirectoryURL = directory
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            let err = Pipe()
            process.standardError = err
            process.standardOutput = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            end = ProcessEnd(of: process)
            try process.run()
            let handle = err.fileHandleForReading
            Thread.detachNewThread { [self] in
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    lock.lock()
                    collected += String(decoding: chunk, as: UTF8.self)
                    let hit = killOn.map(collected.contains) ?? false
                    lock.unlock()
                    if hit { Foundation.kill(process.processIdentifier, SIGKILL) }
                }
                done.signal()
            }
        }

        /// What the process wrote to standard error so far.
        public var stderr: String {
            lock.lock()
            defer { lock.unlock() }
            return collected
        }

        /// Waits until standard error contains `marker`. - Returns: false on timeout or exit.
        public func wait(for marker: String, timeout: Double) -> Bool {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if stderr.contains(marker) { return true }
                if end.wait(timeout: 0) { return stderr.contains(marker) }
                Thread.sleep(forTimeInterval: 0.05)
            }
            return false
        }

        /// Kills the process with SIGKILL, as a crash or `kill -9` would.
        public func kill() {
            Foundation.kill(process.processIdentifier, SIGKILL)
            end.wait()
        }

        /// Waits for the exit (killing it after `timeout` seconds). - Returns: the exit status.
        @discardableResult
        public func finish(timeout: Double) -> Int32 {
            if !end.wait(timeout: timeout) { kill() }
            _ = done.wait(timeout: .now() + 5)
            return process.terminationStatus
        }
    }
}
