import Foundation
import PostgresNIO
import Shanshui

extension PostGISSchema {
    /// Notices waiting for a digest (`everyone`: all people are on digests; `now`): not yet
    /// delivered nor held by a live worker, for a person whose contact asks for digests.
    /// SQL text with the two values written in as literals (a flag and a number, nothing a user types).
    static func waitingForDigest(everyone: Bool, now: Double) -> String {
        """
        kind <> 'digest' AND (state = 'pending' OR (state = 'sending' AND next_attempt <= \(String(format: "%.6f", now))))
        AND (\(everyone) OR substr(recipient, strpos(recipient, ':') + 1) IN (SELECT phone FROM grid_contact WHERE digest))
        """
    }
}

extension PostGISStore: OutboxStore {
    public func enqueue(_ notices: [Notice], at moment: Timestamp) async throws -> Int {
        try await write { db in try await OutboxDelivery.enqueue(notices, at: moment, in: PostGISOutbox(db: db)) }
    }

    public func claimNotices(limit: Int, now: Double, lease: Double, digestEveryone: Bool) async throws -> [OutboxEntry] {
        try await write { db in
            try await OutboxDelivery.claim(limit: limit, now: now, lease: lease, digestEveryone: digestEveryone, in: PostGISOutbox(db: db))
        }
    }

    public func settle(_ id: String, outcome: DeliveryOutcome, at now: Double) async throws {
        try await write { db in try await OutboxDelivery.settle(id, outcome: outcome, at: now, in: PostGISOutbox(db: db)) }
    }

    public func gatherDigests(day: Day, now: Double, digestEveryone: Bool) async throws -> [Notice] {
        try await write { db in
            try await OutboxDelivery.gatherDigests(day: day, now: now, digestEveryone: digestEveryone, in: PostGISOutbox(db: db))
        }
    }

    public func digestItems(_ digestID: String) async throws -> [Notice] {
        try await read { db in
            try await db.rows("SELECT * FROM notice_outbox WHERE digest_id = \(digestID) ORDER BY created_at, id", of: "notice_outbox").map { try OutboxRow.decode($0).notice }
        }
    }

    public func outbox(state: OutboxEntry.State?) async throws -> [OutboxEntry] {
        try await read { db in
            let s = state?.rawValue
            return try await db.rows("SELECT * FROM notice_outbox WHERE (\(s)::text IS NULL OR state = \(s)) ORDER BY created_at, id", of: "notice_outbox")
                .map(OutboxRow.decode)
        }
    }

    public func outboxCounts() async throws -> [OutboxEntry.State: Int] {
        try await read { db in
            try await db.rows("SELECT state, count(*)::bigint AS n FROM notice_outbox GROUP BY state", of: "notice_outbox").reduce(into: [:]) { counts, row in
                if let state = OutboxEntry.State(rawValue: try row.get("state")) { counts[state] = Int(try row.get("n", as: Int64.self)) }
            }
        }
    }

    public func contacts() async throws -> [Contact] {
        try await read { db in
            try await db.rows("SELECT * FROM grid_contact ORDER BY phone", of: "grid_contact").map { r in
                try Contact(name: try r.get("name"), phone: try r.get("phone"), channel: try r.value("channel"),
                            address: try r.get("address"), digest: try r.get("digest"))
            }
        }
    }

    public func setContacts(_ contacts: [Contact]) async throws {
        try await write { db in
            for c in contacts {
                try await db.run("""
                    INSERT INTO grid_contact (phone, name, channel, address, digest)
                    VALUES (\(c.phone), \(c.name), \(c.channel.rawValue), \(c.address), \(c.digest))
                    ON CONFLICT (phone) DO UPDATE SET name = EXCLUDED.name, channel = EXCLUDED.channel, address = EXCLUDED.address,
                                                      digest = EXCLUDED.digest
                    """)
            }
        }
    }
}

/// The PostGIS dialect of `OutboxDelivery`, on one connection inside its transaction.
struct PostGISOutbox: OutboxTransaction {
    let db: PostgresConnection

    func dueNoticeIDs(limit: Int, now: Double, digestEveryone: Bool) async throws -> [String] {
        // SKIP LOCKED: workers on many machines never hold the same notice.
        try await db.column("""
            SELECT id FROM notice_outbox WHERE state IN ('pending', 'sending') AND next_attempt <= \(now)
            AND NOT (\(unescaped: PostGISSchema.waitingForDigest(everyone: digestEveryone, now: now)))
            ORDER BY created_at, id LIMIT \(limit) FOR UPDATE SKIP LOCKED
            """, String.self, of: "notice_outbox")
    }

    func hold(_ ids: [String], until: Double) async throws -> [OutboxEntry] {
        try await db.rows("""
            UPDATE notice_outbox SET state = 'sending', attempts = attempts + 1, next_attempt = \(until) WHERE id = ANY(\(ids)) RETURNING *
            """, of: "notice_outbox").map(OutboxRow.decode)
    }

    func setDelivery(_ id: String, state: OutboxEntry.State, sentAt: Timestamp?, nextAttempt: Double?, lastError: String?) async throws {
        try await db.run("""
            UPDATE notice_outbox SET state = \(state.rawValue), sent_at = coalesce(\(sentAt?.description), sent_at),
                next_attempt = coalesce(\(nextAttempt), next_attempt), last_error = \(lastError)
            WHERE id = \(id)
            """)
    }

    func noticesWaitingForDigest(queuedBefore end: Day, now: Double, everyone: Bool) async throws -> [Notice] {
        // FOR UPDATE: a worker gathering at the same moment waits, then finds the notices digested.
        try await db.rows("""
            SELECT * FROM notice_outbox WHERE \(unescaped: PostGISSchema.waitingForDigest(everyone: everyone, now: now))
            AND created_at < \(end.description) ORDER BY created_at, id FOR UPDATE
            """, of: "notice_outbox").map { try OutboxRow.decode($0).notice }
    }

    func markDigested(_ ids: [String], into digestID: String) async throws {
        try await db.run("UPDATE notice_outbox SET state = 'digested', digest_id = \(digestID) WHERE id = ANY(\(ids))")
    }

    func insertNotice(_ n: Notice, at: String, ignoringDuplicates: Bool) async throws -> Bool {
        try await OutboxRow.insert(n, at: at, db, ignoringDuplicates: ignoringDuplicates)
    }
}

/// Row mapping of the outbox (PostGIS dialect).
enum OutboxRow {
    /// Inserts a notice. - Returns: true when stored, false when its id was queued before (with `ignoringDuplicates`).
    static func insert(_ n: Notice, at: String, _ db: PostgresConnection, ignoringDuplicates: Bool) async throws -> Bool {
        let rows = try await db.rows("""
            INSERT INTO notice_outbox (id, kind, case_id, recipient, role, note, created_at)
            VALUES (\(n.id), \(n.kind.rawValue), \(n.caseID == 0 ? nil : n.caseID), \(n.recipient), \(n.role), \(n.note), \(at))
            \(unescaped: ignoringDuplicates ? "ON CONFLICT (id) DO NOTHING" : "") RETURNING id
            """, of: "notice_outbox")
        return rows.count == 1
    }

    static func decode(_ r: StoredPostgresRow) throws -> OutboxEntry {
        OutboxEntry(notice: Notice(id: try r.get("id"), kind: try r.value("kind"),
                                   caseID: try r.get("case_id", as: Int64?.self) ?? 0,  // a digest names no case
                                   recipient: try r.get("recipient"), role: try r.get("role"), note: try r.get("note")),
                    state: try r.value("state"), attempts: try r.get("attempts"),
                    lastError: try r.get("last_error"), createdAt: try r.get("created_at"))
    }
}
