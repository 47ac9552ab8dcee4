import GRDB
import Shanshui

/// A connection of the store's own for the one-statement reads the server makes on every request
/// (the grid's write version, a bearer token), run at once on the calling thread. Each takes a few
/// microseconds, less than GRDB's asynchronous read spends handing the work to a reader thread and
/// back (a third of a grid lookup's CPU time went there). A single statement reads one committed
/// state on its own, so no transaction is opened around it.
final class RequestReads: Sendable {
    private let queue: DatabaseQueue

    /// Opens the connection (read only) to the workspace at `path`.
    init(path: String) throws {
        var config = Configuration()
        config.busyMode = .timeout(SpatiaLiteStore.busyTimeout)
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA query_only = 1") }
        queue = try DatabaseQueue(path: path, configuration: config)
    }

    /// Runs `body` now, on this thread, with the connection (other callers wait their turn).
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try queue.unsafeRead(body)
    }
}

extension RequestReads {
    /// SQLite's `PRAGMA data_version` on this connection, which never writes: it changes whenever
    /// another connection, in this process or another, commits.
    func dataVersion() throws -> Int64 {
        try read { db in try Int64.fetchOne(db.cachedStatement(sql: "PRAGMA data_version")) ?? 0 }
    }
}

extension SpatiaLiteStore: CommitStamp {
    public func commitStamp() throws -> Int64 {
        try requestReads.dataVersion()
    }
}
