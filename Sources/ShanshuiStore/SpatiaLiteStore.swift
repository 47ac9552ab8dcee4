import Foundation
import GRDB
import GRDBSQLite
import Shanshui

/// The default workspace store: one SQLite file with SpatiaLite geometry columns and R*Tree
/// spatial indexes, opened as a WAL connection pool (one writer, concurrent readers).
///
/// The schema is versioned by GRDB's migrator and migrated forward on open; every write is a
/// transaction, so a failed import leaves the file as it was.
public final class SpatiaLiteStore: Sendable {
    /// The database file.
    public let path: String
    let pool: DatabasePool
    /// The per-request reads, on a connection of their own.
    let requestReads: RequestReads

    /// Opens an existing workspace, migrating its schema forward.
    /// - Parameters:
    ///   - create: make the file when it does not exist (`shanshui init`).
    ///   - busyTimeout: seconds a writer waits for another connection's lock before the write
    ///     fails as busy (HTTP 503 with Retry-After in the server).
    /// - Throws: `StoreError` when the file is missing (and `create` is false), is not a
    ///   Shanshui workspace, or was made by a newer Shanshui.
    public init(path: String, create: Bool = false, busyTimeout: TimeInterval = SpatiaLiteStore.busyTimeout) throws {
        self.path = path
        let exists = FileManager.default.fileExists(atPath: path)
        if !exists && !create {
            throw StoreError.missing("no workspace at '\(path)': run `shanshui init --db \(path)` first, or give --db / SHANSHUI_DB")
        }
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(busyTimeout)
        config.prepareDatabase { db in
            try SpatiaLiteStore.loadSpatiaLite(db)
            try SpatiaLiteStore.mapForReads(db)
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
        } catch {
            throw StoreError.unusable("cannot open workspace '\(path)': \(error)")
        }
        let migrator = try SpatiaLiteSchema.migrator()
        do {
            if try pool.read({ try migrator.hasBeenSuperseded($0) }) {
                throw StoreError.unusable("workspace '\(path)' was made by a newer Shanshui; upgrade Shanshui to use it")
            }
            try migrator.migrate(pool)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.unusable("'\(path)' is not a usable Shanshui workspace: \(error)")
        }
        do {
            requestReads = try RequestReads(path: path)
        } catch {
            throw StoreError.unusable("cannot open workspace '\(path)': \(error)")
        }
    }

    /// How long a writer waits for another process's lock before giving up by default, seconds:
    /// generous, because a CLI import and the server share the file.
    public static let busyTimeout: TimeInterval = 30

    /// `StoreError.busy` for SQLite's "database is locked" (the wait ran out), else nil.
    public static func busy(_ error: any Error) -> StoreError? {
        guard let e = error as? DatabaseError, e.resultCode == .SQLITE_BUSY || e.resultCode == .SQLITE_LOCKED else { return nil }
        return .busy("the workspace is locked by another writer longer than a writer waits; try again shortly")
    }

    /// The schema version names applied to this workspace, oldest first.
    public func appliedMigrations() throws -> [String] {
        let migrator = try SpatiaLiteSchema.migrator()
        return try pool.read { try migrator.appliedMigrations($0) }
    }

    /// SpatiaLite's version as loaded in this connection.
    public func spatiaLiteVersion() throws -> String {
        try pool.read { try String.fetchOne($0, sql: "SELECT spatialite_version()") ?? "?" }
    }

    /// Reads pages through a memory map of the file instead of copying each page with a system
    /// call: a server's page reads (a count walks a whole table) spent half their time copying.
    /// SQLite still writes with `write()`; pages in the WAL are read from the WAL as before.
    static func mapForReads(_ db: Database) throws {
        _ = try Int64.fetchOne(db, sql: "PRAGMA mmap_size = \(mappedBytes)")
    }

    /// How much of the file connections map (SQLite maps less when the file is smaller).
    static let mappedBytes = 1 << 30

    /// Loads `mod_spatialite` into a new connection through the C API (SQL `load_extension` stays off).
    static func loadSpatiaLite(_ db: Database) throws {
        guard let connection = db.sqliteConnection else { return }
        guard sqlite3_enable_load_extension(connection, 1) == SQLITE_OK else {
            throw StoreError.unusable("SQLite refuses to load extensions")
        }
        defer { sqlite3_enable_load_extension(connection, 0) }
        var message: UnsafeMutablePointer<CChar>?
        if sqlite3_load_extension(connection, "mod_spatialite", nil, &message) != SQLITE_OK {
            defer { sqlite3_free(message) }
            let text = message.map { String(cString: $0) } ?? "unknown error"
            throw StoreError.unusable("cannot load SpatiaLite (mod_spatialite): \(text); run scripts/setup")
        }
    }
}

/// Everything a workspace keeps, in one file.
extension SpatiaLiteStore: WorkspaceStore {}
