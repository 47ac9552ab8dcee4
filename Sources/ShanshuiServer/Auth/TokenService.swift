import Foundation
import GeoKit
import Shanshui

/// Issues and checks bearer tokens. Secrets are random, shown once, and stored only as SHA-256.
///
/// A token is read from the store on each request unless `trustFor` is positive: then a token
/// found live is trusted that long without asking again (`TrustedTokens`: a revocation takes
/// effect within it). The server trusts for a second on a PostGIS workspace, where each question
/// is a round trip, and not at all on a SpatiaLite file, where it costs a few microseconds.
public struct TokenService: Sendable {
    public let store: any TokenStore
    private let trusted: TrustedTokens

    /// Tokens over `store`, each checked against the store on every use unless `trustFor` is positive.
    public init(store: any TokenStore, trustFor: Duration = .zero) {
        self.store = store
        trusted = TrustedTokens(store: store, trustFor: trustFor)
    }

    /// Creates a token for `name` with `role`.
    /// - Returns: the record and the secret (the only time it is seen).
    public func create(name: String, role: Role) async throws -> (token: APIToken, secret: String) {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DomainError.invalidValue("a token needs a holder's name (--name)")
        }
        var random = SystemRandomNumberGenerator()
        let secret = "ss_" + (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &random)) }.joined()
        var token = APIToken(name: name, role: role, hash: Self.hash(secret), createdAt: ISO8601DateFormatter().string(from: Date()))
        token.id = try await store.addToken(token)
        return (token, secret)
    }

    /// The identity a secret belongs to, if it is a live token (or was, less than `trustFor` ago).
    public func identity(secret: String) async throws -> Identity? {
        try await trusted.token(hash: Self.hash(secret)).map { Identity(name: $0.name, role: $0.role) }
    }

    /// Lowercase hex SHA-256 of a secret.
    public static func hash(_ secret: String) -> String {
        SHA256.hex(secret.utf8)
    }
}
