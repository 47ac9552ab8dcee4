import Foundation
import GeoKit
import Shanshui
import ShanshuiTestSupport
import Testing

/// The server's token check gives the store's answers, and a token revoked by another process
/// stops working at once when nothing is trusted, or once the trust has run out (both stores).
@Suite("Trusted tokens on each store")
struct TrustedTokensTests {
    @Test(arguments: StoreKind.available) func trustedTokensAnswerAsTheStoreAndHonourRevocation(kind: StoreKind) async throws {
        try await Workspaces.with(kind) { workspaces in
            let store = try await workspaces.make()
            let other = try await workspaces.reopen()  // the CLI's `tokens revoke`, in another process
            func add(_ secret: String) async throws -> (id: Int64, hash: String) {
                let hash = SHA256.hex(Array(secret.utf8))
                return (try await other.addToken(APIToken(name: secret, role: .viewer, hash: hash, createdAt: "2026-07-01T00:00:00Z")), hash)
            }
            let exact = TrustedTokens(store: store)
            let long = TrustedTokens(store: store, trustFor: .seconds(3600))
            let short = TrustedTokens(store: store, trustFor: .milliseconds(200))

            // Unknown, then created: found at once by all (a miss is never kept).
            let unknown = SHA256.hex(Array("later".utf8))
            for tokens in [exact, long, short] { #expect(try await tokens.token(hash: unknown) == nil) }
            let later = try await add("later")
            for tokens in [exact, long, short] {
                #expect(try await tokens.token(hash: later.hash) == (try await store.token(hash: later.hash)))
                #expect(try await tokens.token(hash: later.hash)?.name == "later")
            }

            // Revoked elsewhere: refused at once without trust, still trusted within an hour's trust,
            // refused once a short trust has run out.
            #expect(try await other.revokeToken(id: later.id, at: "2026-08-01T00:00:00Z"))
            #expect(try await exact.token(hash: later.hash) == nil)
            #expect(try await long.token(hash: later.hash)?.name == "later")
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await short.token(hash: later.hash) == nil)
            #expect(try await short.token(hash: later.hash) == nil, "a refusal is not trusted into an acceptance")
        }
    }
}
