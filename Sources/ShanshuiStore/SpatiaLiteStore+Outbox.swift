import Foundation
import GRDB
import Shanshui

extension SpatiaLiteSchema {
    /// Notices waiting for a digest (`?1`: everyone is on digests, `?2`: now): not yet delivered
    /// nor held by a live worker, for a person whose contact asks for digests.
    static let waitingForDigest = """
        kind <> 'digest' AND (state = 'pending' OR (state = 'sending' AND next_attempt <= ?2))
        AND (?1 OR substr(recipient, instr(recipient, ':') + 1) IN (SELECT phone FROM grid_contact WHERE digest))
        """
}

extension SpatiaLiteStore: OutboxStore {
    public func enqueue(_ notices: [Notice], at moment: Timestamp) async throws -> Int {
        try await pool.write { db in
            try WriterSteps.drive(db) { steps in try await OutboxDelivery.enqueue(notices, at: moment, in: SpatiaLiteOutbox(steps: steps)) }
        }
    }

    public func claimNotices(limit: Int, now: Double, lease: Double, digestEveryone: Bool) async throws -> [OutboxEntry] {
        try await pool.write { db in
            try WriterSteps.drive(db) { steps in
                try await OutboxDelivery.claim(limit: limit, now: now, lease: lease, digestEveryone: digestEveryone, in: SpatiaLiteOutbox(steps: steps))
            }
        }
    }

    public func settle(_ id: String, outcome: DeliveryOutcome, at now: Double) async throws {
        try await pool.write { db in
            try WriterSteps.drive(db) { steps in try await OutboxDelivery.settle(id, outcome: outcome, at: now, in: SpatiaLiteOutbox(steps: steps)) }
        }
    }

    public func gatherDigests(day: Day, now: Double, digestEveryone: Bool) async throws -> [Notice] {
        try await pool.write { db in
            try WriterSteps.drive(db) { steps in
                try await OutboxDelivery.gatherDigests(day: day, now: now, digestEveryone: digestEveryone, in: SpatiaLiteOutbox(steps: steps))
            }
        }
    }

    public func digestItems(_ digestID: String) async throws -> [Notice] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM notice_outbox WHERE digest_id = ? ORDER BY created_at, id", arguments: [digestID])
                .map { try OutboxRow.decode($0).notice }
        }
    }

    public func outbox(state: OutboxEntry.State?) async throws -> [OutboxEntry] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM notice_outbox WHERE (?1 IS NULL OR state = ?1) ORDER BY created_at, id",
                             arguments: [state?.rawValue]).map(OutboxRow.decode)
        }
    }

    public func outboxCounts() async throws -> [OutboxEntry.State: Int] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT state, count(*) AS n FROM notice_outbox GROUP BY state").reduce(into: [:]) { counts, row in
                if let state = OutboxEntry.State(rawValue: row["state"]) { counts[state] = row["n"] }
            }
        }
    }

    public func contacts() async throws -> [Contact] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM grid_contact ORDER BY phone").map { row in
                let r = StoredRow(row, table: "grid_contact")
                return try Contact(name: r["name"], phone: r["phone"], channel: r.value("channel"), address: r["address"], digest: r["digest"])
            }
        }
    }

    public func setContacts(_ contacts: [Contact]) async throws {
        try await pool.write { db in
            for c in contacts {
                try db.execute(sql: "INSERT OR REPLACE INTO grid_contact (phone, name, channel, address, digest) VALUES (?, ?, ?, ?, ?)",
                               arguments: [c.phone, c.name, c.channel.rawValue, c.address, c.digest])
            }
        }
    }
}

/// The SpatiaLite dialect of `OutboxDelivery`, each statement on the writer's connection inside
/// its transaction (`WriterSteps`); SQLite has one writer at a time, so nothing is skipped.
struct SpatiaLiteOutbox: OutboxTransaction {
    let steps: WriterSteps

    func dueNoticeIDs(limit: Int, now: Double, digestEveryone: Bool) async throws -> [String] {
        try await steps.run { db in
            try String.fetchAll(db, sql: """
                SELECT id FROM notice_outbox WHERE state IN ('pending', 'sending') AND next_attempt <= ?2
                AND NOT (\(SpatiaLiteSchema.waitingForDigest)) ORDER BY created_at, id LIMIT ?3
                """, arguments: [digestEveryone, now, limit])
        }
    }

    func hold(_ ids: [String], until: Double) async throws -> [OutboxEntry] {
        try await steps.run { db in
            let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
            return try Row.fetchAll(db, sql: """
                UPDATE notice_outbox SET state = 'sending', attempts = attempts + 1, next_attempt = ? WHERE id IN (\(marks)) RETURNING *
                """, arguments: StatementArguments([until] + ids)).map(OutboxRow.decode)
        }
    }

    func setDelivery(_ id: String, state: OutboxEntry.State, sentAt: Timestamp?, nextAttempt: Double?, lastError: String?) async throws {
        try await steps.run { db in
            try db.execute(sql: """
                UPDATE notice_outbox SET state = ?, sent_at = coalesce(?, sent_at), next_attempt = coalesce(?, next_attempt), last_error = ?
                WHERE id = ?
                """, arguments: [state.rawValue, sentAt?.description, nextAttempt, lastError, id])
        }
    }

    func noticesWaitingForDigest(queuedBefore end: Day, now: Double, everyone: Bool) async throws -> [Notice] {
        try await steps.run { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM notice_outbox WHERE \(SpatiaLiteSchema.waitingForDigest) AND created_at < ?3 ORDER BY created_at, id
                """, arguments: [everyone, now, end.description]).map { try OutboxRow.decode($0).notice }
        }
    }

    func markDigested(_ ids: [String], into digestID: String) async throws {
        try await steps.run { db in
            for id in ids {
                try db.execute(sql: "UPDATE notice_outbox SET state = 'digested', digest_id = ? WHERE id = ?", arguments: [digestID, id])
            }
        }
    }

    func insertNotice(_ n: Notice, at: String, ignoringDuplicates: Bool) async throws -> Bool {
        try await steps.run { db in try OutboxRow.insert(n, at: at, db, ignoringDuplicates: ignoringDuplicates) }
    }
}

/// Row mapping of the outbox (SpatiaLite dialect).
enum OutboxRow {
    /// Inserts a notice. - Returns: true when stored, false when its id was queued before (with `ignoringDuplicates`).
    static func insert(_ n: Notice, at: String, _ db: Database, ignoringDuplicates: Bool) throws -> Bool {
        try db.cachedStatement(sql: """
            INSERT \(ignoringDuplicates ? "OR IGNORE " : "")INTO notice_outbox (id, kind, case_id, recipient, role, note, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [n.id, n.kind.rawValue, n.caseID == 0 ? nil : n.caseID, n.recipient, n.role, n.note, at])
        return db.changesCount == 1
    }

    static func decode(_ row: Row) throws -> OutboxEntry {
        let r = StoredRow(row, table: "notice_outbox")
        // A digest names no case: its case id is NULL, kept as 0 in the notice.
        return try OutboxEntry(notice: Notice(id: r["id"], kind: r.value("kind"), caseID: r["case_id"] ?? 0, recipient: r["recipient"],
                                              role: r["role"], note: r["note"]),
                               state: r.value("state"), attempts: r["attempts"], lastError: r["last_error"], createdAt: r["created_at"])
    }
}
