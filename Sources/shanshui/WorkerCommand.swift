import ArgumentParser
import Foundation
import Shanshui
import ShanshuiPostGIS

/// `shanshui worker`: a stateless process that takes jobs of distributed scans from the shared
/// PostGIS workspace until none is left; run as many as the database and imagery store allow.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run jobs of distributed scans (shanshui scan --distributed) from a shared PostGIS workspace until none is left.")
    @OptionGroup var workspace: WorkspaceOptions
    @Option(help: "Jobs run at once in this process.") var concurrency: Int = 1
    @Option(help: "Threads per job (default: the cores divided by --concurrency).") var threads: Int?
    @Option(help: "Only this scan's jobs (default: any scan's).") var scan: Int64?
    @Option(help: "Seconds a claimed job stays this worker's without a heartbeat; a dead worker's job is retried after it.")
    var lease: Double = 60
    @Option(help: "Longest wait in seconds between looks for work while other workers hold the remaining jobs (the first comes after 0.05 s, then the wait doubles).") var poll: Double = 0.25
    @Option(help: "Claims of one job before it is marked failed.") var maxAttempts: Int = 3
    @Option(help: "The name this worker signs its claims with (default: host:pid).") var name: String?
    @Option(help: "Where to write the before/after chips of new cases (default: beside the workspace).") var evidence: String?
    @Flag(help: "Keep waiting for new scans when the queue is empty.") var follow = false
    @Flag(help: "Log only failures and the summary.") var quiet = false
    @Option(help: .hidden) var holdAfterClaim: Double = 0

    func validate() throws {
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        guard lease >= 1 else { throw ValidationError("--lease must be at least 1 second") }
        guard poll > 0 else { throw ValidationError("--poll must be positive") }
        guard maxAttempts >= 1 else { throw ValidationError("--max-attempts must be at least 1") }
    }

    func run() async throws {
        try await reportingFailure {
            let queue = try workspace.openJobQueue()
            let cores = ProcessInfo.processInfo.activeProcessorCount
            var scanner = try Workspace.scanner(workspace, threads: threads ?? max(1, cores / concurrency), store: queue)
            if let evidence { scanner.evidenceDirectory = evidence }
            let me = name ?? "\(ProcessInfo.processInfo.hostName):\(getpid())"
            var worker = ScanWorker(runner: scanner, jobs: queue, name: me)
            worker.concurrency = concurrency
            worker.lease = lease
            worker.poll = poll
            worker.scanID = scan
            worker.follow = follow
            worker.maxAttempts = maxAttempts
            worker.holdAfterClaim = holdAfterClaim
            worker.roundTrips = { PostGISStore.roundTrips }
            let quiet = self.quiet
            if !quiet { printError("worker \(me): \(concurrency) job(s) at once on \(queue.location)") }
            let summary = try await worker.run { event in
                if !quiet || event.kind == .failed { printError("worker \(me): \(event.text)") }
            }
            let done = ScanJob.Kind.allCases.map { "\(summary.done[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
            let perJob = ScanJob.Kind.allCases.compactMap { kind in
                summary.done[kind].map { String(format: "%.1f per %@", Double(summary.roundTrips[kind] ?? 0) / Double($0), kind.rawValue) }
            }.joined(separator: ", ")
            printError(String(format: "worker %@: %@ job(s) done, %d attempt(s) failed, %d given up, in %.1f s; %d database round trips (%@)",
                              me, done, summary.failed, summary.gaveUp, summary.seconds, PostGISStore.roundTrips, perJob))
            if summary.gaveUp > 0 { throw ExitCode(1) }
        }
    }
}
