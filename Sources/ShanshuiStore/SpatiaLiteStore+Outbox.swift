import Foundation
import GRDB
import Shanshui

extension SpatiaLiteSchema {
    /// The notification outbox (written with the ledger changes) and grid people's contacts.
    static func registerNotifications(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v9 notifications") { db in
            try db.execute(sql: """
                CREATE TABLE notice_outbox (
                    id TEXT PRIMARY KEY,            -- the idempotency id receivers de-duplicate on
                    kind TEXT NOT NULL,
                    case_id INTEGER NOT NULL REFERENCES "case"(id),
                    recipient TEXT NOT NULL,        -- NAME:PHONE, personal data
                    role TEXT NOT NULL,
                    note TEXT,
                    state TEXT NOT NULL DEFAULT 'pending',  -- pending, sending, sent, dead
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt REAL NOT NULL DEFAULT 0,   -- seconds since 1970: next try, or end of a worker's lease
                    last_error TEXT,
                    created_at TEXT NOT NULL,
                    sent_at TEXT
                );
                CREATE INDEX notice_outbox_due ON notice_outbox(state, next_attempt);
                CREATE TABLE grid_contact (
                    phone TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    channel TEXT NOT NULL,          -- webhook, email, sms
                    address TEXT NOT NULL
                );
                """)
        }
    }
}

extension SpatiaLiteSchema {
    /// Daily digests: a contact may ask for one, a digest is an outbox row about no single case
    /// (so `case_id` may be NULL; SQLite needs the table rebuilt for that) and its members point to it.
    static func registerDigests(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v13 notification digests") { db in
            try db.execute(sql: """
                CREATE TABLE notice_outbox_new (
                    id TEXT PRIMARY KEY,
                    kind TEXT NOT NULL,
                    case_id INTEGER REFERENCES "case"(id),  -- NULL for a digest
                    recipient TEXT NOT NULL,
                    role TEXT NOT NULL,
                    note TEXT,
                    state TEXT NOT NULL DEFAULT 'pending',  -- pending, sending, sent, dead, digested
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt REAL NOT NULL DEFAULT 0,
                    last_error TEXT,
                    created_at TEXT NOT NULL,
                    sent_at TEXT,
                    digest_id TEXT                          -- the digest that gathered this notice
                );
                INSERT INTO notice_outbox_new (id, kind, case_id, recipient, role, note, state, attempts, next_attempt, last_error, created_at, sent_at)
                    SELECT id, kind, case_id, recipient, role, note, state, attempts, next_attempt, last_error, created_at, sent_at FROM notice_outbox;
                DROP TABLE notice_outbox;
                ALTER TABLE notice_outbox_new RENAME TO notice_outbox;
                CREATE INDEX notice_outbox_due ON notice_outbox(state, next_attempt);
                CREATE INDEX notice_outbox_digest ON notice_outbox(digest_id);
                ALTER TABLE grid_contact ADD COLUMN digest INTEGER NOT NULL DEFAULT 0;
                """)
        }
    }

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
            var added = 0
            for n in notices {
                try OutboxRow.insert(n, at: moment.description, db, ignoringDuplicates: true)
                added += db.changesCount
            }
            return added
        }
    }

    public func claimNotices(limit: Int, now: Double, lease: Double, digestEveryone: Bool) async throws -> [OutboxEntry] {
        try await pool.write { db in
            let ids = try String.fetchAll(db, sql: """
                SELECT id FROM notice_outbox WHERE state IN ('pending', 'sending') AND next_attempt <= ?2
                AND NOT (\(SpatiaLiteSchema.waitingForDigest)) ORDER BY created_at, id LIMIT ?3
                """, arguments: [digestEveryone, now, limit])
            for id in ids {
                try db.execute(sql: "UPDATE notice_outbox SET state = 'sending', attempts = attempts + 1, next_attempt = ? WHERE id = ?",
                               arguments: [now + lease, id])
            }
            return try ids.compactMap { try Row.fetchOne(db, sql: "SELECT * FROM notice_outbox WHERE id = ?", arguments: [$0]).map(OutboxRow.decode) }
        }
    }

    public func settle(_ id: String, outcome: DeliveryOutcome, at now: Double) async throws {
        try await pool.write { db in
            switch outcome {
            case .sent:
                try db.execute(sql: "UPDATE notice_outbox SET state = 'sent', sent_at = ?, last_error = NULL WHERE id = ?",
                               arguments: [Timestamp(secondsSince1970: now).description, id])
            case .retry(let at, let error):
                try db.execute(sql: "UPDATE notice_outbox SET state = 'pending', next_attempt = ?, last_error = ? WHERE id = ?", arguments: [at, error, id])
            case .dead(let error):
                try db.execute(sql: "UPDATE notice_outbox SET state = 'dead', last_error = ? WHERE id = ?", arguments: [error, id])
            }
        }
    }

    public func gatherDigests(day: Day, now: Double, digestEveryone: Bool) async throws -> [Notice] {
        try await pool.write { db in
            let waiting = try Row.fetchAll(db, sql: """
                SELECT * FROM notice_outbox WHERE \(SpatiaLiteSchema.waitingForDigest) AND created_at < ?3 ORDER BY created_at, id
                """, arguments: [digestEveryone, now, day.adding(days: 1).description]).map { try OutboxRow.decode($0).notice }
            var made: [Notice] = []
            for (digest, members) in Notices.digests(of: waiting, day: day) {
                try OutboxRow.insert(digest, at: Timestamp(secondsSince1970: now).description, db, ignoringDuplicates: true)
                guard db.changesCount == 1 else { continue }  // this person's digest of the day went out already
                for id in members {
                    try db.execute(sql: "UPDATE notice_outbox SET state = 'digested', digest_id = ? WHERE id = ?", arguments: [digest.id, id])
                }
                made.append(digest)
            }
            return made
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
            try Row.fetchAll(db, sql: "SELECT * FROM grid_contact ORDER BY phone").map { r in
                try Contact(name: r["name"], phone: r["phone"], channel: Contact.Channel(rawValue: r["channel"]) ?? .sms,
                            address: r["address"], digest: r["digest"])
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

/// Row mapping of the outbox (SpatiaLite dialect).
enum OutboxRow {
    static func insert(_ n: Notice, at: String, _ db: Database, ignoringDuplicates: Bool = false) throws {
        try db.execute(sql: """
            INSERT \(ignoringDuplicates ? "OR IGNORE " : "")INTO notice_outbox (id, kind, case_id, recipient, role, note, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [n.id, n.kind.rawValue, n.caseID == 0 ? nil : n.caseID, n.recipient, n.role, n.note, at])
    }

    static func decode(_ r: Row) throws -> OutboxEntry {
        OutboxEntry(notice: Notice(id: r["id"], kind: NoticeKind(rawValue: r["kind"]) ?? .newCase, caseID: (r["case_id"] as Int64?) ?? 0, recipient: r["recipient"],
                                   role: r["role"], note: r["note"]),
                    state: OutboxEntry.State(rawValue: r["state"]) ?? .pending, attempts: r["attempts"], lastError: r["last_error"],
                    createdAt: r["created_at"])
    }
}
