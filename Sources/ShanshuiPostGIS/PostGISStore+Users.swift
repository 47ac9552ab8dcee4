import PostgresNIO
import Shanshui

extension PostGISStore: UserStore {
    public func addUser(_ user: User) async throws -> Int64 {
        let id = try await write { db in
            try await db.column("""
                INSERT INTO app_user (name, role, person_phone, disabled, password_hash, created_at)
                VALUES (\(user.name), \(user.role.rawValue), \(user.personPhone), \(user.disabled), \(user.passwordHash), \(user.createdAt))
                ON CONFLICT (name) DO NOTHING RETURNING id
                """, Int64.self).first
        }
        guard let id else { throw StoreError.constraint("user '\(user.name)' exists already") }
        return id
    }

    public func user(name: String) async throws -> User? {
        try await read { db in try await db.rows("SELECT * FROM app_user WHERE name = \(name)").first.map(Self.user) }
    }

    public func users() async throws -> [User] {
        try await read { db in try await db.rows("SELECT * FROM app_user ORDER BY id").map(Self.user) }
    }

    public func updateUser(_ user: User) async throws -> Bool {
        try await write { db in
            try await !db.rows("""
                UPDATE app_user SET role = \(user.role.rawValue), person_phone = \(user.personPhone), disabled = \(user.disabled),
                    password_hash = \(user.passwordHash) WHERE id = \(user.id) RETURNING id
                """).isEmpty
        }
    }

    private static func user(_ r: PostgresRandomAccessRow) throws -> User {
        User(id: try r.get("id"), name: try r.get("name"), role: try r.value("role", in: "app_user"),
             personPhone: try r.get("person_phone"), disabled: try r.get("disabled"), passwordHash: try r.get("password_hash"),
             createdAt: try r.get("created_at"))
    }
}
