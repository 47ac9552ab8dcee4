import PostgresNIO
import Shanshui

extension PostGISStore: UserStore {
    public func addUser(_ user: User) async throws -> Int64 {
        let id = try await write { db in
            try await db.column("""
                INSERT INTO app_user (name, role, person_phone, disabled, password_hash, created_at)
                VALUES (\(user.name), \(user.role.rawValue), \(user.personPhone), \(user.disabled), \(user.passwordHash), \(user.createdAt))
                ON CONFLICT (name) DO NOTHING RETURNING id
                """, Int64.self, of: "app_user").first
        }
        guard let id else { throw StoreError.constraint("user '\(user.name)' exists already") }
        return id
    }

    public func user(name: String) async throws -> User? {
        try await read { db in try await db.rows("SELECT * FROM app_user WHERE name = \(name)", of: "app_user").first.map(Self.user) }
    }

    public func users() async throws -> [User] {
        try await read { db in try await db.rows("SELECT * FROM app_user ORDER BY id", of: "app_user").map(Self.user) }
    }

    public func updateUser(_ user: User) async throws -> Bool {
        try await write { db in
            try await !db.rows("""
                UPDATE app_user SET role = \(user.role.rawValue), person_phone = \(user.personPhone), disabled = \(user.disabled),
                    password_hash = \(user.passwordHash) WHERE id = \(user.id) RETURNING id
                """, of: "app_user").isEmpty
        }
    }

    private static func user(_ r: StoredPostgresRow) throws -> User {
        User(id: try r.get("id"), name: try r.get("name"), role: try r.value("role"),
             personPhone: try r.get("person_phone"), disabled: try r.get("disabled"), passwordHash: try r.get("password_hash"),
             createdAt: try r.get("created_at"))
    }
}
