import PostgresNIO
import Shanshui

/// Web sessions, failed sign-ins (v14) and trusted devices (v15), part of `UserStore`.
extension PostGISStore {
    public func addSession(_ s: Session) async throws {
        try await write { db in
            try await db.run("""
                INSERT INTO user_session (id_hash, user_name, csrf_token, created_at, last_seen_at)
                VALUES (\(s.idHash), \(s.userName), \(s.csrfToken), \(s.createdAt.description), \(s.lastSeenAt.description))
                """)
        }
    }

    public func session(idHash: String) async throws -> Session? {
        try await read { db in
            try await db.rows("SELECT * FROM user_session WHERE id_hash = \(idHash)", of: "user_session").first.map { r in
                Session(idHash: try r.get("id_hash"), userName: try r.get("user_name"), csrfToken: try r.get("csrf_token"),
                        createdAt: try Timestamp(r.get("created_at") as String), lastSeenAt: try Timestamp(r.get("last_seen_at") as String))
            }
        }
    }

    public func touchSession(idHash: String, at: Timestamp) async throws {
        try await write { db in try await db.run("UPDATE user_session SET last_seen_at = \(at.description) WHERE id_hash = \(idHash)") }
    }

    public func removeSession(idHash: String) async throws {
        try await write { db in try await db.run("DELETE FROM user_session WHERE id_hash = \(idHash)") }
    }

    public func removeSessions(userName: String) async throws {
        try await write { db in try await db.run("DELETE FROM user_session WHERE user_name = \(userName)") }
    }

    public func signInFailures(userName: String) async throws -> SignInFailures? {
        try await read { db in
            try await db.rows("SELECT * FROM sign_in_failure WHERE user_name = \(userName)", of: "sign_in_failure").first
                .flatMap { try Self.failures($0, userName: userName) }
        }
    }

    public func setSignInFailures(_ f: SignInFailures?, userName: String) async throws {
        try await write { db in
            try await db.run("DELETE FROM sign_in_failure WHERE user_name = \(userName)")
            if let f {
                try await db.run("""
                    INSERT INTO sign_in_failure (user_name, failures, first_failed_at, locked_until)
                    VALUES (\(userName), \(f.count), \(f.firstFailedAt.description), \(f.lockedUntil?.description))
                    """)
            }
        }
    }

    public func addTrustedDevice(_ d: TrustedDevice, expiredBefore: Timestamp, keep: Int) async throws {
        try await write { db in
            try await db.run("""
                INSERT INTO trusted_device (id_hash, user_name, created_at) VALUES (\(d.idHash), \(d.userName), \(d.createdAt.description))
                """)
            try await db.run("""
                DELETE FROM trusted_device WHERE user_name = \(d.userName) AND (created_at < \(expiredBefore.description) OR id_hash NOT IN (
                    SELECT id_hash FROM trusted_device WHERE user_name = \(d.userName) ORDER BY created_at DESC, id_hash = \(d.idHash) DESC LIMIT \(keep)))
                """)
        }
    }

    public func trustedDevice(idHash: String) async throws -> TrustedDevice? {
        try await read { db in
            try await db.rows("SELECT * FROM trusted_device WHERE id_hash = \(idHash)", of: "trusted_device").first.map { r in
                let user: String = try r.get("user_name")
                return TrustedDevice(idHash: try r.get("id_hash"), userName: user, createdAt: try Timestamp(r.get("created_at") as String),
                                     failures: try Self.failures(r, userName: user))
            }
        }
    }

    public func setTrustedDeviceFailures(_ f: SignInFailures?, idHash: String) async throws {
        try await write { db in
            try await db.run("""
                UPDATE trusted_device SET failures = \(f?.count ?? 0), first_failed_at = \(f?.firstFailedAt.description),
                       locked_until = \(f?.lockedUntil?.description)
                WHERE id_hash = \(idHash)
                """)
        }
    }

    public func removeTrustedDevice(idHash: String) async throws {
        try await write { db in try await db.run("DELETE FROM trusted_device WHERE id_hash = \(idHash)") }
    }

    public func removeTrustedDevices(userName: String) async throws {
        try await write { db in try await db.run("DELETE FROM trusted_device WHERE user_name = \(userName)") }
    }

    /// The failed sign-ins a row's `failures`, `first_failed_at` and `locked_until` columns hold
    /// (a user name's or a trusted device's), nil when none is counted.
    private static func failures(_ r: StoredPostgresRow, userName: String) throws -> SignInFailures? {
        let first: String? = try r.get("first_failed_at"), locked: String? = try r.get("locked_until")
        return try first.map { SignInFailures(userName: userName, count: Int(try r.get("failures") as Int32), firstFailedAt: try Timestamp($0),
                                              lockedUntil: try locked.map(Timestamp.init)) }
    }
}
