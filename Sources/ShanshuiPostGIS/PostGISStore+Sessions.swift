import PostgresNIO
import Shanshui

/// Web sessions and failed sign-ins (v14), part of `UserStore`.
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
            try await db.rows("SELECT * FROM sign_in_failure WHERE user_name = \(userName)", of: "sign_in_failure").first.map { r in
                let locked: String? = try r.get("locked_until")
                return SignInFailures(userName: try r.get("user_name"), count: Int(try r.get("failures") as Int32),
                                      firstFailedAt: try Timestamp(r.get("first_failed_at") as String), lockedUntil: try locked.map(Timestamp.init))
            }
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
}
