import Foundation

/// The end of a child process, awaited through `terminationHandler` instead of `Process.waitUntilExit()`:
/// on Linux that call polls a run loop and, with many children running at once, can park its thread for
/// good on a child that has already exited (swift-corelibs-foundation). Create it before `run()`.
public final class ProcessEnd: @unchecked Sendable {
    private let ended = DispatchSemaphore(value: 0)

    /// Watches `process`, which must not have been started yet (the handler would miss a quick exit).
    public init(of process: Process) {
        process.terminationHandler = { [ended] _ in ended.signal() }
    }

    /// Waits for the exit, at most `timeout` seconds when given. - Returns: false when the time ran out first.
    @discardableResult
    public func wait(timeout: Double? = nil) -> Bool {
        if let timeout, ended.wait(timeout: .now() + timeout) == .timedOut { return false }
        if timeout == nil { ended.wait() }
        ended.signal()  // stays signalled: every later wait returns at once
        return true
    }
}

/// A program run to its end with its standard output and error captured in files, so neither a chatty
/// child filling a pipe nor a grandchild keeping one open (Chromium's helpers do) can block the caller.
public enum ChildProcess {
    /// How a run ended and what it printed.
    public struct Result: Sendable {
        /// The exit status (SIGKILL's when it ran out of time).
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// True when the run was killed for outlasting its timeout.
        public var timedOut: Bool
    }

    /// Runs `executable` with `arguments` in `directory`, `environment` replacing the inherited one when given,
    /// `input` on its standard input; kills it (SIGKILL) when it outlasts `timeout` seconds.
    public static func run(_ executable: String, _ arguments: [String], in directory: URL? = nil,
                           environment: [String: String]? = nil, input: Data? = nil, timeout: Double? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("shanshui-child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        defer { try? out.close(); try? err.close() }
        process.standardOutput = out
        process.standardError = err
        if let input {
            let inURL = scratch.appendingPathComponent("stdin")
            try input.write(to: inURL)
            process.standardInput = try FileHandle(forReadingFrom: inURL)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        let end = ProcessEnd(of: process)
        try process.run()
        var timedOut = false
        if !end.wait(timeout: timeout) {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
            end.wait()
        }
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self),
                      stderr: String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self),
                      timedOut: timedOut)
    }
}
