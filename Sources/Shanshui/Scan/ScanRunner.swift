import Foundation
import GeoKit

/// The semiannual scan: two epochs compared over every selected protected area (as of the
/// after-epoch date, plus an optional buffer), every patch stored with its lineage, and every
/// damage touching an area flagged as a case or added to the open case it continues.
///
/// Work is committed one protected area at a time, so an interrupted scan resumes where it
/// stopped (`resume`) without losing or duplicating a patch.
public struct ScanRunner: Sendable {
    public let registry: Registry
    public let scans: any ScanStore
    public let cases: any CaseStore
    public var flagger = CaseFlagger()
    public var detection = DetectionConfiguration()
    /// Who answers for the land; the workspace's grid on the detection day when nil.
    public var responsibility: (any ResponsibilityResolver)?
    /// The grid to ask when `responsibility` is nil.
    public var grid: Grid?
    /// Where before/after chips of new cases are written (one folder per case), if anywhere.
    public var evidenceDirectory: String?
    /// Told how far the chips of a scan are while they draw (after detection).
    public var chipProgress: ChipProgress?
    /// Where the start and end times of scans and of the events they write come from.
    public var clock: WallClock = .system

    /// A scanner over the workspace's stores.
    public init(registry: Registry, scans: any ScanStore, cases: any CaseStore) {
        self.registry = registry
        self.scans = scans
        self.cases = cases
    }

    /// What to scan.
    public struct Request: Sendable {
        public var before: String
        public var after: String
        /// Protected-area ids or codes; all when nil.
        public var reserves: [String]?
        public var kinds: [ProtectedAreaKind]?
        /// Metres around each area also scanned (patches there are stored, not flagged).
        public var bufferMetres: Double = 0
        public var minimumArea: Double = 1000
        /// Days from flagging to the verification due day of new cases.
        public var verificationDays: Int = 30
        /// Pixels per side of the tile jobs of a distributed scan (whole blocks).
        public var tileSize: Int = 2048
        /// Replace an earlier scan of the same epochs over the same areas (else such a scan is refused).
        public var rescan: Bool = false
        /// Patches less confident than this are stored but not flagged as cases (the default: see
        /// `PatchConfidence.ledgerMinimum`).
        public var minimumConfidence: Double = ScanRunner.defaultMinimumConfidence

        /// Scans all areas between two epochs.
        public init(before: String, after: String) {
            self.before = before
            self.after = after
        }
    }

    /// The default of `Request.minimumConfidence` (and of `scan --min-confidence`).
    public static let defaultMinimumConfidence = PatchConfidence.ledgerMinimum

    /// Progress of a running scan, per protected area.
    public struct Progress: Sendable {
        public var done: Int
        public var total: Int
        public var area: ProtectedArea
        public var patches: Int
        public var newCases: Int
        public var extendedCases: Int
        public var warning: String?
    }

    /// Records a new scan and splits it into jobs for `ScanWorker`s: per protected area a plan
    /// job (fits the change model), tile jobs of whole blocks, and a stitch job. Only the
    /// imagery's headers are read here.
    /// - Returns: the scan id.
    /// - Throws: `DomainError.invalidValue` for a tile size that is not whole blocks; detection
    ///   errors for unreadable imagery (the scan is then recorded as failed).
    public func startDistributed(_ request: Request, jobs: any ScanJobStore) async throws -> Int64 {
        let block = detection.blockSize
        guard request.tileSize >= block, request.tileSize % block == 0 else {
            throw DomainError.invalidValue("the tile size must be a multiple of the \(block)-pixel block, got \(request.tileSize)")
        }
        let id = try await start(request, distributed: true)
        do {
            let context = try await ScanContext.load(id, runner: self)
            var split: [(areaID: Int64, tiles: Int)] = []
            for part in context.scan.areas {
                guard let area = context.area(part.areaID) else { continue }
                split.append((part.areaID, try context.tileCount(for: area)))
            }
            try await jobs.enqueue(scanID: id, areas: split)
        } catch {
            try? await scans.finishScan(id, status: .failed, at: Ledger.timestamp(clock))
            throw error
        }
        return id
    }

    /// Records a new scan with one pending part per selected protected area.
    /// - Returns: the scan id.
    public func start(_ request: Request) async throws -> Int64 {
        try await start(request, distributed: false)
    }

    /// Validates and records a scan; validated again if another one of the same epochs started
    /// meanwhile, so of two scans started at once one runs and the other is refused as a repeat.
    private func start(_ request: Request, distributed: Bool) async throws -> Int64 {
        try await retryingConcurrentChanges("the scan") { try await startOnce(request, distributed: distributed) }
    }

    private func startOnce(_ request: Request, distributed: Bool) async throws -> Int64 {
        let catalog = EpochCatalog(store: scans)
        let before = try await catalog.epoch(request.before), after = try await catalog.epoch(request.after)
        guard before.date < after.date else {
            throw DomainError.invalidValue("the before epoch (\(before.name), \(before.date)) must be older than the after epoch (\(after.name), \(after.date))")
        }
        var areas = try await registry.list(asOf: after.date)
        if let kinds = request.kinds { areas = areas.filter { kinds.contains($0.area.kind) } }
        if let wanted = request.reserves {
            var chosen: [AreaVersion] = []
            for w in wanted {
                let a = try await registry.area(w)
                guard let v = areas.first(where: { $0.area.id == a.id }) else {
                    throw DomainError.invalidValue("\(a.code) (\(a.name)) is not in force on \(after.date) or not of the kinds asked for")
                }
                chosen.append(v)
            }
            areas = chosen
        }
        guard !areas.isEmpty else { throw try await nothingToScan(on: after.date) }
        let ofPair = try await scans.scans().filter { $0.beforeEpoch == before.id && $0.afterEpoch == after.id }.count
        let earlier = try await earlierScans(before: before, after: after, areas: areas.map(\.area.id))
        if let latest = earlier.first, !request.rescan { throw Self.alreadyScanned(latest, before: before, after: after) }
        var members: [(key: String, value: JSONValue)] = [
            ("before", .string(before.name)), ("after", .string(after.name)),
            ("reserves", request.reserves.map { .array($0.map(JSONValue.string)) } ?? "all"),
            ("kinds", request.kinds.map { .array($0.map { .string($0.rawValue) }) } ?? "all"),
            ("buffer_m", .double(request.bufferMetres)), ("min_area_m2", .double(request.minimumArea)),
            ("verification_days", .int(Int64(request.verificationDays))),
            ("min_confidence", .double(request.minimumConfidence)),
            ("block_size", .int(Int64(detection.blockSize))),
        ]
        if distributed { members += [("distributed", true), ("tile_size", .int(Int64(request.tileSize)))] }
        if request.rescan, !earlier.isEmpty { members.append(("replaces", .array(earlier.map { .int($0.id) }))) }
        let parameters = JSONValue.object(members)
        return try await scans.createScan(ScanRecord(beforeEpoch: before.id, afterEpoch: after.id, startedAt: Ledger.timestamp(clock),
                                                     parameters: parameters, areas: areas.map { ScanAreaProgress(areaID: $0.area.id) }),
                                          expectedScansOfPair: ofPair)
    }

    /// Why no protected area is in force on `day`: the areas that exist and the day each starts.
    func nothingToScan(on day: Day) async throws -> DomainError {
        let all = try await registry.store.protectedAreas(kind: nil)
        guard !all.isEmpty else { return .invalidInput("no protected area to scan: import some with `shanshui reserves import`") }
        var known: [String] = []
        for a in all.prefix(10) {
            let versions = try await registry.store.versions(areaID: a.id)
            known.append("\(a.code) (\(a.name)) from \(versions.first?.validFrom.shown ?? "?")"
                         + (versions.last?.change == .withdraw ? ", withdrawn \(versions.last!.validFrom)" : ""))
        }
        return .invalidInput("no protected area to scan on \(day) (the after epoch's date): the workspace holds \(known.joined(separator: ", "))"
            + (all.count > 10 ? " and \(all.count - 10) more" : "")
            + "; import boundaries in force then with `shanshui reserves import FILE --effective DAY` (or without --effective on a first import: in force from an unknown start)")
    }

    /// Runs (or resumes) a scan: every pending protected area is detected, flagged and committed.
    public func run(_ scanID: Int64, progress: (@Sendable (Progress) -> Void)? = nil) async throws -> ScanRecord {
        let context = try await ScanContext.load(scanID, runner: self)
        if let file = context.scan.parameters["imported"]?.stringValue {
            throw DomainError.conflict("scan \(scanID) is an import of \(file): run the same `shanshui patches import` again to finish it")
        }
        let scan = context.scan
        if let later = try await replacement(of: scan) {
            throw DomainError.conflict("scan \(scanID) was replaced by scan \(later.id) (--rescan): resuming it would put its patches beside "
                + "the newer scan's; " + (later.status == .finished ? "scan \(later.id) is finished" : "resume scan \(later.id) instead with `shanshui scan --resume \(later.id)`"))
        }
        let done = scan.areas.filter(\.done).count, total = scan.areas.count
        let pending = scan.areas.filter { !$0.done }.compactMap { context.area($0.areaID) }
        context.expectBlocks(of: pending)
        // Each area is committed while the next one is detected; commits stay in area order, and
        // each is reported as soon as it is in the store (so a kill after "[1/2]" leaves 1/2 done).
        var committing: Task<Void, any Error>?
        do {
            for (i, area) in pending.enumerated() {
                let (patches, restored, warning) = try context.detect(area)
                try await committing?.value
                committing = Task {
                    let result = try await context.commit(area, patches: patches, restored: restored)
                    progress?(Progress(done: done + i + 1, total: total, area: area.area, patches: patches.count,
                                       newCases: result.newCases.count, extendedCases: result.extendedCases.count, warning: warning))
                }
            }
            try await committing?.value
        } catch {
            _ = try? await committing?.value  // no write left running behind the error
            throw error
        }
        // Chips once at the end, for every area: this also covers a scan resumed after an interruption.
        if let evidenceDirectory {
            var cases: [Case] = []
            for part in scan.areas { if let area = context.area(part.areaID) { cases += try await context.newCases(in: area) } }
            try await context.renderChips(cases, into: evidenceDirectory, progress: chipProgress)
        }
        try await scans.finishScan(scanID, status: .finished, at: Ledger.timestamp(clock))
        return try await scans.scan(scanID)!
    }
}
