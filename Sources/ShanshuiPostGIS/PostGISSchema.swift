import Foundation
import PostgresNIO
import Shanshui

/// The workspace schema in PostgreSQL as an ordered list of migrations, named as in the SpatiaLite
/// store, each one SQL file in `Schema/` (`v01-registry.sql` for "v1 registry"), beside the
/// SpatiaLite store's own. Never edit a shipped migration: add a new one, so older databases move
/// forward on open.
enum PostGISSchema {
    /// One migration: a name recorded in `schema_migrations` and its statements, run in one transaction.
    struct Migration {
        var name: String
        var statements: [String]
    }

    /// The migrations in order, by the names recorded in `schema_migrations`.
    static let names = [
        "v1 registry", "v2 grid", "v3 ledger", "v4 tokens", "v5 inspections", "v6 scan jobs", "v7 users", "v8 routing and recurrence",
        "v9 notifications", "v10 audit log refuses replace", "v11 audit hash chain", "v12 grid write version", "v13 notification digests",
        "v14 sessions and lockout", "v15 trusted devices", "v16 scan job claim order",
    ]

    /// The migrations with their statements, read from the module's SQL resources.
    /// - Throws: `StoreError.unusable` when a resource is missing (a broken installation).
    static func migrations() throws -> [Migration] {
        try names.map { Migration(name: $0, statements: statements(in: try SchemaFile.text(of: $0, in: Bundle.module))) }
    }

    /// Applies the migrations a database lacks, under an advisory lock so that processes opening
    /// the same database at once migrate it once.
    static func migrate(_ target: PostGISLocation, create: Bool) async throws {
        let migrations = try migrations()
        try await target.withConnection { db in
            try await db.run("SELECT pg_advisory_lock(7346001)")
            try await apply(migrations, db, create: create, location: target.redacted)
            try await db.run("SELECT pg_advisory_unlock(7346001)")
        }
    }

    /// The statements of a SQL script: each ends with `;` at the end of a line, outside `$$` bodies.
    static func statements(in script: String) -> [String] {
        var statements: [String] = [], current: [Substring] = [], inBody = false
        for line in script.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if current.isEmpty && (trimmed.isEmpty || trimmed.hasPrefix("--")) { continue }
            current.append(line)
            if line.components(separatedBy: "$$").count % 2 == 0 { inBody.toggle() }
            if !inBody && trimmed.hasSuffix(";") {
                statements.append(String(current.joined(separator: "\n").trimmingCharacters(in: .whitespaces).dropLast()))
                current = []
            }
        }
        return statements
    }

    private static func apply(_ migrations: [Migration], _ db: PostgresConnection, create: Bool, location: String) async throws {
        let exists = try await db.column("SELECT to_regclass('schema_migrations') IS NOT NULL", Bool.self, of: "pg_class").first ?? false
        if !exists {
            guard create else {
                throw StoreError.missing("no workspace at '\(location)': run `shanshui init --db \(location)` first, or give --db / SHANSHUI_DB")
            }
            try await db.run("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
        }
        let applied = Set(try await db.column("SELECT name FROM schema_migrations", String.self, of: "schema_migrations"))
        if !applied.isSubset(of: migrations.map(\.name)) {
            throw StoreError.unusable("workspace '\(location)' was made by a newer Shanshui; upgrade Shanshui to use it")
        }
        for migration in migrations where !applied.contains(migration.name) {
            try await db.withTransaction(logger: PostGISStore.quiet) { db in
                for statement in migration.statements {
                    try await db.run(PostgresQuery(unsafeSQL: statement))
                }
                try await db.run("INSERT INTO schema_migrations (name) VALUES (\(migration.name))")
            }
        }
    }
}
