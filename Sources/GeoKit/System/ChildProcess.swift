import CSpawn
import Foundation
#if canImport(Glibc)
import Glibc
#endif

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

/// A program run to its end with its standard output and error captured in files. It is spawned and reaped
/// here rather than through Foundation's `Process`, which sees a child end only when every holder of a socket
/// it hands down has closed it: a grandchild that lives on (Chromium's helpers, `sleep &` in a script) would
/// hold the caller, and its timeout, for as long as it lives.
public enum ChildProcess {
    /// How a run ended and what it printed.
    public struct Result: Sendable {
        /// The exit status, or the number of the signal that ended it (SIGKILL's when it ran out of time).
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// True when the run was killed for outlasting its timeout.
        public var timedOut: Bool
    }

    /// A child that could not be started.
    public struct SpawnError: Error, CustomStringConvertible {
        public var executable: String
        public var code: Int32
        public var description: String { "cannot run \(executable): \(String(cString: strerror(code)))" }
    }

    /// Runs `executable` with `arguments` in `directory`, `environment` replacing the inherited one when given,
    /// `input` on its standard input; kills it (SIGKILL) when it outlasts `timeout` seconds.
    public static func run(_ executable: String, _ arguments: [String], in directory: URL? = nil,
                           environment: [String: String]? = nil, input: Data? = nil, timeout: Double? = nil) throws -> Result {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("shanshui-child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outPath = scratch.appendingPathComponent("stdout").path, errPath = scratch.appendingPathComponent("stderr").path
        var inPath = "/dev/null"
        if let input {
            inPath = scratch.appendingPathComponent("stdin").path
            try input.write(to: URL(fileURLWithPath: inPath))
        }
        let inFD = open(inPath, O_RDONLY | O_CLOEXEC)
        let outFD = open(outPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        let errFD = open(errPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        defer { for fd in [inFD, outFD, errFD] where fd >= 0 { close(fd) } }
        guard inFD >= 0, outFD >= 0, errFD >= 0 else { throw SpawnError(executable: executable, code: errno) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inFD, 0)
        posix_spawn_file_actions_adddup2(&actions, outFD, 1)
        posix_spawn_file_actions_adddup2(&actions, errFD, 2)
        posix_spawn_file_actions_addclosefrom_np(&actions, 3)  // nothing else of ours leaks into the child
        if let directory { posix_spawn_file_actions_addchdir_np(&actions, directory.path) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A default signal mask and dispositions, whatever the caller's threads block or ignore.
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0)=\($1)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw SpawnError(executable: executable, code: spawned) }

        let (status, timedOut) = reap(pid, timeout: timeout)
        return Result(status: status,
                      stdout: String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: outPath))) ?? Data(), as: UTF8.self),
                      stderr: String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: errPath))) ?? Data(), as: UTF8.self),
                      timedOut: timedOut)
    }

    /// Waits for `pid` to end, killing it once `timeout` seconds have passed. - Returns: its status and whether it was killed.
    private static func reap(_ pid: pid_t, timeout: Double?) -> (Int32, Bool) {
        let deadline = timeout.map { Date().addingTimeInterval($0) }
        var raw: Int32 = 0, pause: UInt32 = 1_000, timedOut = false
        while true {
            let done = waitpid(pid, &raw, timedOut ? 0 : WNOHANG)
            if done == pid { break }
            if done == -1 && errno != EINTR { return (-1, timedOut) }
            if let deadline, Date() >= deadline, !timedOut {
                kill(pid, SIGKILL)
                timedOut = true
                continue
            }
            usleep(pause)
            pause = min(pause * 2, 50_000)
        }
        let signal = raw & 0x7f
        return (signal == 0 ? (raw >> 8) & 0xff : signal, timedOut)
    }
}
