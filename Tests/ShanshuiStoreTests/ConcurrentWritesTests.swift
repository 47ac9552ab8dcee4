import Foundation
import GeoKit
import Shanshui
import ShanshuiTestSupport
import Testing

/// Check-then-write under concurrent writers in one process on each store: of several adds of one
/// user name exactly one succeeds, a token is revoked once, and of four identical scans started at
/// once one is recorded and the others are refused as repeats of it.
@Suite("Concurrent writes on each store")
struct ConcurrentWritesTests {
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

    @Test(arguments: StoreKind.available) func fourIdenticalScansStartedAtOnceRecordOne(kind: StoreKind) async throws {
        try await Workspaces.with(kind) { workspaces in
            let f = try await LedgerFixture.make(in: workspaces, damages: [])
            let footprint = Geometry.polygon(ReserveScene.square(LedgerFixture.center, half: 0.1))
            for (name, date) in [("2026H2", "2026-12-31"), ("2027H1", "2027-06-30")] {
                _ = try await f.store.addEpoch(Epoch(name: name, date: try Day(date), sensor: "test", paths: ["/dev/null"], bands: nil, mask: nil,
                                                     crs: "EPSG:32651", width: 1, height: 1, bandCount: 4, footprint: footprint))
            }
            let runner = ScanRunner(registry: f.registry, scans: f.store, cases: f.store)
            let outcomes = await withTaskGroup(of: String.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        do { return "scan \(try await runner.start(ScanRunner.Request(before: "2026H2", after: "2027H1")))" } catch { return "\(error)" }
                    }
                }
                var all: [String] = []
                for await o in group { all.append(o) }
                return all
            }
            let started = outcomes.filter { $0.hasPrefix("scan ") }
            #expect(started.count == 1, "\(outcomes)")
            #expect(outcomes.filter { $0.contains("were already scanned over these protected areas in \(started.first ?? "?")") }.count == 3,
                    "\(outcomes)")
            let pair = try await f.store.scans().filter { $0.parameters["before"]?.stringValue == "2026H2" }
            #expect(pair.count == 1)
        }
    }
}
