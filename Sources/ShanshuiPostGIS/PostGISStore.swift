import Foundation
import PostgresNIO
import Shanshui
import Synchronization

/// The shared workspace store: PostgreSQL 15 with PostGIS, for many processes and machines at
/// once. It behaves like `SpatiaLiteStore` (same tables, transactions, append-only audit log,
/// optimistic case revisions), with row locks where several writers could meet.
///
/// The store owns its connection pool: `init` starts the pool's `run()` in a task of its own and
/// migrates the schema before the first query; `shutdown()` (or releasing the store) stops it.
public final class PostGISStore: Sendable {
    /// The database location with any password removed, for messages.
    public let location: String
    let client: PostgresClient
    let logger: Logger
    private let running: Task<Void, Never>
    private let ready: Task<Void, any Error>

    /// Connects to a database given as `postgresql://user[:password]@host[:port]/database`.
    /// - Parameters:
    ///   - url: the database URL; `postgres://` works too. The database must exist.
    ///   - create: make the schema when the database has none (`shanshui init`).
    ///   - maximumConnections: the pool's size.
    ///   - lockTimeout: seconds a statement waits for another writer's lock before giving up with
    ///     `StoreError.busy` (HTTP 503 with Retry-After), like SQLite's busy timeout.
    /// - Throws: `StoreError.unusable` for a URL that is not a PostgreSQL one. Connection and schema
    ///   failures are thrown by the first call that touches the database.
    public init(url: String, create: Bool = false, maximumConnections: Int = 8, lockTimeout: Double = PostGISStore.lockTimeout) throws {
        let target = try PostGISLocation(url)
        let location = target.redacted
        self.location = location
        let logger = PostGISStore.quiet
        self.logger = logger
        var options = PostgresClient.Configuration.Options()
        options.maximumConnections = maximumConnections
        // Every pooled connection starts with it (a startup parameter: no extra round trip).
        options.additionalStartupParameters = [("lock_timeout", "\(max(1, Int(lockTimeout * 1000)))")]
        var configuration = target.clientConfiguration
        configuration.options = options
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        running = Task { await client.run() }
        ready = Task { try await PostGISSchema.migrate(target, create: create) }
    }

    deinit {
        ready.cancel()
        running.cancel()
    }

    /// Closes the pool's connections and waits until they are gone.
    public func shutdown() async {
        ready.cancel()
        running.cancel()
        await running.value
    }

    /// How long a writer waits for another's lock by default, seconds: generous, as SQLite's
    /// busy timeout, because imports, workers and the server share the database.
    public static let lockTimeout: Double = 30

    /// The schema version names applied to this database, oldest first.
    public func appliedMigrations() async throws -> [String] {
        // In version order: "v10" comes after "v9", not after "v1".
        try await read { db in
            try await db.column("SELECT name FROM schema_migrations ORDER BY substring(name from '^v([0-9]+)')::int, name", String.self, of: "schema_migrations")
        }
    }

    /// PostGIS's version in this database.
    public func postGISVersion() async throws -> String {
        try await read { db in try await db.column("SELECT postgis_full_version()", String.self, of: "postgis").first ?? "?" }
    }

    /// Runs `body` on one pooled connection once the schema is ready.
    func read<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await ready.value
        return try await Self.mapped { try await client.withConnection { try await body($0) } }
    }

    /// Runs `body` in one transaction once the schema is ready: all of it is committed, or none.
    func write<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await ready.value
        Self.roundTripCounter.add(2, ordering: .relaxed) // BEGIN and COMMIT
        return try await Self.mapped { try await client.withTransaction(logger: logger) { try await body($0) } }
    }

    /// Unwraps transaction errors so the domain's own errors (`StaleCaseError`, `StoreError`) reach the caller,
    /// and turns server errors into readable store errors.
    static func mapped<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PostgresTransactionError {
            throw readable(error.closureError ?? error.commitError ?? error.beginError ?? error)
        } catch {
            throw readable(error)
        }
    }

    /// A server error as the store's own: SQLSTATE class 23 (integrity constraint) as a constraint
    /// the data broke, lock and serialisation failures as busy, a server that is shutting down or
    /// cannot be reached as unavailable, and anything else as a server error with its message.
    static func readable(_ error: any Error) -> any Error {
        guard let error = error as? PSQLError else { return error }
        guard let state = error.serverInfo?[.sqlState] else {
            switch error.code {
            case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed:
                return StoreError.unavailable("PostgreSQL cannot be reached (\(error.code)); check that the server runs, then try again")
            default:
                return StoreError.unusable("PostgreSQL: \(String(reflecting: error))")
            }
        }
        let message = "PostgreSQL: " + (error.serverInfo?[.message] ?? state)
        switch state {
        case _ where state.hasPrefix("23"): return StoreError.constraint(message)
        // serialization_failure, deadlock_detected, lock_not_available: another writer won; retry.
        case "40001", "40P01", "55P03": return StoreError.busy(message + "; try again shortly")
        // connection exceptions, admin or crash shutdown, cannot connect now.
        case _ where state.hasPrefix("08"), "57P01", "57P02", "57P03": return StoreError.unavailable(message + "; try again shortly")
        default: return StoreError.server("\(message) (SQLSTATE \(state))")
        }
    }
}

/// Everything a workspace keeps, in one shared database.
extension PostGISStore: WorkspaceStore {}

extension PostGISStore {
    /// Round trips to the server made by this process so far (statements, and BEGIN and COMMIT
    /// of each transaction): the figure to watch when many workers share one database.
    public static var roundTrips: Int { roundTripCounter.load(ordering: .relaxed) }

    static let roundTripCounter = Atomic<Int>(0)
}

extension PostgresConnection {
    /// Runs a statement, discarding any rows.
    func run(_ query: PostgresQuery, logger: Logger = PostGISStore.quiet) async throws {
        PostGISStore.roundTripCounter.add(1, ordering: .relaxed)
        try await self.query(query, logger: logger).consume()
    }
}

extension PostgresConnection {
    /// Takes transaction-scoped advisory locks on `keys` (in sorted order, so two writers never
    /// deadlock), held until the transaction ends: writers of the same keys queue here, and a
    /// check-then-write under them cannot be overtaken.
    func lock(_ keys: [String]) async throws {
        guard !keys.isEmpty else { return }
        let sorted = keys.sorted()
        try await run("SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0))) FROM (SELECT unnest(\(sorted)) AS k ORDER BY 1) s")
    }

    /// Counts per key from `query` (given the keys, it selects a key and a count per row), for
    /// `ConcurrentChangeError.check`.
    func counts(_ keys: [String], _ query: (_ keys: [String]) -> PostgresQuery) async throws -> [String: Int] {
        guard !keys.isEmpty else { return [:] }
        var found: [String: Int] = [:]
        for row in try await rows(query(keys), of: "counts") { found[try row.get(at: 0, as: String.self)] = Int(try row.get(at: 1, as: Int64.self)) }
        return found
    }
}

extension PostgresRowSequence {
    /// Reads and drops the remaining rows.
    func consume() async throws {
        for try await _ in self {}
    }
}

extension PostGISStore {
    /// A logger that stays silent but for errors.
    static let quiet: Logger = {
        var logger = Logger(label: "shanshui.postgis")
        logger.logLevel = .error
        return logger
    }()
}
