import Foundation
import GeoKit

/// A receiver script from Tests/Fixtures/sinks (the webhook receiver or the SMTP sink) on a free
/// loopback port, running until the value is released; it logs what it receives as JSON lines.
public final class LoopbackSink: @unchecked Sendable {
    let process = Process()
    private let end: ProcessEnd
    /// The JSON-lines log the script writes.
    public let log: String
    /// The port it listens on (0 when it did not start).
    public let port: Int

    /// Starts `script` with `--log` and `--port-file` in `dir` (named `name`) and waits for its port.
    public init(_ script: String, in dir: URL, name: String, arguments: [String] = []) throws {
        log = dir.appendingPathComponent("\(name).jsonl").path
        let portFile = dir.appendingPathComponent("\(name).port").path
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [Fixture.path("sinks/\(script)"), "--log", log, "--port-file", portFile] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        end = ProcessEnd(of: process)
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: portFile), Date() < deadline, !end.wait(timeout: 0) { Thread.sleep(forTimeInterval: 0.05) }
        port = Int((try? String(contentsOfFile: portFile, encoding: .utf8)) ?? "") ?? 0
    }

    /// The logged records, one JSON object each.
    public var records: [JSONValue] {
        ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").compactMap { try? JSONValue.parse(Array($0.utf8)) }
    }

    deinit {
        // SIGKILL: the test process's children may inherit a mask that blocks SIGTERM.
        kill(process.processIdentifier, SIGKILL)
        end.wait(timeout: 30)
    }
}
