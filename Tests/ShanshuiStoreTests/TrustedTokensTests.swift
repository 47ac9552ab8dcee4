import Foundation
import GeoKit
import Shanshui
import ShanshuiStore
import ShanshuiTestSupport
import Testing

/// The server's token check gives the store's answers, and a token revoked by another process
/// stops working: on the next check for a SpatiaLite file (any commit moves its stamp), at once
/// on PostGIS when nothing is trusted, or once the trust has run out (both stores).
@Suite("Trusted tokens on each store")
struct TrustedTokensTests {
    @Test(arguments: StoreKind.available) func trustedTokensAnswerAsTheStoreAndHonourRevocation(kind: StoreKind) async throws {
        try await Workspaces.with(kind) { workspaces in
            let store = try await workspaces.make()
            #expect(try await store.tokens().isEmpty)  // the schema is made before another store opens it
            let other = try await workspaces.reopen()  // the CLI's `tokens revoke`, in another process
            func add(_ secret: String) async throws -> Int64 {
                try await other.addToken(APIToken(name: secret, role: .viewer, hash: TrustedTokens.hash(secret), createdAt: "2026-07-01T00:00:00Z"))
            }
            let exact = TrustedTokens(store: store)
            let long = TrustedTokens(store: store, trustFor: .seconds(3600))
            let short = TrustedTokens(store: store, trustFor: .milliseconds(200))
            let all = [exact, long, short]
            #expect((store is any CommitStamp) == (kind == .spatiaLite))

            // Unknown, then created: found at once by all (a miss is never kept), the store's answer.
            for tokens in all { #expect(try await tokens.token(secret: "later") == nil) }
            let id = try await add("later")
            for tokens in all {
                #expect(try await tokens.token(secret: "later") == (try await store.token(hash: TrustedTokens.hash("later"))))
                #expect(try await tokens.token(secret: "later")?.name == "later")
            }

            // Revoked elsewhere.
            #expect(try await other.revokeToken(id: id, at: "2026-08-01T00:00:00Z"))
            #expect(try await exact.token(secret: "later") == nil)
            if kind == .spatiaLite {
                #expect(try await long.token(secret: "later") == nil, "the commit moved the stamp: refused at once")
            } else {
                #expect(try await long.token(secret: "later")?.name == "later", "trusted within the hour")
            }
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await short.token(secret: "later") == nil)
            #expect(try await short.token(secret: "later") == nil, "a refusal is not trusted into an acceptance")

            // Revoked through the same store: seen as well.
            let mine = try await store.addToken(APIToken(name: "mine", role: .officer, hash: TrustedTokens.hash("mine"), createdAt: "2026-07-01T00:00:00Z"))
            #expect(try await short.token(secret: "mine")?.role == .officer)
            #expect(try await store.revokeToken(id: mine, at: "2026-08-01T00:00:00Z"))
            try await Task.sleep(for: .milliseconds(300))
            for tokens in [exact, short] { #expect(try await tokens.token(secret: "mine") == nil) }
        }
    }

    /// One request reads the store's stamp once (`CommitStamps.sharing`): its token check and the
    /// grid version it asks see the store as of its start, and the next request sees what another
    /// process committed meanwhile (a revocation, a grid change), as the store itself answers.
    @Test(arguments: StoreKind.available) func oneRequestSharesOneStampAndTheNextSeesOtherProcesses(kind: StoreKind) async throws {
        try await Workspaces.with(kind) { workspaces in
            let store = try await workspaces.make()
            let other = try await workspaces.reopen()
            let tokens = TrustedTokens(store: store)
            let id = try await other.addToken(APIToken(name: "s", role: .viewer, hash: TrustedTokens.hash("s"), createdAt: "2026-07-01T00:00:00Z"))
            let version = try await store.gridVersion()
            try await CommitStamps.sharing { () async throws in
                #expect(try await tokens.token(secret: "s")?.name == "s")
                #expect(try await store.gridVersion() == version)
                #expect(try await other.revokeToken(id: id, at: "2026-08-01T00:00:00Z"))
                let bump = try workspaces.rawSQL("UPDATE write_version SET version = version + 1 WHERE name = 'grid'")
                #expect(bump.status == 0, "\(bump.error)")
                if kind == .spatiaLite {  // one stamp a request: the state it started on
                    #expect(try await tokens.token(secret: "s")?.name == "s")
                    #expect(try await store.gridVersion() == version)
                }
                // Work the request starts that outlives it (a background scan) reads its own stamps.
                #expect(try await CommitStamps.unshared { try await store.gridVersion() } == version + 1)
                #expect(try await CommitStamps.unshared { try await tokens.token(secret: "s") } == nil)
            }
            try await CommitStamps.sharing { () async throws in  // the next request
                #expect(try await tokens.token(secret: "s") == nil)
                #expect(try await store.gridVersion() == version + 1)
                #expect(try await store.gridVersion() == version + 1, "kept while nothing is committed")
            }
            #expect(try await tokens.token(secret: "s") == nil)
            #expect(try await store.gridVersion() == version + 1)
            let again = try workspaces.rawSQL("UPDATE write_version SET version = version + 1 WHERE name = 'grid'")
            #expect(again.status == 0, "\(again.error)")
            #expect(try await store.gridVersion() == version + 2, "outside a request, every call sees the latest commit")
        }
    }
}
