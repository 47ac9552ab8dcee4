import GRDB
import Shanshui

extension SpatiaLiteStore: UserStore {
    public func addUser(_ user: User) async throws -> Int64 {
        try await pool.write { db in
            guard try !Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM app_user WHERE name = ?)", arguments: [user.name])! else {
                throw StoreError.constraint("user '\(user.name)' exists already")
            }
            try db.execute(sql: """
                INSERT INTO app_user (name, role, person_phone, disabled, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [user.name, user.role.rawValue, user.personPhone, user.disabled, user.passwordHash, user.createdAt])
            return db.lastInsertedRowID
        }
    }

    public func user(name: String) async throws -> User? {
        try await pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM app_user WHERE name = ?", arguments: [name]).map(Self.user) }
    }

    public func users() async throws -> [User] {
        try await pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM app_user ORDER BY id").map(Self.user) }
    }

    public func updateUser(_ user: User) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "UPDATE app_user SET role = ?, person_phone = ?, disabled = ?, password_hash = ? WHERE id = ?",
                           arguments: [user.role.rawValue, user.personPhone, user.disabled, user.passwordHash, user.id])
            return db.changesCount > 0
        }
    }

    private static func user(_ row: Row) throws -> User {
        let r = StoredRow(row, table: "app_user")
        return try User(id: r["id"], name: r["name"], role: r.value("role"), personPhone: r["person_phone"],
                        disabled: r["disabled"], passwordHash: r["password_hash"], createdAt: r["created_at"])
    }
}
