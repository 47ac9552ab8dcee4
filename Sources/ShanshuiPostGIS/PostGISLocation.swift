import Foundation
import PostgresNIO
import Shanshui

/// A parsed `postgresql://user[:password]@host[:port]/database` URL.
public struct PostGISLocation: Sendable {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String

    /// True when `text` names a PostgreSQL database rather than a workspace file.
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgresql://") || text.hasPrefix("postgres://")
    }

    /// Parses a database URL.
    /// - Throws: `StoreError.unusable` naming what is missing.
    public init(_ url: String) throws {
        guard Self.isURL(url), let parts = URLComponents(string: url), let host = parts.host, !host.isEmpty else {
            throw StoreError.unusable("'\(url)' is not a PostgreSQL URL; write postgresql://user@host:port/database")
        }
        let database = String(parts.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else {
            throw StoreError.unusable("'\(url)' names no database; write postgresql://user@host:port/database")
        }
        self.host = host
        port = parts.port ?? 5432
        user = parts.user.flatMap { $0.removingPercentEncoding } ?? "postgres"
        password = parts.password.flatMap { $0.removingPercentEncoding }
        self.database = database
    }

    /// The same server with another database.
    public func with(database: String) -> PostGISLocation {
        var other = self
        other.database = database
        return other
    }

    /// The URL without the password, for messages.
    public var redacted: String { "postgresql://\(user)@\(host):\(port)/\(database)" }

    /// The URL as given, password included.
    public var url: String {
        let secret = password.map { ":" + ($0.addingPercentEncoding(withAllowedCharacters: .urlPasswordAllowed) ?? $0) } ?? ""
        return "postgresql://\(user)\(secret)@\(host):\(port)/\(database)"
    }

    var clientConfiguration: PostgresClient.Configuration {
        PostgresClient.Configuration(host: host, port: port, username: user, password: password, database: database, tls: .disable)
    }

    var connectionConfiguration: PostgresConnection.Configuration {
        PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database, tls: .disable)
    }

    /// Runs `body` on one connection of its own, closed afterwards (schema work, test databases).
    public func withConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: connectionConfiguration, id: 0, logger: PostGISStore.quiet)
        } catch {
            throw StoreError.unusable("cannot connect to \(redacted): \(PostGISStore.readable(error)); is PostgreSQL running there?")
        }
        do {
            let result = try await body(connection)
            try? await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw PostGISStore.readable(error)
        }
    }

    /// Runs one statement on a connection of its own (`CREATE DATABASE` cannot run in a transaction).
    public func execute(_ sql: String) async throws {
        try await withConnection { try await $0.run(PostgresQuery(unsafeSQL: sql)) }
    }
}
