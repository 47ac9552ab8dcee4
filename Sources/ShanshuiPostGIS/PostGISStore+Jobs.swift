import Foundation
import PostgresNIO
import Shanshui

extension PostGISStore: ScanJobStore {
    /// The shared database keeps the job queue of distributed scans.
    public var jobQueue: (any ScanJobStore)? { self }

    public func enqueue(scanID: Int64, areas: [(areaID: Int64, tiles: Int)]) async throws {
        try await write { db in
            try await Self.notifyChange(db)
            for area in areas {
                try await db.run("""
                    INSERT INTO scan_job (scan_id, area_id, kind, tile)
                    SELECT \(scanID), \(area.areaID), 'plan', 0
                    UNION ALL SELECT \(scanID), \(area.areaID), 'tile', t FROM generate_series(0, \(area.tiles - 1)) AS t
                    UNION ALL SELECT \(scanID), \(area.areaID), 'stitch', 0
                    ON CONFLICT DO NOTHING
                    """)
            }
        }
    }

    public func claimJob(worker: String, lease seconds: Double, scanID: Int64?, maxAttempts: Int, at now: Timestamp,
                         after previous: ScanJob?) async throws -> ScanJob? {
        let next = previous.flatMap { $0.kind == .chips ? $0 : nil }
        return try await write { db in
            // A job whose lease ran out too often is given up rather than retried forever, and its scan with it.
            try await db.run("""
                WITH abandoned AS (
                    UPDATE scan_job SET state = 'failed', finished_at = now(),
                           error = 'abandoned: the lease ran out ' || attempts || ' times (workers died or stalled on it)'
                    WHERE state = 'running' AND lease_until < now() AND attempts >= \(maxAttempts)
                      AND (\(scanID)::bigint IS NULL OR scan_id = \(scanID))
                    RETURNING scan_id)
                UPDATE scan SET status = 'failed', finished_at = \(now.description) WHERE id IN (SELECT scan_id FROM abandoned)
                """)
            // Stitch jobs first (they finish areas), then tiles, plans and chips; skip rows other workers are claiming.
            // Chips batches in runs (see the protocol): the batch after this worker's last one first, then
            // the rest by their number's bits reversed (0, 8, 4, 12, 2, … of 16: bisection order).
            // `first_free` walks the index scan_job_claim_order (v16) in that order and stops at the first
            // claimable row, so a claim costs about the same with 30 or 30,000 open jobs (the scan's
            // status is a scalar subquery: joined, the planner would sort every open job instead).
            // `continued` is the batch after `previous`'s, taken unless `first_free` ranks above its scan's chips.
            return try await db.rows("""
                WITH first_free AS (
                    SELECT j.id, j.scan_id, CASE j.kind WHEN 'stitch' THEN 0 WHEN 'tile' THEN 1 WHEN 'plan' THEN 2 ELSE 3 END AS rank
                    FROM scan_job j
                    WHERE j.state IN ('pending', 'running') AND (j.state = 'pending' OR j.lease_until < now())
                      AND (\(scanID)::bigint IS NULL OR j.scan_id = \(scanID))
                      AND (SELECT s.status FROM scan s WHERE s.id = j.scan_id) = 'running'
                      AND (j.kind = 'plan' OR EXISTS (
                          SELECT 1 FROM scan_job p
                          WHERE p.scan_id = j.scan_id AND p.area_id = j.area_id AND p.kind = 'plan' AND p.state = 'done'))
                      AND (j.kind <> 'stitch' OR NOT EXISTS (
                          SELECT 1 FROM scan_job t
                          WHERE t.scan_id = j.scan_id AND t.area_id = j.area_id AND t.kind = 'tile' AND t.state <> 'done'))
                    ORDER BY j.scan_id, CASE j.kind WHEN 'stitch' THEN 0 WHEN 'tile' THEN 1 WHEN 'plan' THEN 2 ELSE 3 END,
                             CASE WHEN j.kind = 'chips' THEN reverse(j.tile::bit(16)::text)::bit(16)::int END, j.id
                    LIMIT 1
                    FOR UPDATE SKIP LOCKED
                ), continued AS (
                    SELECT j.id FROM scan_job j
                    WHERE j.scan_id = \(next?.scanID)::bigint AND j.area_id = \(next?.areaID)::bigint AND j.kind = 'chips'
                      AND j.tile = \(next.map { Int64($0.tile + 1) })::bigint
                      AND (j.state = 'pending' OR (j.state = 'running' AND j.lease_until < now()))
                      AND (\(scanID)::bigint IS NULL OR j.scan_id = \(scanID))
                      AND (SELECT s.status FROM scan s WHERE s.id = j.scan_id) = 'running'
                      AND EXISTS (
                          SELECT 1 FROM scan_job p
                          WHERE p.scan_id = j.scan_id AND p.area_id = j.area_id AND p.kind = 'plan' AND p.state = 'done')
                      AND NOT EXISTS (SELECT 1 FROM first_free f WHERE f.scan_id < j.scan_id OR (f.scan_id = j.scan_id AND f.rank < 3))
                    FOR UPDATE SKIP LOCKED
                ), chosen AS (
                    SELECT id FROM continued UNION ALL (SELECT id FROM first_free WHERE NOT EXISTS (SELECT 1 FROM continued)) LIMIT 1
                )
                UPDATE scan_job SET state = 'running', worker = \(worker), attempts = attempts + 1, started_at = now(),
                       lease_until = now() + make_interval(secs => \(seconds))
                WHERE id = (SELECT id FROM chosen)
                RETURNING id, scan_id, area_id, kind, tile, state, worker, attempts, note, error
                """, of: "scan_job").first.map(Self.job)
        }
    }

    public func renewLease(_ job: ScanJob, worker: String, lease seconds: Double) async throws -> Bool {
        try await write { db in
            // A job this worker has just completed is not lost.
            try await db.column("""
                WITH renewed AS (
                    UPDATE scan_job SET lease_until = now() + make_interval(secs => \(seconds))
                    WHERE id = \(job.id) AND state = 'running' AND worker = \(worker) AND attempts = \(job.attempts)
                    RETURNING id)
                SELECT EXISTS (SELECT 1 FROM renewed)
                    OR EXISTS (SELECT 1 FROM scan_job WHERE id = \(job.id) AND state = 'done' AND worker = \(worker) AND attempts = \(job.attempts))
                """, Bool.self, of: "scan_job")[0]
        }
    }

    public func completePlan(_ job: ScanJob, payload: String, tiles: Int, note: String?) async throws {
        try await write { db in
            try await Self.notifyChange(db)
            try await db.run("""
                UPDATE scan_job SET state = 'done', payload = \(payload), note = \(note), finished_at = now()
                WHERE id = \(job.id) AND state <> 'done'
                """)
            // Tiles the queue lacks (should the plan find more) are added; those beyond the plan's count
            // (all, when there is nothing to detect) have nothing to analyse.
            try await db.run("""
                INSERT INTO scan_job (scan_id, area_id, kind, tile)
                SELECT \(job.scanID), \(job.areaID), 'tile', t FROM generate_series(0, \(tiles - 1)) AS t
                ON CONFLICT DO NOTHING
                """)
            try await db.run("""
                UPDATE scan_job SET state = 'done', note = 'nothing to analyse', finished_at = now()
                WHERE scan_id = \(job.scanID) AND area_id = \(job.areaID) AND kind = 'tile' AND tile >= \(tiles) AND state <> 'done'
                """)
        }
    }

    public func enqueueChips(scanID: Int64, areaID: Int64, batches: Int) async throws {
        try await write { db in
            try await Self.notifyChange(db)
            try await db.run("""
                INSERT INTO scan_job (scan_id, area_id, kind, tile)
                SELECT \(scanID), \(areaID), 'chips', b FROM generate_series(0, \(batches - 1)) AS b
                ON CONFLICT DO NOTHING
                """)
        }
    }

    public func completeTile(_ job: ScanJob, components: Data) async throws {
        try await write { db in
            try await Self.notifyChange(db)
            try await db.run("""
                INSERT INTO scan_tile (scan_id, area_id, tile, components, worker)
                VALUES (\(job.scanID), \(job.areaID), \(job.tile), \(components), \(job.worker))
                ON CONFLICT DO NOTHING
                """)
            try await db.run("UPDATE scan_job SET state = 'done', finished_at = now() WHERE id = \(job.id) AND state <> 'done'")
        }
    }

    public func completeJob(_ job: ScanJob) async throws {
        try await write { db in
            try await Self.notifyChange(db)
            try await db.run("UPDATE scan_job SET state = 'done', finished_at = now() WHERE id = \(job.id) AND state <> 'done'")
        }
    }

    public func failJob(_ job: ScanJob, error: String, retry: Bool, at now: Timestamp) async throws {
        try await write { db in
            try await Self.notifyChange(db)
            try await db.run("""
                UPDATE scan_job SET state = \(retry ? "pending" : "failed"), error = \(error), lease_until = NULL,
                       finished_at = CASE WHEN \(retry) THEN NULL ELSE now() END
                WHERE id = \(job.id) AND state = 'running' AND attempts = \(job.attempts)
                """)
            if !retry { try await db.run("UPDATE scan SET status = 'failed', finished_at = \(now.description) WHERE id = \(job.scanID)") }
        }
    }

    public func retryFailedJobs(scanID: Int64) async throws -> Int {
        try await write { db in
            try await Self.notifyChange(db)
            let count = try await db.rows("""
                UPDATE scan_job SET state = 'pending', attempts = 0, worker = NULL, lease_until = NULL, finished_at = NULL
                WHERE scan_id = \(scanID) AND state = 'failed' RETURNING id
                """, of: "scan_job").count
            try await db.run("UPDATE scan SET status = 'running', finished_at = NULL WHERE id = \(scanID) AND status = 'failed'")
            return count
        }
    }

    public func planJob(scanID: Int64, areaID: Int64) async throws -> ScanJob? {
        try await read { db in
            try await db.rows("""
                SELECT id, scan_id, area_id, kind, tile, state, worker, attempts, note, error, payload FROM scan_job
                WHERE scan_id = \(scanID) AND area_id = \(areaID) AND kind = 'plan' AND state = 'done'
                """, of: "scan_job").first.map {
                var job = try Self.job($0)
                job.payload = try $0.get("payload")
                return job
            }
        }
    }

    public func sceneModel(scanID: Int64, before jobID: Int64) async throws -> StoredSceneModel {
        try await read { db in
            let row = try await db.rows("""
                SELECT (SELECT payload::jsonb ->> 'model' FROM scan_job
                        WHERE scan_id = \(scanID) AND kind = 'plan' AND state = 'done' AND (payload::jsonb ->> 'model') IS NOT NULL
                        ORDER BY id LIMIT 1) AS model,
                       EXISTS (SELECT 1 FROM scan_job
                               WHERE scan_id = \(scanID) AND kind = 'plan' AND state = 'running' AND lease_until >= now()
                                 AND id < \(jobID)) AS fitting
                """, of: "scan_job")[0]
            // The plan's payload holds the model's JSON as one string (`AreaPlan`), taken out as it was written.
            if let model = try row.get("model", as: String?.self) { return .stored(model) }
            return try row.get("fitting", as: Bool.self) ? .fitting : .none
        }
    }

    public func tileComponents(scanID: Int64, areaID: Int64) async throws -> [Int: Data] {
        try await read { db in
            var tiles: [Int: Data] = [:]
            for r in try await db.rows("SELECT tile, components FROM scan_tile WHERE scan_id = \(scanID) AND area_id = \(areaID)", of: "scan_tile") {
                tiles[try r.get("tile", as: Int.self)] = try r.get("components", as: Data.self)
            }
            return tiles
        }
    }

    public func jobs(scanID: Int64) async throws -> [ScanJob] {
        try await read { db in
            try await db.rows("""
                SELECT id, scan_id, area_id, kind, tile, state, worker, attempts, note, error FROM scan_job
                WHERE scan_id = \(scanID) ORDER BY id
                """, of: "scan_job").map(Self.job)
        }
    }

    public func outstandingJobs(scanID: Int64?) async throws -> Int {
        try await read { db in
            try await db.column("""
                SELECT COUNT(*) FROM scan_job j
                WHERE j.state IN ('pending', 'running') AND (\(scanID)::bigint IS NULL OR j.scan_id = \(scanID))
                  AND EXISTS (SELECT 1 FROM scan s WHERE s.id = j.scan_id AND s.status = 'running')
                """, Int.self, of: "scan_job")[0]
        }
    }

    public func awaitChange<T: Sendable>(seconds: Double, after look: () async throws -> T?) async throws -> T? {
        try await read { db in
            Self.roundTripCounter.add(2, ordering: .relaxed) // LISTEN, and UNLISTEN after
            return try await db.listen(on: Self.changeChannel) { changes in
                if let found = try await look() { return found }
                await withTaskGroup(of: Void.self) { group in
                    group.addTask { try? await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1e9)) }
                    group.addTask { _ = try? await changes.first { _ in true } }
                    await group.next()
                    group.cancelAll()
                }
                return nil
            }
        }
    }

    /// The channel a change to the job queue is announced on (delivered when its transaction commits).
    static let changeChannel = "shanshui_scan_jobs"

    /// Wakes the workers waiting in `awaitChange` once the calling transaction commits.
    private static func notifyChange(_ db: PostgresConnection) async throws {
        try await db.run("NOTIFY shanshui_scan_jobs")
    }

    private static func job(_ r: StoredPostgresRow) throws -> ScanJob {
        ScanJob(id: try r.get("id"), scanID: try r.get("scan_id"), areaID: try r.get("area_id"),
                kind: try r.value("kind"), tile: try r.get("tile"),
                state: try r.value("state"), worker: try r.get("worker"),
                attempts: try r.get("attempts"), note: try r.get("note"), error: try r.get("error"))
    }
}
