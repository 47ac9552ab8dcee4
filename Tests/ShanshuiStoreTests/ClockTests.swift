import Foundation
import GeoKit
import Shanshui
import ShanshuiTestSupport
import Testing

/// Time is injected like the day: a fixed clock fixes the times the ledger, accounts and the
/// outbox write on each store; and the outbox counts its notices by state in one query (metrics).
@Suite("A fixed clock and outbox counts on each store")
struct ClockTests {
    @Test(arguments: StoreKind.available) func aFixedClockStampsEventsAccountsAndQueuedNotices(kind: StoreKind) async throws {
        try await Workspaces.with(kind) { workspaces in
            let f = try await LedgerFixture.make(in: workspaces, damages: [LedgerFixture.damage(dx: 0)])
            let moment = try Timestamp("2026-07-02T03:04:05Z")
            let ledger = Ledger(store: f.store, clock: .fixed(moment))
            let c = try await ledger.perform(.dispatch(to: nil), on: "2026-000001", by: "区局")
            #expect(try await f.store.events(caseID: c.id).last?.at == "2026-07-02T03:04:05Z")
            let user = try await Accounts(store: f.store, clock: .fixed(moment)).add(name: "zhou", role: .officer, password: "long-enough-1")
            #expect(user.createdAt == "2026-07-02T03:04:05Z")
            #expect(try await f.store.user(name: "zhou")?.createdAt == "2026-07-02T03:04:05Z")
            let open = try await f.store.cases(CaseFilter())
            let reminders = Notices.reminders(open, on: try Day("2026-08-15"), dueWithin: 3)
            #expect(try await f.store.enqueue(reminders, at: moment.adding(seconds: 60)) == reminders.count)
            let queued = try await f.store.outbox(state: .pending).filter { $0.notice.kind == .overdue }
            #expect(!queued.isEmpty && queued.allSatisfy { $0.createdAt == "2026-07-02T03:05:05Z" })
        }
    }

    @Test(arguments: StoreKind.available) func theOutboxCountsItsNoticesByState(kind: StoreKind) async throws {
        try await Workspaces.with(kind) { workspaces in
            let f = try await LedgerFixture.make(in: workspaces, damages: [LedgerFixture.damage(dx: 0)])
            #expect(try await f.store.outboxCounts() == [.pending: 3])
            let claimed = try await f.store.claimNotices(limit: 2, now: 1_000_000, lease: 60)
            try await f.store.settle(claimed[0].notice.id, outcome: .dead(error: "HTTP 410"), at: 1_000_001)
            #expect(try await f.store.outboxCounts() == [.pending: 1, .sending: 1, .dead: 1])
        }
    }
}
