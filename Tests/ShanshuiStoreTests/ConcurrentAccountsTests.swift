import Foundation
import Shanshui
import ShanshuiTestSupport
import Testing

/// Accounts and tokens under concurrent writers on each store: the check and the write of a new
/// user are one step, so of several adds of one name exactly one succeeds, and a token is revoked once.
@Suite("Concurrent account writes on each store")
struct ConcurrentAccountsTests {
    @Test(arguments: StoreKind.available) func fourAddsOfOneUserNameMakeOneUserAndTellTheOthers(kind: StoreKind) async throws {
        try await Workspaces.with(kind) { workspaces in
            let store = try await workspaces.make()
            let accounts = Accounts(store: store)
            let outcomes = await withTaskGroup(of: String.self) { group in
                for i in 0..<4 {
                    group.addTask {
                        do {
                            _ = try await accounts.add(name: "zhou", role: .officer, password: "a long password \(i)")
                            return "added"
                        } catch { return "\(error)" }
                    }
                }
                var all: [String] = []
                for await o in group { all.append(o) }
                return all
            }
            #expect(outcomes.filter { $0 == "added" }.count == 1, "\(outcomes)")
            #expect(outcomes.filter { $0.contains("user 'zhou' exists already") }.count == 3, "\(outcomes)")
            #expect(try await store.users().map(\.name) == ["zhou"])

            let id = try await store.addToken(APIToken(name: "测试", role: .viewer, hash: String(repeating: "a", count: 64), createdAt: "2026-07-01T00:00:00Z"))
            let revoked = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<4 { group.addTask { (try? await store.revokeToken(id: id, at: "2026-07-02T00:00:00Z")) ?? false } }
                var all: [Bool] = []
                for await r in group { all.append(r) }
                return all
            }
            #expect(revoked.filter { $0 }.count == 1, "revoked once: \(revoked)")
        }
    }
}
