import GRDB
import Shanshui

/// Web sessions, failed sign-ins (v14) and trusted devices (v15), part of `UserStore`.
extension SpatiaLiteStore {
    public func addSession(_ s: Session) async throws {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO user_session (id_hash, user_name, csrf_token, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [s.idHash, s.userName, s.csrfToken, s.createdAt.description, s.lastSeenAt.description])
        }
    }

    public func session(idHash: String) async throws -> Session? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM user_session WHERE id_hash = ?", arguments: [idHash]).map { row in
                let r = StoredRow(row, table: "user_session")
                return Session(idHash: try r["id_hash"], userName: try r["user_name"], csrfToken: try r["csrf_token"],
                               createdAt: try Timestamp(r["created_at"] as String), lastSeenAt: try Timestamp(r["last_seen_at"] as String))
            }
        }
    }

    public func touchSession(idHash: String, at: Timestamp) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE user_session SET last_seen_at = ? WHERE id_hash = ?", arguments: [at.description, idHash])
        }
    }

    public func removeSession(idHash: String) async throws {
        try await pool.write { db in try db.execute(sql: "DELETE FROM user_session WHERE id_hash = ?", arguments: [idHash]) }
    }

    public func removeSessions(userName: String) async throws {
        try await pool.write { db in try db.execute(sql: "DELETE FROM user_session WHERE user_name = ?", arguments: [userName]) }
    }

    public func signInFailures(userName: String) async throws -> SignInFailures? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM sign_in_failure WHERE user_name = ?", arguments: [userName]).flatMap { row in
                try Self.failures(StoredRow(row, table: "sign_in_failure"), userName: userName)
            }
        }
    }

    public func setSignInFailures(_ f: SignInFailures?, userName: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM sign_in_failure WHERE user_name = ?", arguments: [userName])
            if let f {
                try db.execute(sql: "INSERT INTO sign_in_failure (user_name, failures, first_failed_at, locked_until) VALUES (?, ?, ?, ?)",
                               arguments: [userName, f.count, f.firstFailedAt.description, f.lockedUntil?.description])
            }
        }
    }

    public func addTrustedDevice(_ d: TrustedDevice, expiredBefore: Timestamp, keep: Int) async throws {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO trusted_device (id_hash, user_name, created_at) VALUES (?, ?, ?)",
                           arguments: [d.idHash, d.userName, d.createdAt.description])
            try db.execute(sql: """
                DELETE FROM trusted_device WHERE user_name = ? AND (created_at < ? OR id_hash NOT IN (
                    SELECT id_hash FROM trusted_device WHERE user_name = ? ORDER BY created_at DESC, id_hash = ? DESC LIMIT ?))
                """, arguments: [d.userName, expiredBefore.description, d.userName, d.idHash, keep])
        }
    }

    public func trustedDevice(idHash: String) async throws -> TrustedDevice? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM trusted_device WHERE id_hash = ?", arguments: [idHash]).map { row in
                let r = StoredRow(row, table: "trusted_device")
                let user: String = try r["user_name"]
                return TrustedDevice(idHash: try r["id_hash"], userName: user, createdAt: try Timestamp(r["created_at"] as String),
                                     failures: try Self.failures(r, userName: user))
            }
        }
    }

    public func setTrustedDeviceFailures(_ f: SignInFailures?, idHash: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE trusted_device SET failures = ?, first_failed_at = ?, locked_until = ? WHERE id_hash = ?",
                           arguments: [f?.count ?? 0, f?.firstFailedAt.description, f?.lockedUntil?.description, idHash])
        }
    }

    public func removeTrustedDevice(idHash: String) async throws {
        try await pool.write { db in try db.execute(sql: "DELETE FROM trusted_device WHERE id_hash = ?", arguments: [idHash]) }
    }

    public func removeTrustedDevices(userName: String) async throws {
        try await pool.write { db in try db.execute(sql: "DELETE FROM trusted_device WHERE user_name = ?", arguments: [userName]) }
    }

    /// The failed sign-ins a row's `failures`, `first_failed_at` and `locked_until` columns hold
    /// (a user name's or a trusted device's), nil when none is counted.
    private static func failures(_ r: StoredRow, userName: String) throws -> SignInFailures? {
        let first: String? = try r["first_failed_at"], locked: String? = try r["locked_until"]
        return try first.map { SignInFailures(userName: userName, count: try r["failures"], firstFailedAt: try Timestamp($0),
                                              lockedUntil: try locked.map(Timestamp.init)) }
    }
}
