import Foundation
import GeoKit

/// A stateless worker of distributed scans: claims jobs from the shared store under a lease,
/// keeps the lease alive with heartbeats while it works, and stops when no job is left (or keeps
/// waiting with `follow`). Any number of workers on any number of machines may run at once; a
/// worker killed mid-job loses nothing: its lease runs out and another worker takes the job.
public struct ScanWorker: Sendable {
    /// The stores, detection settings, grid and evidence folder, as for a single-process scan.
    public let runner: ScanRunner
    public let jobs: any ScanJobStore
    /// How this worker signs its claims, e.g. `host:pid`.
    public var name: String
    /// Jobs run at once in this process.
    public var concurrency = 1
    /// Seconds a claim holds without a heartbeat; heartbeats come every third of it.
    public var lease: Double = 60
    /// Longest wait, seconds, between looks for work when every remaining job is held by others or
    /// waits on them. The first look after finding nothing comes sooner (`firstPoll`) and the
    /// wait doubles up to this, so a worker idle while another plans or stitches an area starts
    /// on the tiles or chips a moment after they appear, and a worker waiting long looks rarely.
    public var poll: Double = 0.25
    /// The first wait after finding nothing, seconds.
    public var firstPoll: Double = 0.05
    /// Only this scan's jobs; any scan's when nil.
    public var scanID: Int64?
    /// Keep waiting for new scans instead of stopping when the queue is empty.
    public var follow = false
    /// Claims of one job before it is marked failed.
    public var maxAttempts = 3
    /// New cases per chip job (cut in map order; the last two batches are halved).
    public var chipBatch = 25
    /// Sleep this long after claiming each tile job: fault injection for tests of lost workers.
    public var holdAfterClaim: Double = 0
    /// Reads the process's count of database round trips, to report them per job kind (exact
    /// with one job at a time; with more, jobs running together share their counts).
    public var roundTrips: (@Sendable () -> Int)?

    /// A worker over the runner's stores and the job queue.
    public init(runner: ScanRunner, jobs: any ScanJobStore, name: String) {
        self.runner = runner
        self.jobs = jobs
        self.name = name
    }

    /// Something a worker did, for its log.
    public struct Event: Sendable {
        public enum Kind: String, Sendable { case claimed, done, failed, lostLease = "lost lease", finishedScan = "finished scan" }
        public var kind: Kind
        public var job: ScanJob
        /// The protected area's code.
        public var area: String
        public var seconds: Double
        public var message: String?

        /// One log line, e.g. `claimed tile 3 of NR-T (scan 2, attempt 1)`.
        public var text: String {
            let what = switch job.kind {
            case .tile: "tile \(job.tile)"
            case .chips: "chips batch \(job.tile)"
            case .plan, .stitch: job.kind.rawValue
            }
            var line = "\(kind.rawValue) \(what) of \(area) (scan \(job.scanID), attempt \(job.attempts))"
            if kind != .claimed { line += String(format: " %.2f s", seconds) }
            if let message { line += ": \(message)" }
            return line
        }
    }

    /// What a worker did before stopping.
    public struct Summary: Sendable {
        public var done: [ScanJob.Kind: Int] = [:]
        /// Attempts that failed (retried later, by this worker or another).
        public var failed = 0
        /// Jobs given up after their last attempt failed: the scan is marked failed.
        public var gaveUp = 0
        /// Database round trips per job kind, from the claim to the completion (with `roundTrips`).
        public var roundTrips: [ScanJob.Kind: Int] = [:]
        public var seconds = 0.0
    }

    /// Claims and runs jobs until none is left (or forever with `follow`).
    public func run(events: (@Sendable (Event) -> Void)? = nil) async throws -> Summary {
        let started = Stopwatch()
        let contexts = ContextCache(runner: runner)
        var summary = try await withThrowingTaskGroup(of: Summary.self) { group in
            // Jobs run on the blocking executor, so CPU-bound work never holds up the heartbeats.
            for _ in 0..<max(1, concurrency) {
                group.addTask(executorPreference: BlockingExecutor.shared) { try await loop(contexts: contexts, events: events) }
            }
            var total = Summary()
            for try await s in group {
                total.done.merge(s.done, uniquingKeysWith: +)
                total.failed += s.failed
                total.gaveUp += s.gaveUp
                total.roundTrips.merge(s.roundTrips, uniquingKeysWith: +)
            }
            return total
        }
        summary.seconds = started.seconds
        return summary
    }

    private func loop(contexts: ContextCache, events: (@Sendable (Event) -> Void)?) async throws -> Summary {
        var summary = Summary()
        var wait = min(firstPoll, poll)
        var previous: ScanJob?
        while true {
            try Task.checkCancellation()
            let mark = roundTrips?() ?? 0
            let last = previous
            let claim = {
                try await jobs.claimJob(worker: name, lease: lease, scanID: scanID, maxAttempts: maxAttempts, at: runner.clock.now, after: last)
            }
            var found = try await claim()
            if found == nil {
                // Nothing free: wait for another worker's plan, tile, stitch or last job to change
                // the queue (or for the poll, which sees leases run out), then look again.
                let look = try await jobs.awaitChange(seconds: wait) { () async throws -> Look? in
                    if let job = try await claim() { return .job(job) }
                    guard !follow else { return nil }
                    return try await jobs.outstandingJobs(scanID: scanID) == 0 ? .finished : nil
                }
                switch look {
                case .finished?: return summary
                case .job(let job)?: found = job
                case nil:
                    wait = min(poll, wait * 2)
                    continue
                }
            }
            guard let job = found else { continue }
            previous = job
            wait = min(firstPoll, poll)
            // A scan that cannot be loaded (its epochs gone) fails the job, not the worker.
            let context = try? await contexts.context(job.scanID)
            let code = context?.area(job.areaID)?.area.code ?? "area \(job.areaID)"
            events?(Event(kind: .claimed, job: job, area: code, seconds: 0))
            let began = Stopwatch()
            // Detached: it runs on the cooperative pool, not the blocking executor the job occupies.
            let heartbeat = Task.detached { [jobs, name, lease] in
                while !Task.isCancelled {
                    try? await Task.sleep(nanoseconds: UInt64(lease / 3 * 1e9))
                    guard !Task.isCancelled else { return }
                    if let kept = try? await jobs.renewLease(job, worker: name, lease: lease), !kept {
                        events?(Event(kind: .lostLease, job: job, area: code, seconds: began.seconds,
                                      message: "another worker took the job over; its result and ours are the same"))
                        return
                    }
                }
            }
            defer { heartbeat.cancel() }
            do {
                if holdAfterClaim > 0, job.kind == .tile { try await Task.sleep(nanoseconds: UInt64(holdAfterClaim * 1e9)) }
                let loaded: ScanContext
                if let context { loaded = context } else { loaded = try await contexts.context(job.scanID) }
                let finished = try await execute(job, context: loaded, contexts: contexts)
                summary.done[job.kind, default: 0] += 1
                if let roundTrips { summary.roundTrips[job.kind, default: 0] += roundTrips() - mark }
                events?(Event(kind: .done, job: job, area: code, seconds: began.seconds))
                if finished { events?(Event(kind: .finishedScan, job: job, area: code, seconds: began.seconds)) }
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                let retry = job.attempts < maxAttempts
                try await jobs.failJob(job, error: "\(error)", retry: retry, at: runner.clock.now)
                summary.failed += 1
                if !retry { summary.gaveUp += 1 }
                events?(Event(kind: .failed, job: job, area: code, seconds: began.seconds,
                              message: "\(error)" + (retry ? " (will be retried)" : " (gave up)")))
            }
        }
    }

    /// What an idle worker's look at the queue found.
    private enum Look: Sendable {
        case job(ScanJob)
        /// No job of a running scan is left: the worker stops.
        case finished
    }

    /// Runs one job. - Returns: true when it finished the scan.
    private func execute(_ job: ScanJob, context: ScanContext, contexts: ContextCache) async throws -> Bool {
        guard let area = context.area(job.areaID) else {
            throw DomainError.notFound("protected area \(job.areaID) is not in force on \(context.after.date)")
        }
        switch job.kind {
        case .plan:
            let plan = try await planArea(area, job: job, context: context)
            try await jobs.completePlan(job, payload: plan.json, tiles: plan.tiles, note: plan.warning)
        case .tile:
            try await jobs.completeTile(job, components: try await analyseTile(job, area: area, context: context, contexts: contexts))
        case .stitch:
            try await stitch(job, area: area, context: context, contexts: contexts)
        case .chips:
            // Batches are cut in map order, so a batch's cases are neighbours sharing imagery tiles.
            let cases = try await contexts.newCases(area, of: context)
            let batches = ScanJob.chipBatches(cases: cases.count, size: chipBatch)
            let batch = batches.indices.contains(job.tile) ? Array(cases[batches[job.tile]]) : []
            if let evidence = runner.evidenceDirectory { try await context.renderChips(batch, into: evidence) }
            try await jobs.completeJob(job)
        }
        return try await finishIfDone(job.scanID)
    }

    /// Marks the scan finished once every area is committed and no job is left.
    /// - Returns: true when this call finished it.
    private func finishIfDone(_ scanID: Int64) async throws -> Bool {
        guard try await jobs.outstandingJobs(scanID: scanID) == 0, let scan = try await runner.scans.scan(scanID),
              scan.status == .running, scan.areas.allSatisfy(\.done) else { return false }
        try await runner.scans.finishScan(scanID, status: .finished, at: Ledger.timestamp(runner.clock))
        return true
    }

    /// The area's plan with the scene's change model, and its tile count. The model is fitted on
    /// the whole overlap once per scan, by the first plan job; the others take it as that job
    /// stored it (waiting while an older plan job fits it), so every area and every worker gets the same
    /// model and no second worker samples the scene again while the first does.
    private func planArea(_ area: AreaVersion, job: ScanJob, context: ScanContext) async throws -> AreaPlan {
        let (region, warning) = try context.region(for: area)
        guard let region else { return AreaPlan(model: nil, tiles: 0, warning: warning) }
        try await adoptStoredModel(job, context: context)
        do {
            let plan = try await BlockingExecutor.run {
                // No tile of the scan can start before the model exists, so its one fit takes every core.
                _ = try context.sceneModel(threads: max(context.detection.threads, ProcessInfo.processInfo.activeProcessorCount))
                return try context.plan(region)
            }
            return AreaPlan(model: try plan.model.encoded(), tiles: TileLayout(blocks: plan.layout, tileSize: context.tileSize).count,
                            warning: plan.model.warning.map { "\(area.area.code): \($0)" })
        } catch {
            guard let warning = ScanContext.warning(for: error, area: area) else { throw error }
            return AreaPlan(model: nil, tiles: 0, warning: warning)
        }
    }

    /// Takes the scene model another plan job of the scan stored, waiting for it while an older
    /// plan job is fitting it; returns without one when none has it and no older one is fitting
    /// it (so of plan jobs claimed at once the oldest fits, and none waits forever on another).
    private func adoptStoredModel(_ job: ScanJob, context: ScanContext) async throws {
        while !context.models.isSettled {
            switch try await jobs.sceneModel(scanID: job.scanID, before: job.id) {
            case .stored(let json): context.models.adopt(try ChangeModel.decoded(json))
            case .none: return
            case .fitting: _ = try await jobs.awaitChange(seconds: poll) { () async throws -> Bool? in nil }
            }
        }
    }

    /// The area's detection plan again, rebuilt from the model its plan job stored (no pixels
    /// sampled) once per process for all the area's tile jobs and its stitch; nil when the plan
    /// found nothing to detect.
    private func storedPlan(_ job: ScanJob, area: AreaVersion, context: ScanContext, contexts: ContextCache) async throws -> StoredPlan? {
        if let known = await contexts.plan(scanID: job.scanID, areaID: job.areaID) { return known }
        guard let planned = try await jobs.planJob(scanID: job.scanID, areaID: job.areaID), let payload = planned.payload else {
            throw DomainError.notFound("the plan of \(area.area.code) in scan \(job.scanID) is missing")
        }
        guard let json = try AreaPlan(json: payload).model, let region = try context.region(for: area).region else { return nil }
        let model = try ChangeModel.decoded(json)
        let plan = try await BlockingExecutor.run {
            try context.detector.plan(try context.sceneAlignment(), region: region.box, model: model)
        }
        await contexts.remember(StoredPlan(plan: plan, region: region), scanID: job.scanID, areaID: job.areaID)
        return StoredPlan(plan: plan, region: region)
    }

    /// Analyses one tile's blocks, outlines the patches lying wholly inside the tile, and encodes both.
    private func analyseTile(_ job: ScanJob, area: AreaVersion, context: ScanContext, contexts: ContextCache) async throws -> Data {
        guard let plan = try await storedPlan(job, area: area, context: context, contexts: contexts)?.plan else {
            throw DomainError.invalidValue("\(area.area.code) has no tiles to analyse")
        }
        return try await BlockingExecutor.run {
            let detector = context.detector
            let tiles = TileLayout(blocks: plan.layout, tileSize: context.tileSize)
            let indices = tiles.blockIndices(job.tile), shape = tiles.shape(job.tile)
            let components = try detector.analyse(plan, blocks: indices, meter: ProgressMeter(nil))
            let patches = try detector.interiorPatches(plan, blocks: components, rows: shape.rows, columns: shape.columns)
            return try TileResult(blocks: Array(zip(indices, components)), patches: patches).encoded()
        }
    }

    /// Joins the area's tiles into patches, flags cases once, commits, and queues the chips of
    /// the new cases in batches.
    private func stitch(_ job: ScanJob, area: AreaVersion, context: ScanContext, contexts: ContextCache) async throws {
        var committed: AreaScanResult?
        if try await !isDone(area, scanID: job.scanID) {
            var found: (patches: [ScanPatch], restored: Set<Int>) = ([], [])
            if let stored = try await storedPlan(job, area: area, context: context, contexts: contexts) {
                let plan = stored.plan, region = stored.region
                let tiles = try await jobs.tileComponents(scanID: job.scanID, areaID: job.areaID)
                found = try await BlockingExecutor.run {
                    let detector = context.detector
                    var blocks = [BlockComponents?](repeating: nil, count: plan.layout.count)
                    var known: [Int64: Patch?] = [:]
                    for (tile, data) in tiles {
                        let stored = try TileResult.decode(data, what: "tile \(tile) of \(area.area.code)")
                        known.merge(stored.patches) { first, _ in first }
                        for (index, components) in stored.blocks where blocks.indices.contains(index) { blocks[index] = components }
                    }
                    let complete = blocks.compactMap { $0 }
                    guard complete.count == blocks.count else {
                        throw DomainError.invalidValue("\(blocks.count - complete.count) block(s) of \(area.area.code) have no stored components")
                    }
                    do {
                        let result = try detector.assemble(plan, blocks: complete, known: known, meter: ProgressMeter(nil))
                        return try context.scanPatches(result, region: region, area: area)
                    } catch {
                        guard ScanContext.warning(for: error, area: area) != nil else { throw error }
                        return ([], [])
                    }
                }
            }
            do {
                committed = try await context.commit(area, patches: found.patches, restored: found.restored)
            } catch {
                // Another worker whose lease had run out committed the area meanwhile: it is done, once.
                guard try await isDone(area, scanID: job.scanID) else { throw error }
            }
        }
        // The commit says how many cases it numbered; after another worker's commit, the store does.
        var cases = committed?.newCases.count
        if cases == nil { cases = try await context.newCases(in: area).count }
        if let cases, cases > 0 {
            try await jobs.enqueueChips(scanID: job.scanID, areaID: job.areaID, batches: ScanJob.chipBatches(cases: cases, size: chipBatch).count)
        }
        try await jobs.completeJob(job)
    }

    private func isDone(_ area: AreaVersion, scanID: Int64) async throws -> Bool {
        try await runner.scans.scan(scanID)?.areas.first { $0.areaID == area.area.id }?.done ?? false
    }
}

/// An area's detection plan as rebuilt from its plan job's stored model, and the region it covers.
private struct StoredPlan: Sendable {
    let plan: DetectionPlan
    let region: ScanContext.Region
}

/// Each scan's context, loaded once per worker process; those of the `kept` scans last asked
/// for stay (with the imagery their chip renderers hold open), older ones are let go.
private actor ContextCache {
    let runner: ScanRunner
    var contexts: [Int64: ScanContext] = [:]
    /// Scans by last use, the latest last.
    private var used: [Int64] = []
    static let kept = 4

    init(runner: ScanRunner) { self.runner = runner }

    func context(_ scanID: Int64) async throws -> ScanContext {
        used.removeAll { $0 == scanID }
        used.append(scanID)
        for old in used.dropLast(Self.kept) {
            contexts[old] = nil
            plans = plans.filter { $0.key.first != old }
        }
        used = Array(used.suffix(Self.kept))
        if let c = contexts[scanID] { return c }
        let c = try await ScanContext.load(scanID, runner: runner)
        contexts[scanID] = c
        return c
    }

    /// Areas' plans rebuilt from their stored models (a done plan job's payload never changes).
    private var plans: [[Int64]: StoredPlan] = [:]

    func plan(scanID: Int64, areaID: Int64) -> StoredPlan? { plans[[scanID, areaID]] }

    func remember(_ plan: StoredPlan, scanID: Int64, areaID: Int64) { plans[[scanID, areaID]] = plan }

    /// The last area's new cases in map order, read once for all its chips jobs: they are
    /// numbered and stored once by the stitch, before any chips job exists.
    private var cases: (scanID: Int64, areaID: Int64, cases: [Case])?

    func newCases(_ area: AreaVersion, of context: ScanContext) async throws -> [Case] {
        if let cases, cases.scanID == context.scan.id, cases.areaID == area.area.id { return cases.cases }
        let found = context.mapOrder(try await context.newCases(in: area))
        cases = (context.scan.id, area.area.id, found)
        return found
    }
}
