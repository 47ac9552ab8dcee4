import Foundation

/// The job queue of distributed scans, kept in the shared database: jobs are claimed under a
/// lease (`FOR UPDATE SKIP LOCKED` in PostgreSQL), kept alive by heartbeats, retried when a lease
/// runs out, and completed idempotently, so a worker may die at any moment without losing or
/// doubling work.
public protocol ScanJobStore: Sendable {
    /// Splits a scan into jobs: per protected area a plan job, its tile jobs and a stitch job.
    /// Queueing the same scan again adds nothing.
    func enqueue(scanID: Int64, areas: [(areaID: Int64, tiles: Int)]) async throws
    /// Claims the next job of a running scan that is pending, or running with an expired lease, for `seconds`.
    /// Tile and stitch jobs are claimable once their area is planned, stitch jobs only once
    /// every tile of their area is done.
    /// - Parameters:
    ///   - scanID: only this scan's jobs; any scan's when nil.
    ///   - maxAttempts: jobs already claimed this often are marked failed instead of retried, and
    ///     their scan failed.
    ///   - now: the moment a scan failed that way is stamped finished (the caller's clock).
    ///   - previous: the job this worker ran last. Chips batches (cut in map order) go in runs: a
    ///     worker goes on with the batch after its last one while that is free, and one starting
    ///     afresh takes the free batch first in bisection order (0, ½, ¼, ¾, …), far from the
    ///     others, so no two workers decode the same imagery tiles for neighbouring batches.
    func claimJob(worker: String, lease seconds: Double, scanID: Int64?, maxAttempts: Int, at now: Timestamp,
                  after previous: ScanJob?) async throws -> ScanJob?
    /// Extends the lease of a job this worker holds. - Returns: false when another worker has taken it over.
    func renewLease(_ job: ScanJob, worker: String, lease seconds: Double) async throws -> Bool
    /// Marks a plan job done with its result. The area's tile jobs numbered `tiles` and above
    /// (all of them when there is nothing to detect) are marked done with nothing to analyse.
    func completePlan(_ job: ScanJob, payload: String, tiles: Int, note: String?) async throws
    /// Adds an area's chip jobs, batches `0..<batches` (again: nothing).
    func enqueueChips(scanID: Int64, areaID: Int64, batches: Int) async throws
    /// Stores a tile's components (first write wins: every attempt writes the same bytes) and marks the job done.
    func completeTile(_ job: ScanJob, components: Data) async throws
    /// Marks a job done.
    func completeJob(_ job: ScanJob) async throws
    /// Gives a job back after a failure: pending again while attempts remain; else failed, and
    /// its scan with it (workers then leave the scan's other jobs alone), stamped finished at `now`.
    func failJob(_ job: ScanJob, error: String, retry: Bool, at now: Timestamp) async throws
    /// Makes a failed scan's failed jobs pending again, and the scan running (after the cause is
    /// fixed). - Returns: how many jobs will run again.
    func retryFailedJobs(scanID: Int64) async throws -> Int
    /// The done plan job of an area (its payload is the model).
    func planJob(scanID: Int64, areaID: Int64) async throws -> ScanJob?
    /// The scene's change model as a done plan job of the scan stored it (every area of a scan is
    /// detected with the one model fitted on the whole overlap), or, while none has, whether a
    /// plan job of the scan older than `jobID` is running under a live lease (fitting it now).
    /// Only older jobs count, so of plan jobs claimed at once the oldest fits and none waits on
    /// another that waits on it.
    func sceneModel(scanID: Int64, before jobID: Int64) async throws -> StoredSceneModel
    /// Every stored tile's components of an area, by tile number.
    func tileComponents(scanID: Int64, areaID: Int64) async throws -> [Int: Data]
    /// All jobs of a scan, without payloads.
    func jobs(scanID: Int64) async throws -> [ScanJob]
    /// Jobs of running scans not yet done (of one scan, or all): when none is left, workers stop.
    func outstandingJobs(scanID: Int64?) async throws -> Int
    /// Runs `look` (a worker's claim), and when it finds nothing waits until another worker
    /// changes the queue (completes, adds or gives back a job) or `seconds` pass, so an idle
    /// worker starts on new tiles or chips, or stops, the moment they appear instead of at its
    /// next poll. The wait listens from before `look`, so a change made meanwhile still wakes it.
    /// - Returns: what `look` found (then without waiting), or nil after a change or the timeout.
    func awaitChange<T: Sendable>(seconds: Double, after look: () async throws -> T?) async throws -> T?
}

/// Where a distributed scan's scene model is, for a plan job about to fit it.
public enum StoredSceneModel: Sendable, Equatable {
    /// A done plan job stored it (the model's JSON, as `ChangeModel.encoded()` wrote it).
    case stored(String)
    /// Another plan job of the scan is running: its model comes soon.
    case fitting
    /// Neither: the plan job fits it.
    case none
}

extension ScanJobStore {
    /// Claims the next job for a worker that has run none yet (see `claimJob(worker:lease:scanID:maxAttempts:at:after:)`).
    public func claimJob(worker: String, lease seconds: Double, scanID: Int64?, maxAttempts: Int, at now: Timestamp) async throws -> ScanJob? {
        try await claimJob(worker: worker, lease: seconds, scanID: scanID, maxAttempts: maxAttempts, at: now, after: nil)
    }
}
