import Foundation
import GeoKit
import Shanshui
import ShanshuiPostGIS
import ShanshuiTestSupport
import Testing

/// The job queue of distributed scans in PostGIS: claims never overlap, stitch jobs wait for
/// their tiles, expired leases are taken over, completion is idempotent, failures retry and
/// then give up.
@Suite("Distributed scan job queue (PostGIS)", .disabled(if: StoreKind.server == nil, StoreKind.skipReason))
struct ScanJobQueueTests {
    /// The workers' clock: a failed scan is stamped finished at it.
    static let moment = try! Timestamp("2026-07-02T09:30:00Z")

    /// A PostGIS workspace with one scan over one area, planned into `tiles` tile jobs.
    private func planned(_ workspaces: Workspaces, tiles: Int) async throws -> (queue: PostGISStore, plan: ScanJob, fixture: LedgerFixture) {
        let fixture = try await LedgerFixture.make(in: workspaces, damages: [])
        let queue = try #require(fixture.store as? PostGISStore)
        try await queue.enqueue(scanID: fixture.scanID, areas: [(fixture.area.area.id, tiles)])
        try await queue.enqueue(scanID: fixture.scanID, areas: [(fixture.area.area.id, tiles)])
        #expect(try await queue.jobs(scanID: fixture.scanID).count == tiles + 2, "queueing twice adds nothing")
        let plan = try #require(try await queue.claimJob(worker: "w0", lease: 3600, scanID: fixture.scanID, maxAttempts: 3, at: Self.moment))
        #expect(plan.kind == .plan && plan.attempts == 1 && plan.worker == "w0")
        #expect(try await queue.claimJob(worker: "w1", lease: 3600, scanID: fixture.scanID, maxAttempts: 3, at: Self.moment) == nil,
                "tiles wait for their area's plan")
        try await queue.completePlan(plan, payload: "{\"model\": null}", tiles: tiles, note: nil)
        try await queue.completePlan(plan, payload: "{\"model\": null}", tiles: tiles, note: nil)
        return (queue, plan, fixture)
    }

    @Test func concurrentClaimsNeverShareAJobAndStitchWaitsForEveryTile() async throws {
        try await Workspaces.with(.postGIS) { workspaces in
            let (queue, _, fixture) = try await planned(workspaces, tiles: 12)
            #expect(try await queue.jobs(scanID: fixture.scanID).filter { $0.kind == .tile }.count == 12, "a second completePlan added nothing")
            #expect(try await queue.jobs(scanID: fixture.scanID).filter { $0.state == .done }.count == 1, "only the plan is done")
            // Eight claimers at once over the pool's connections.
            let claimed = try await withThrowingTaskGroup(of: [ScanJob].self) { group in
                for w in 0..<8 {
                    group.addTask {
                        var mine: [ScanJob] = []
                        while let job = try await queue.claimJob(worker: "w\(w)", lease: 3600, scanID: fixture.scanID, maxAttempts: 3, at: Self.moment) {
                            mine.append(job)
                        }
                        return mine
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(claimed.count == 12)
            #expect(Set(claimed.map(\.id)).count == 12, "no job was claimed twice")
            #expect(claimed.allSatisfy { $0.kind == .tile }, "the stitch job is not claimable while tiles run")
            for job in claimed.dropLast() { try await queue.completeTile(job, components: Data([1, 2, 3])) }
            #expect(try await queue.claimJob(worker: "x", lease: 3600, scanID: fixture.scanID, maxAttempts: 3, at: Self.moment) == nil)
            try await queue.completeTile(claimed.last!, components: Data([9]))
            let stitch = try #require(try await queue.claimJob(worker: "x", lease: 3600, scanID: fixture.scanID, maxAttempts: 3, at: Self.moment))
            #expect(stitch.kind == .stitch)
            #expect(try await queue.tileComponents(scanID: fixture.scanID, areaID: fixture.area.area.id).count == 12)
            #expect(try await queue.outstandingJobs(scanID: fixture.scanID) == 1)
            try await queue.completeJob(stitch)
            #expect(try await queue.outstandingJobs(scanID: fixture.scanID) == 0)
        }
    }

    @Test func anExpiredLeaseIsTakenOverAndTheFirstStoredComponentsWin() async throws {
        try await Workspaces.with(.postGIS) { workspaces in
            let (queue, _, fixture) = try await planned(workspaces, tiles: 1)
            let lost = try #require(try await queue.claimJob(worker: "doomed", lease: 3600, scanID: fixture.scanID, maxAttempts: 3, at: Self.moment))
            #expect(try await queue.claimJob(worker: "rescuer", lease: 3600, scanID: fixture.scanID, maxAttempts: 3, at: Self.moment) == nil, "the lease holds")
            // The holder's last heartbeat leaves it one second; then it dies.
            #expect(try await queue.renewLease(lost, worker: "doomed", lease: 1))
            try await Task.sleep(nanoseconds: 1_500_000_000)
            let taken = try #require(try await queue.claimJob(worker: "rescuer", lease: 3600, scanID: fixture.scanID, maxAttempts: 3, at: Self.moment))
            #expect(taken.id == lost.id && taken.attempts == 2 && taken.worker == "rescuer")
            #expect(try await !queue.renewLease(lost, worker: "doomed", lease: 3600), "the old holder learns it lost the job")
            try await queue.completeTile(taken, components: Data([7, 7]))
            #expect(try await queue.renewLease(taken, worker: "rescuer", lease: 3600), "a late heartbeat of the finisher loses nothing")
            #expect(try await !queue.renewLease(lost, worker: "doomed", lease: 3600))
            // The first holder wakes up late and completes too: nothing changes.
            try await queue.completeTile(lost, components: Data([7, 7]))
            let stored = try await queue.tileComponents(scanID: fixture.scanID, areaID: fixture.area.area.id)
            #expect(stored == [0: Data([7, 7])])
            let jobs = try await queue.jobs(scanID: fixture.scanID)
            #expect(jobs.first { $0.kind == .tile }?.state == .done)
            #expect(ScanJobProgress(jobs: jobs).lines.contains { $0.contains("tile jobs: 1/1 done, 1 retried") })
        }
    }

    /// An area with nothing to detect (outside the imagery, all cloud) needs no tiles: its stitch
    /// job comes straight after the plan.
    @Test func aPlanWithoutTilesReleasesTheStitchJob() async throws {
        try await Workspaces.with(.postGIS) { workspaces in
            let fixture = try await LedgerFixture.make(in: workspaces, damages: [])
            let queue = try #require(fixture.store as? PostGISStore)
            try await queue.enqueue(scanID: fixture.scanID, areas: [(fixture.area.area.id, 3)])
            let plan = try #require(try await queue.claimJob(worker: "w", lease: 3600, scanID: nil, maxAttempts: 3, at: Self.moment))
            try await queue.completePlan(plan, payload: "{}", tiles: 0, note: "NR1: every pixel is cloud")
            let tiles = try await queue.jobs(scanID: fixture.scanID).filter { $0.kind == .tile }
            #expect(tiles.count == 3 && tiles.allSatisfy { $0.state == .done && $0.note == "nothing to analyse" })
            let stitch = try #require(try await queue.claimJob(worker: "w", lease: 3600, scanID: nil, maxAttempts: 3, at: Self.moment))
            #expect(stitch.kind == .stitch)
        }
    }

    /// Chips batches (cut in map order) go to each worker in runs of neighbours: a worker goes on
    /// with the batch after its own last one, and a second worker starts in the middle of the
    /// batches instead of taking every other one; one worker alone takes them in order.
    @Test func workersDrawChipsInRunsOfNeighbouringBatches() async throws {
        try await Workspaces.with(.postGIS) { workspaces in
            let (queue, _, fixture) = try await planned(workspaces, tiles: 1)
            let area = fixture.area.area.id
            var last: [String: ScanJob] = [:]
            func claim(_ worker: String) async throws -> ScanJob? {
                let job = try await queue.claimJob(worker: worker, lease: 3600, scanID: fixture.scanID, maxAttempts: 3, at: Self.moment,
                                                   after: last[worker])
                if let job { last[worker] = job }
                return job
            }
            try await queue.completeTile(try #require(try await claim("w1")), components: Data([1]))
            try await queue.completeJob(try #require(try await claim("w1")))
            try await queue.enqueueChips(scanID: fixture.scanID, areaID: area, batches: 8)
            var a = try #require(try await claim("w1")), b = try #require(try await claim("w2"))
            #expect(a.kind == .chips && a.tile == 0, "a worker after its stitch starts at the first batch")
            #expect(b.kind == .chips && b.tile == 4, "the second starts in the middle, not at batch 1")
            var drawn: [String: [Int]] = ["w1": [a.tile], "w2": [b.tile]]
            while true {
                try await queue.completeJob(a)
                guard let next = try await claim("w1") else { break }
                a = next
                drawn["w1", default: []].append(a.tile)
                try await queue.completeJob(b)
                guard let other = try await claim("w2") else { break }
                b = other
                drawn["w2", default: []].append(b.tile)
            }
            #expect(drawn["w1"] == [0, 1, 2, 3], "the first worker goes on with its own run")
            #expect(drawn["w2"] == [4, 5, 6, 7])
            try await queue.completeJob(a)
            try await queue.completeJob(b)
            // One worker alone draws later batches in map order.
            try await queue.enqueueChips(scanID: fixture.scanID, areaID: area, batches: 13)
            var alone: [Int] = []
            while let job = try await claim("solo") {
                alone.append(job.tile)
                try await queue.completeJob(job)
            }
            #expect(alone == Array(8..<13))
        }
    }

    /// Going on with a run of chips never jumps the queue: a job that ranks above chips (here a
    /// tile whose holder died, then the stitch it releases) is claimed first, and a worker coming
    /// from it starts afresh.
    @Test func aTileWhoseHolderDiedComesBeforeTheNextBatchOfARun() async throws {
        try await Workspaces.with(.postGIS) { workspaces in
            let (queue, _, fixture) = try await planned(workspaces, tiles: 2)
            let claim = { (worker: String, after: ScanJob?) in
                try await queue.claimJob(worker: worker, lease: 3600, scanID: fixture.scanID, maxAttempts: 3, at: Self.moment, after: after)
            }
            try await queue.completeTile(try #require(try await claim("w1", nil)), components: Data([1]))
            let lost = try #require(try await claim("doomed", nil))
            #expect(lost.kind == .tile)
            try await queue.enqueueChips(scanID: fixture.scanID, areaID: fixture.area.area.id, batches: 4)
            let first = try #require(try await claim("w1", nil))
            #expect(first.kind == .chips && first.tile == 0, "the tile's lease holds")
            try await queue.completeJob(first)
            #expect(try await queue.renewLease(lost, worker: "doomed", lease: 1))
            try await Task.sleep(nanoseconds: 1_500_000_000)
            let taken = try #require(try await claim("w1", first))
            #expect(taken.id == lost.id && taken.worker == "w1", "the expired tile, not batch 1: \(taken.kind) \(taken.tile)")
            try await queue.completeTile(taken, components: Data([2]))
            let stitch = try #require(try await claim("w1", taken))
            #expect(stitch.kind == .stitch, "every tile done: the stitch ranks first")
            try await queue.completeJob(stitch)
            let fresh = try #require(try await claim("w1", stitch))
            #expect(fresh.kind == .chips && fresh.tile == 2, "after a stitch, the free batch first in bisection order (0, 2, 1, 3)")
            #expect(try await claim("w1", fresh)?.tile == 3, "then on with its own run")
        }
    }

    @Test func failuresAreRetriedThenGivenUpAndTheScanIsMarkedFailedUntilRetried() async throws {
        try await Workspaces.with(.postGIS) { workspaces in
            let (queue, _, fixture) = try await planned(workspaces, tiles: 2)
            let first = try #require(try await queue.claimJob(worker: "a", lease: 3600, scanID: fixture.scanID, maxAttempts: 2, at: Self.moment))
            try await queue.failJob(first, error: "cannot open raster '/vsicurl/http://x/a.tif'", retry: true, at: Self.moment)
            let again = try #require(try await queue.claimJob(worker: "b", lease: 3600, scanID: fixture.scanID, maxAttempts: 2, at: Self.moment))
            #expect(again.id == first.id && again.attempts == 2 && again.error?.contains("a.tif") == true)
            try await queue.failJob(again, error: "still cannot open it", retry: false, at: Self.moment)
            let jobs = try await queue.jobs(scanID: fixture.scanID)
            #expect(jobs.first { $0.id == first.id }?.state == .failed)
            #expect(try await queue.scan(fixture.scanID)?.status == .failed)
            #expect(try await queue.scan(fixture.scanID)?.finishedAt == Self.moment.description, "stamped by the workers' clock")
            #expect(ScanJobProgress(jobs: jobs).lines.contains { $0.contains("1 FAILED (still cannot open it)") })
            // The failed scan's other jobs are left alone, so workers stop instead of polling forever.
            #expect(try await queue.claimJob(worker: "c", lease: 3600, scanID: nil, maxAttempts: 2, at: Self.moment) == nil)
            #expect(try await queue.outstandingJobs(scanID: nil) == 0)
            // Once the cause is fixed, the failed jobs run again.
            #expect(try await queue.retryFailedJobs(scanID: fixture.scanID) == 1)
            #expect(try await queue.scan(fixture.scanID)?.status == .running)
            #expect(try await queue.outstandingJobs(scanID: fixture.scanID) == 3)
            // A job whose holders keep dying is abandoned after the last attempt's lease, failing the scan.
            let other = try #require(try await queue.claimJob(worker: "c", lease: 1, scanID: fixture.scanID, maxAttempts: 1, at: Self.moment))
            try await Task.sleep(nanoseconds: 1_500_000_000)
            #expect(try await queue.claimJob(worker: "d", lease: 3600, scanID: fixture.scanID, maxAttempts: 1, at: Self.moment) == nil)
            let abandoned = try await queue.jobs(scanID: fixture.scanID).first { $0.id == other.id }
            #expect(abandoned?.state == .failed)
            #expect(abandoned?.error?.contains("lease ran out") == true)
            #expect(try await queue.scan(fixture.scanID)?.status == .failed)
        }
    }

    /// The scene model one plan job stored reaches the scan's other plan jobs exactly as written
    /// (escapes and all); while a plan job runs, younger ones hear it is being fitted, and it hears
    /// of no younger one (two plan jobs claimed at once used to wait on each other for ever).
    @Test func planJobsShareTheStoredSceneModel() async throws {
        try await Workspaces.with(.postGIS) { workspaces in
            let fixture = try await LedgerFixture.make(in: workspaces, damages: [])
            let queue = try #require(fixture.store as? PostGISStore)
            try await queue.enqueue(scanID: fixture.scanID, areas: [(fixture.area.area.id, 2)])
            #expect(try await queue.sceneModel(scanID: fixture.scanID, before: .max) == StoredSceneModel.none)
            let plan = try #require(try await queue.claimJob(worker: "w", lease: 3600, scanID: fixture.scanID, maxAttempts: 3, at: Self.moment))
            #expect(plan.kind == .plan)
            #expect(try await queue.sceneModel(scanID: fixture.scanID, before: plan.id) == StoredSceneModel.none,
                    "a plan job waits on no younger one, nor on itself: of two claimed at once, the older fits")
            #expect(try await queue.sceneModel(scanID: fixture.scanID, before: .max) == .fitting, "a younger plan job waits")
            let model = #"{"roles":["blue","nir"],"threshold":"inf","scale":0.30000000000000004,"note":"a \"quoted\" \\ 水"}"#
            let payload = JSONValue.object([("model", .string(model)), ("tiles", .int(2)), ("warning", .null)]).serialized()
            try await queue.completePlan(plan, payload: payload, tiles: 2, note: nil)
            #expect(try await queue.sceneModel(scanID: fixture.scanID, before: .max) == .stored(model))
        }
    }

    /// An idle worker's wait ends when another worker changes the queue (here: completes a tile),
    /// not at its timeout; and a look that finds a job returns it without waiting.
    @Test func aWaitingWorkerWakesWhenAnotherCompletesAJob() async throws {
        try await Workspaces.with(.postGIS) { workspaces in
            let (queue, _, fixture) = try await planned(workspaces, tiles: 2)
            let tile = try #require(try await queue.claimJob(worker: "w1", lease: 3600, scanID: fixture.scanID, maxAttempts: 3, at: Self.moment))
            let found = try await queue.awaitChange(seconds: 600) { () async throws -> Int64? in tile.id }
            #expect(found == tile.id, "a look that finds something returns it at once")
            let (listening, started) = AsyncStream.makeStream(of: Void.self)
            let woken = try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask {
                    // Listening has begun when the look runs: the completion below cannot slip by.
                    let found = try await queue.awaitChange(seconds: 600) { () async throws -> Int64? in
                        started.yield()
                        return nil
                    }
                    return found == nil
                }
                group.addTask {
                    for await _ in listening { break }
                    try await queue.completeTile(tile, components: Data([1]))
                    // Only a hang guard: the wake-up comes in milliseconds, the wait's own timeout after 600 s.
                    try await Task.sleep(nanoseconds: 120 * 1_000_000_000)
                    return false
                }
                let first = try await group.next() ?? false
                group.cancelAll()
                return first
            }
            #expect(woken, "the completed tile woke the waiting worker before its timeout")
        }
    }
}
