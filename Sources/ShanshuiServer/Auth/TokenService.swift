import Crypto
import Foundation
import GeoKit
import Shanshui

/// Issues and checks bearer tokens. Secrets are random, shown once, and stored only as SHA-256.
///
/// Tokens found live are kept (`TrustedTokens`): on a SpatiaLite file until anything is
/// committed to it (a revocation takes effect on the next request); on PostGIS, where each
/// question is a round trip, for `trustFor` (the server: one second).
public struct TokenService: Sendable {
    public let store: any TokenStore
    /// Where the creation time of tokens comes from.
    public let clock: WallClock
    private let trusted: TrustedTokens

    /// Tokens over `store`, stamped by `clock`; on a store without a commit stamp, trusted for
    /// `trustFor` once found live.
    public init(store: any TokenStore, clock: WallClock = .system, trustFor: Duration = .zero) {
        self.store = store
        self.clock = clock
        trusted = TrustedTokens(store: store, trustFor: trustFor)
    }

    /// Creates a token for `name` with `role`.
    /// - Returns: the record and the secret (the only time it is seen).
    public func create(name: String, role: Role) async throws -> (token: APIToken, secret: String) {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DomainError.invalidValue("a token needs a holder's name (--name)")
        }
        let secret = "ss_" + Secret.randomHex()
        var token = APIToken(name: name, role: role, hash: Self.hash(secret), createdAt: clock.now.description)
        token.id = try await store.addToken(token)
        return (token, secret)
    }

    /// The identity a secret belongs to, if it is a live token (or was, less than `trustFor` ago).
    public func identity(secret: String) async throws -> Identity? {
        try await trusted.token(secret: secret).map { Identity(name: $0.name, role: $0.role) }
    }

    /// Lowercase hex SHA-256 of a secret.
    public static func hash(_ secret: String) -> String {
        TrustedTokens.hash(secret)
    }
}
