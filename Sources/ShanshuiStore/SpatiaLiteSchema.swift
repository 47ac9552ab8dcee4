import Foundation
import GRDB
import Shanshui

/// The workspace schema as an ordered list of migrations, each one SQL file in `Schema/`
/// (`v01-registry.sql` for "v1 registry"), beside the PostGIS store's own. Never edit a shipped
/// migration: add a new one, so older workspaces move forward on open.
enum SpatiaLiteSchema {
    /// The migrations in order, by the names GRDB records in `grdb_migrations` (there is no v6 or
    /// v16: the job queue of distributed scans and its claim order are PostGIS's alone).
    static let names = [
        "v1 registry", "v2 grid", "v3 ledger", "v4 tokens", "v5 inspections", "v7 users", "v8 routing and recurrence",
        "v9 notifications", "v10 audit log refuses replace", "v11 audit hash chain", "v12 grid write version", "v13 notification digests",
        "v14 sessions and lockout", "v15 trusted devices",
    ]

    /// The migrator of every migration, each running its SQL file.
    /// - Throws: `StoreError.unusable` when a schema file is missing (a broken installation).
    static func migrator() throws -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for name in names {
            let sql = try SchemaFile.text(of: name, in: Bundle.module)
            migrator.registerMigration(name) { db in try db.execute(sql: sql) }
        }
        return migrator
    }
}
