import Foundation
import Synchronization

/// Live API tokens by the hash of their secret, each trusted for up to `trustFor` after the store
/// last said it was live, so a busy server need not ask the store on every request. A revocation
/// takes effect within `trustFor` (at once when it is zero); unknown and revoked hashes are never
/// kept, so a token created a moment ago works at once.
public final class TrustedTokens: Sendable {
    public let store: any TokenStore
    /// How long a token found live is trusted without reading the store again.
    public let trustFor: Duration
    private let found = Mutex<[String: (token: APIToken, at: ContinuousClock.Instant)]>([:])
    private static let capacity = 10_000

    /// Tokens of `store`, read again after `trustFor` (every time when zero).
    public init(store: any TokenStore, trustFor: Duration = .zero) {
        self.store = store
        self.trustFor = trustFor
    }

    /// The live token whose secret hashes to `hash`: the same answer as `store.token(hash:)`, or
    /// the answer it gave less than `trustFor` ago.
    public func token(hash: String) async throws -> APIToken? {
        guard trustFor > .zero else { return try await store.token(hash: hash) }
        let now = ContinuousClock.now
        if let kept = found.withLock({ $0[hash] }), kept.at >= now - trustFor { return kept.token }
        guard let token = try await store.token(hash: hash) else {
            found.withLock { _ = $0.removeValue(forKey: hash) }
            return nil
        }
        found.withLock { found in
            if found.count >= Self.capacity { found.removeAll() }
            found[hash] = (token, now)
        }
        return token
    }
}
