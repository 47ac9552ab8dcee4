import GRDB
import Shanshui
import Synchronization

/// A connection of the store's own for the one-statement reads the server makes on every request
/// (the grid's write version, a bearer token), run at once on the calling thread. Each takes a few
/// microseconds, less than GRDB's asynchronous read spends handing the work to a reader thread and
/// back (a third of a grid lookup's CPU time went there). A single statement reads one committed
/// state on its own, so no transaction is opened around it.
final class RequestReads: Sendable {
    private let queue: DatabaseQueue
    /// The grid's write version and the data version it was read at: kept while nothing is committed.
    private let grid = Mutex<(dataVersion: Int64, version: Int64)?>(nil)

    /// Opens the connection (read only) to the workspace at `path`.
    init(path: String) throws {
        var config = Configuration()
        config.busyMode = .timeout(SpatiaLiteStore.busyTimeout)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA query_only = 1")
            try SpatiaLiteStore.mapForReads(db)
        }
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

    /// The data version, read once per `CommitStamps.sharing` (a request), else on each call.
    func stamp() throws -> Int64 {
        guard let memo = CommitStamps.memo else { return try dataVersion() }
        return try memo.stamp(dataVersion)
    }

    /// The grid's write version (`write_version` row `grid`), read again only after a commit.
    /// The stamp is read before the version, so a commit in between only makes the next call read again.
    func gridVersion() throws -> Int64 {
        let stamp = try stamp()
        if let kept = grid.withLock({ $0 }), kept.dataVersion == stamp { return kept.version }
        let version = try read { db in try Int64.fetchOne(db.cachedStatement(sql: "SELECT version FROM write_version WHERE name = 'grid'")) ?? 0 }
        grid.withLock { if ($0?.dataVersion ?? .min) <= stamp { $0 = (stamp, version) } }
        return version
    }
}

extension SpatiaLiteStore: CommitStamp {
    public func commitStamp() throws -> Int64 {
        try requestReads.stamp()
    }
}
