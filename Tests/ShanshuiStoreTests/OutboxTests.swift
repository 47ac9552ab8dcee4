import Foundation
import GeoKit
import Shanshui
import ShanshuiTestSupport
import Testing

/// The notification outbox on each store: written in the ledger change's transaction, claimed
/// under a lease, settled, and reminders queued once.
@Suite("Outbox on each store")
struct OutboxTests {
    @Test(arguments: StoreKind.available) func notificationsAreQueuedWithTheChangeAndOnlyWithIt(kind: StoreKind) async throws {
        try await Workspaces.with(kind) { workspaces in
            let f = try await LedgerFixture.make(in: workspaces, damages: [LedgerFixture.damage(dx: 0)])
            // The new case tells the routed head and both staff.
            let queued = try await f.store.outbox(state: .pending)
            #expect(queued.map(\.notice.kind) == [.newCase, .newCase, .newCase])
            #expect(Set(queued.map(\.notice.role)) == ["head", "staff"])
            let c = try await f.ledger.find("2026-000001")
            #expect(queued.allSatisfy { $0.notice.caseID == c.id })
            #expect(Set(queued.map(\.notice.id)).count == 3, "each notice has its own id")

            try await f.ledger.perform(.dispatch(to: nil), on: c.number, by: "区局")
            #expect(try await f.store.outbox(state: nil).filter { $0.notice.kind == .dispatch }.count == 3)
            // A change that is refused leaves no notice behind.
            await #expect(throws: StaleCaseError.self) {
                try await f.ledger.perform(.transfer(Transfer(department: "公安局", receipt: "R1")), on: c.number, by: "区局", expectedRevision: 1)
            }
            #expect(try await f.store.outbox(state: nil).count == 6)
            try await f.ledger.perform(.transfer(Transfer(department: "公安局", receipt: "移〔2026〕7号")), on: c.number, by: "区局")
            let transfer = try await f.store.outbox(state: nil).filter { $0.notice.kind == .transfer }
            #expect(transfer.count == 3 && transfer.allSatisfy { $0.notice.note == "to 公安局, receipt 移〔2026〕7号" })
        }
    }

    @Test(arguments: StoreKind.available) func claimsHoldUnderALeaseAndSettle(kind: StoreKind) async throws {
        try await Workspaces.with(kind) { workspaces in
            let f = try await LedgerFixture.make(in: workspaces, damages: [LedgerFixture.damage(dx: 0)])
            let now = Date().timeIntervalSince1970
            let first = try await f.store.claimNotices(limit: 2, now: now, lease: 60)
            #expect(first.count == 2 && first.allSatisfy { $0.state == .sending && $0.attempts == 1 })
            let rest = try await f.store.claimNotices(limit: 10, now: now, lease: 60)
            #expect(rest.count == 1, "held notices are not claimed twice")
            #expect(try await f.store.claimNotices(limit: 10, now: now + 1, lease: 60).isEmpty)
            // A worker that died: once its lease has run out, the notices are claimed again.
            let again = try await f.store.claimNotices(limit: 10, now: now + 61, lease: 60)
            #expect(Set(again.map(\.notice.id)) == Set((first + rest).map(\.notice.id)))
            #expect(again.allSatisfy { $0.attempts == 2 })
            try await f.store.settle(again[0].notice.id, outcome: .sent, at: now + 62)
            try await f.store.settle(again[1].notice.id, outcome: .retry(at: now + 100, error: "HTTP 503"), at: now + 62)
            try await f.store.settle(again[2].notice.id, outcome: .dead(error: "HTTP 410"), at: now + 62)
            #expect(try await f.store.outbox(state: .sent).count == 1)
            let failed = try #require(try await f.store.outbox(state: .pending).first)
            #expect(failed.isFailed && failed.lastError == "HTTP 503")
            #expect(try await f.store.outbox(state: .dead).first?.lastError == "HTTP 410")
            #expect(try await f.store.claimNotices(limit: 10, now: now + 99, lease: 60).isEmpty, "not before its next try")
            #expect(try await f.store.claimNotices(limit: 10, now: now + 101, lease: 60).count == 1)
        }
    }

    @Test(arguments: StoreKind.available) func remindersAreQueuedOncePerCaseDueDayAndPerson(kind: StoreKind) async throws {
        try await Workspaces.with(kind) { workspaces in
            let f = try await LedgerFixture.make(in: workspaces, damages: [LedgerFixture.damage(dx: 0)])
            let open = try await f.store.cases(CaseFilter())
            let soon = Notices.reminders(open, on: try Day("2026-07-28"), dueWithin: 3)
            #expect(soon.count == 3 && soon.allSatisfy { $0.kind == .dueSoon })
            #expect(try await f.store.enqueue(soon, at: try Timestamp("2026-07-28T08:00:00Z")) == 3)
            #expect(try await f.store.enqueue(Notices.reminders(open, on: try Day("2026-07-29"), dueWithin: 3), at: try Timestamp("2026-07-29T08:00:00Z")) == 0, "queued once")
            let late = Notices.reminders(open, on: try Day("2026-08-15"), dueWithin: 3)
            #expect(late.allSatisfy { $0.kind == .overdue })
            #expect(try await f.store.enqueue(late, at: try Timestamp("2026-08-15T08:00:00Z")) == 3)
            #expect(Notices.reminders(open, on: try Day("2026-07-01"), dueWithin: 3).isEmpty)

            let contact = try Contact(name: "王伟", phone: "13800000001", channel: .email, address: "wangwei@example.org")
            try await f.store.setContacts([contact, try Contact(name: "李娜", phone: "13800000002", channel: .sms, address: nil)])
            try await f.store.setContacts([try Contact(name: "王伟", phone: "13800000001", channel: .webhook, address: "http://127.0.0.1:9/hook")])
            let contacts = try await f.store.contacts()
            #expect(contacts.map(\.channel) == [.webhook, .sms])
            #expect(contacts[1].address == "13800000002")
            #expect(throws: DomainError.self) { try Contact(name: "x", phone: "1", channel: .webhook, address: "ftp://nowhere") }
        }
    }

    @Test(arguments: StoreKind.available) func escalationsAndRecurrencesTellTheCasesPeople(kind: StoreKind) async throws {
        try await Workspaces.with(kind) { workspaces in
            let f = try await LedgerFixture.make(in: workspaces, damages: [LedgerFixture.damage(dx: 0), LedgerFixture.damage(dx: 0.025)])
            func told(_ kind: NoticeKind) async throws -> [Notice] { try await f.store.outbox(state: nil).map(\.notice).filter { $0.kind == kind } }
            // Long overdue: put under supervised listing by the system, telling the head and staff.
            let escalated = try await f.ledger.escalateOverdue(today: try Day("2026-09-15"))
            #expect(escalated.count == 2)
            #expect(try await told(.escalation).count == 6)
            #expect(Set(try await told(.escalation).map(\.role)) == ["head", "staff"])

            // Closed, then seen again: the recurrence tells the people it is routed to.
            let first = try await f.ledger.find("2026-000001")
            try await f.ledger.perform(.dispatch(to: nil), on: first.number, by: "区局")
            try await f.ledger.perform(.verify(.falsePositive(reason: .cloudOrShadow, text: nil)), on: first.number, by: "李娜")
            try await f.ledger.perform(.close, on: first.number, by: "区局")
            let closed = try await f.ledger.find(first.number)
            let scanID = try await f.store.createScan(ScanRecord(beforeEpoch: 1, afterEpoch: 2, startedAt: "2026-12-31T00:00:00Z",
                                                                 parameters: .object([]), areas: [ScanAreaProgress(areaID: f.area.area.id)]))
            // Both places again, grown: the closed case recurs; the other one is new (no open cases are given).
            let patches = [LedgerFixture.damage(dx: 0, half: 0.002), LedgerFixture.damage(dx: 0.025, half: 0.002)].map { grown in
                ScanPatch(scanID: scanID, areaID: f.area.area.id, geometry: grown, activity: "mining", lineage: .new,
                          areaM2: grown.geodesicArea, perimeterM: grown.geodesicLength, confidence: 0.9, properties: .object([]))
            }
            let result = try await CaseFlagger().flag(patches, area: f.area, openCases: [], closedCases: [closed], detectedOn: try Day("2026-12-31"),
                                                      responsibility: FixedResponsibility(snapshot: LedgerFixture.people), scanID: scanID)
            try await f.store.commitArea(result)
            let reopened = try await told(.reopened)
            #expect(reopened.count == 3, "the recurrence of a grown false positive tells its head and both staff")
            let recurrence = try #require(try await f.ledger.list(CaseFilter()).first { $0.recurrenceOf?.id == closed.id })
            #expect(reopened.allSatisfy { $0.caseID == recurrence.id })
        }
    }
}
