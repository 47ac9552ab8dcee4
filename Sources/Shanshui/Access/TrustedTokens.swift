import Crypto
import Foundation
import GeoKit
import Synchronization

/// Live API tokens by their secret, so a busy server need not hash the secret and ask the store
/// on every request. A token found live is kept while the store says nothing was committed since
/// (`CommitStamp`: exact, whichever process writes), else for up to `trustFor` (a revocation
/// takes effect within it; never kept when zero). Unknown and revoked secrets are never kept, so
/// a token created a moment ago works at once.
public final class TrustedTokens: Sendable {
    public let store: any TokenStore
    /// How long a token found live is trusted without reading a store that has no commit stamp.
    public let trustFor: Duration
    private let found = Mutex<[String: (token: APIToken, stamp: Int64?, at: ContinuousClock.Instant)]>([:])
    private static let capacity = 10_000

    /// Tokens of `store`: kept while its commit stamp stays the same, or for `trustFor`.
    public init(store: any TokenStore, trustFor: Duration = .zero) {
        self.store = store
        self.trustFor = trustFor
    }

    /// The live token of `secret`: the same answer as `store.token(hash:)` with the secret's hash,
    /// or the answer it gave while nothing was committed since (or less than `trustFor` ago).
    public func token(secret: String) async throws -> APIToken? {
        let stamp = try (store as? any CommitStamp)?.commitStamp()
        guard stamp != nil || trustFor > .zero else { return try await store.token(hash: Self.hash(secret)) }
        let now = ContinuousClock.now
        if let kept = found.withLock({ $0[secret] }) {
            if let stamp, kept.stamp == stamp { return kept.token }
            if stamp == nil, kept.at >= now - trustFor { return kept.token }
        }
        guard let token = try await store.token(hash: Self.hash(secret)) else {
            found.withLock { _ = $0.removeValue(forKey: secret) }
            return nil
        }
        found.withLock { found in
            if found.count >= Self.capacity { found.removeAll() }
            found[secret] = (token, stamp, now)
        }
        return token
    }

    /// Lowercase hex SHA-256 of a secret: what the store keeps.
    public static func hash(_ secret: String) -> String {
        SHA256.hex(secret.utf8)
    }
}
