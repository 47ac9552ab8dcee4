import ArgumentParser
import Foundation
import GeoKit
import Shanshui

/// `shanshui epochs add|list`: register imagery epochs.
struct EpochsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "epochs", abstract: "Register and list imagery epochs.",
                                                    subcommands: [EpochsAdd.self, EpochsList.self, EpochsTiles.self])
}

struct EpochsAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Register an epoch (files are referenced, not copied).")
    @OptionGroup var workspace: WorkspaceOptions
    @Argument(help: "The epoch's name, e.g. 2026H1.") var name: String
    @Argument(help: "A multiband raster, or single-band rasters in band order, comma-separated (paths, or URLs: https://, s3://, gs://).") var rasters: String
    @Option(help: "Acquisition (or mosaic) date, YYYY-MM-DD.") var date: String
    @Option(help: "Sensor, e.g. Sentinel-2, Landsat-8, GF-2.") var sensor: String?
    @Option(help: "Band roles: blue=1,green=2,red=3,nir=4[,swir1=N,swir2=N] (default: from band descriptions).") var bands: String?
    @Option(help: "Cloud/invalid mask raster (non-zero = not assessed); a path or URL.") var mask: String?

    func run() async throws {
        try await reportingFailure {
            let paths = rasters.split(separator: ",").map { String($0) }
            let e = try await EpochCatalog(store: try workspace.open()).add(name: name, paths: paths, date: try Day(date),
                                                                           sensor: sensor, bands: bands, mask: mask)
            let box = e.footprint.envelope.map { String(format: "%.5f %.5f – %.5f %.5f", $0.minX, $0.minY, $0.maxX, $0.maxY) } ?? "?"
            print("epoch \(e.name): \(e.date), \(e.width)×\(e.height) px, \(e.bandCount) bands (\(e.bands ?? "")), \(e.crs), lon/lat \(box)")
        }
    }
}

struct EpochsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List epochs by date.")
    @OptionGroup var workspace: WorkspaceOptions
    @Flag(help: "Print JSON.") var json = false
    func run() async throws {
        try await reportingFailure {
            if json { return JSONOutput.print(try await workspace.open().epochs().map(EpochShape.init)) }
            var table = TextTable("id", "name", "date", "sensor", "size", "bands", "crs", "files")
            for e in try await workspace.open().epochs() {
                table.add(String(e.id), e.name, e.date.description, e.sensor ?? "–", "\(e.width)×\(e.height)", e.bands ?? "–", e.crs,
                          e.paths.joined(separator: ","))
            }
            print(table.text)
        }
    }
}

/// `shanshui scan BEFORE AFTER`: the semiannual scan over protected areas.
struct ScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan", abstract: "Detect change between two epochs over protected areas and flag cases; --resume ID finishes an interrupted scan.")
    @OptionGroup var workspace: WorkspaceOptions
    @Argument(help: "The before epoch (name or id).") var before: String?
    @Argument(help: "The after epoch (name or id).") var after: String?
    @Option(help: "all, or protected-area ids/codes, comma-separated.") var reserves: String = "all"
    @Option(help: "Only these kinds, comma-separated.") var kinds: String?
    @Option(help: "Also scan this many metres around each area.") var buffer: Double = 0
    @Option(help: "Minimum patch area, m².") var minArea: Double = 1000
    @Option(help: "Days after flagging that field verification of a new case is due.") var dueDays: Int = 30
    @Option(help: "Patches less confident than this (0–1) are stored but not flagged as cases.")
    var minConfidence: Double = ScanRunner.defaultMinimumConfidence
    @Option(help: "Finish the interrupted scan with this id (for a distributed scan: queue its failed jobs again).") var resume: Int64?
    @Option(help: "Worker threads for detection.") var threads: Int?
    @Flag(help: "Queue the scan as jobs in the shared PostGIS workspace for `shanshui worker` processes, and return.")
    var distributed = false
    @Option(help: "With --distributed: pixels per side of a tile job (a multiple of the 512-pixel block).") var tileSize: Int = 2048
    @Flag(help: "Replace an earlier scan of the same epochs over the same areas: its patches and the cases nobody worked on (worked-on cases are kept and linked).")
    var rescan = false
    @Flag(help: "No progress lines.") var quiet = false
    @Flag(help: "Print the finished scan as JSON (the shape of `scans show --json`).") var json = false

    func run() async throws {
        try await reportingFailure {
            // A distributed scan needs the shared database's job queue; one pool serves both.
            let queue = distributed ? try workspace.openJobQueue() : nil
            var scanner = try Workspace.scanner(workspace, threads: threads, store: queue)
            let id: Int64
            if let resume {
                id = resume
                // A distributed scan is resumed by its workers: failed jobs are queued again.
                if let record = try await scanner.scans.scan(id), record.parameters["distributed"] == true,
                   let jobs = scanner.scans.jobQueue {
                    let again = try await jobs.retryFailedJobs(scanID: id)
                    print("scan \(id): \(again) failed job(s) queued again; run `shanshui worker --db \(workspace.redactedPath) --scan \(id)`")
                    return
                }
            } else {
                guard let before, let after else { throw ValidationError("give BEFORE and AFTER epochs, or --resume ID") }
                var request = ScanRunner.Request(before: before, after: after)
                request.reserves = reserves == "all" ? nil : reserves.split(separator: ",").map { String($0) }
                request.kinds = try kinds.map { try $0.split(separator: ",").map { try ProtectedAreaKind(parsing: String($0)) } }
                request.bufferMetres = buffer
                request.minimumArea = minArea
                guard dueDays > 0 else { throw ValidationError("--due-days must be at least 1") }
                request.verificationDays = dueDays
                guard (0...1).contains(minConfidence) else { throw ValidationError("--min-confidence must be between 0 and 1, got \(minConfidence)") }
                request.minimumConfidence = minConfidence
                request.tileSize = tileSize
                request.rescan = rescan
                if let queue {
                    let id = try await scanner.startDistributed(request, jobs: queue)
                    let progress = ScanJobProgress(jobs: try await queue.jobs(scanID: id))
                    print("scan \(id) queued: \(progress.count(.plan)) protected area(s) in \(progress.count(.tile)) tile job(s) of \(tileSize) px, "
                          + "after one plan job each and before one stitch job each.\n"
                          + "Run workers anywhere that reaches the database and the imagery:\n"
                          + "  shanshui worker --db \(workspace.redactedPath) --scan \(id)\n"
                          + "and follow them with: shanshui scans show \(id) --db \(workspace.redactedPath)")
                    return
                }
                id = try await scanner.start(request)
                if !quiet { printError("scan \(id) started") }
            }
            let quiet = self.quiet
            let warnings = WarningLog()
            if !quiet { scanner.chipProgress = ChipMeter().report }
            let scan = try await scanner.run(id) { p in
                if let warning = p.warning { warnings.add(warning) }
                guard !quiet else { return }
                printError("[\(p.done)/\(p.total)] \(p.area.code) \(p.area.name): \(p.patches) patch(es), \(p.newCases) new case(s), \(p.extendedCases) extended" + (p.warning.map { " – warning: \($0)" } ?? ""))
            }
            if json { return JSONOutput.print(try await ScanReport.shape(scan, workspace: workspace)) }
            print(try await ScanReport.text(scan, workspace: workspace, warnings: warnings.lines))
        }
    }
}

/// Prints how far the chips are (every tenth) and, at the end, how long they took.
final class ChipMeter: @unchecked Sendable {
    private let lock = NSLock()
    private var start = ContinuousClock.now
    private var shown = 0

    func report(_ done: Int, _ total: Int) {
        lock.withLock {
            if done == 0 {
                start = ContinuousClock.now
                printError("chips: drawing \(total) case(s)")
                return
            }
            let step = max(1, total / 10)
            guard done == total || done >= shown + step else { return }
            shown = done
            if done < total { printError("chips: \(done)/\(total)"); return }
            let seconds = Stopwatch.seconds(ContinuousClock.now - start)
            printError(String(format: "chips: %d drawn in %.2f s (%.1f ms a case)", total, seconds, seconds * 1000 / Double(total)))
        }
    }
}

/// `shanshui scans list|show`.
struct ScansCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "scans", abstract: "List scans and show one.",
                                                    subcommands: [ScansList.self, ScansShow.self])
}

struct ScansList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List scans, newest first.")
    @OptionGroup var workspace: WorkspaceOptions
    @Flag(help: "Print JSON.") var json = false
    func run() async throws {
        try await reportingFailure {
            if json { return JSONOutput.print(try await workspace.open().scans().map { ScanShape($0) }) }
            var table = TextTable("id", "status", "before", "after", "areas done", "patches", "started", "finished")
            for s in try await workspace.open().scans() {
                table.add(String(s.id), s.status.rawValue, s.parameters["before"]?.stringValue ?? "", s.parameters["after"]?.stringValue ?? "",
                          "\(s.areas.filter(\.done).count)/\(s.areas.count)", String(s.areas.reduce(0) { $0 + $1.patches }),
                          s.startedAt, s.finishedAt ?? "–")
            }
            print(table.text)
        }
    }
}

struct ScansShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a scan's progress and result per protected area.")
    @OptionGroup var workspace: WorkspaceOptions
    @Argument(help: "The scan id.") var id: Int64
    @Flag(help: "Print JSON.") var json = false
    func run() async throws {
        try await reportingFailure {
            guard let scan = try await workspace.open().scan(id) else { throw DomainError.notFound("no scan \(id)") }
            if json { return JSONOutput.print(try await ScanReport.shape(scan, workspace: workspace)) }
            print(try await ScanReport.text(scan, workspace: workspace))
        }
    }
}

/// The per-area summary printed after a scan and by `scans show`.
enum ScanReport {
    /// The scan with the cases it opened, as `GET /api/v1/scans/{id}` answers.
    static func shape(_ scan: ScanRecord, workspace: WorkspaceOptions) async throws -> ScanShape {
        var filter = CaseFilter()
        filter.scanID = scan.id
        return ScanShape(scan, cases: try await workspace.open().cases(filter))
    }

    static func text(_ scan: ScanRecord, workspace: WorkspaceOptions, warnings: [String] = []) async throws -> String {
        let store = try workspace.open()
        let registry = Registry(store: store)
        var filter = CaseFilter()
        filter.scanID = scan.id
        let cases = try await store.cases(filter)
        var table = TextTable("area", "name", "state", "patches", "damage m²", "cases flagged")
        for part in scan.areas {
            let area = try await registry.area(String(part.areaID))
            table.add(area.code, area.name, part.done ? "done" : "pending", String(part.patches), String(Int(part.damageM2.rounded())),
                      String(cases.filter { $0.area.id == part.areaID }.count))
        }
        let total = scan.areas.reduce(0) { $0 + $1.patches }
        var text = "scan \(scan.id) (\(scan.parameters["before"]?.stringValue ?? "?") → \(scan.parameters["after"]?.stringValue ?? "?")): \(scan.status.rawValue)\n"
            + table.text + "\n\n\(total) patch(es), \(cases.count) new case(s) flagged"
        let unrouted = CaseRouting.unrouted(cases)
        text += unrouted.message.map { "\nwarning: " + $0 } ?? (cases.isEmpty ? "" : ", every one routed to a grid head")
        if let minimum = scan.parameters["min_confidence"]?.doubleValue {
            let doubtful = try await store.patches(scanID: scan.id).filter { $0.confidence < minimum && $0.lineage != .restored }.count
            text += String(format: "\nminimum confidence for the ledger %.2f: %d patch(es) below it kept as patches, not flagged", minimum, doubtful)
        }
        for warning in Set(warnings).sorted() { text += "\nwarning: \(warning)" }
        if let queue = store.jobQueue, scan.parameters["distributed"] == true {
            let progress = ScanJobProgress(jobs: try await queue.jobs(scanID: scan.id))
            text += "\n" + progress.lines.joined(separator: "\n")
            for note in Set(progress.jobs.filter { $0.kind == .plan }.compactMap(\.note)).sorted() { text += "\nwarning: \(note)" }
        }
        return text
    }
}

extension Workspace {
    /// The scanner over a workspace (opened here unless given), with chips written beside it.
    static func scanner(_ workspace: WorkspaceOptions, threads: Int?, store opened: (any WorkspaceStore)? = nil) throws -> ScanRunner {
        let store = try opened ?? workspace.open()
        var scanner = ScanRunner(registry: Registry(store: store), scans: store, cases: store)
        scanner.clock = try workspace.clock
        scanner.evidenceDirectory = workspace.evidenceDirectory
        scanner.grid = Grid(store: store)
        if let threads { scanner.detection.threads = threads }
        return scanner
    }
}

/// Warnings gathered from a scan's progress callbacks (called from worker threads).
final class WarningLog: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [String] = []

    func add(_ line: String) {
        lock.lock()
        collected.append(line)
        lock.unlock()
    }

    var lines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return collected
    }
}

/// Namespace for workspace-wide helpers.
enum Workspace {}
