import Foundation
import GeoKit
import Shanshui
import ShanshuiNotify
import ShanshuiTestSupport
import Synchronization
import Testing

/// The real notification worker on each store: retries that wait longer each time, and daily
/// digests delivered to a webhook receiver and an SMTP sink on loopback — one message per person
/// and day, never two, surviving a worker that died.
@Suite("Notification worker on each store")
struct NotificationWorkerTests {
    static let secret = "digest-钥匙"

    @Test(arguments: StoreKind.available) func aDigestPersonGetsOneMessageADayNeverTwiceEvenAfterAWorkerDied(kind: StoreKind) async throws {
        try await Workspaces.with(kind) { workspaces in
            // Two cases, each telling the head 王伟 and the staff 李娜 and 张强.
            let f = try await LedgerFixture.make(in: workspaces, damages: [LedgerFixture.damage(dx: 0), LedgerFixture.damage(dx: 0.01)])
            let hooks = try LoopbackSink("webhook_sink.py", in: workspaces.dir, name: "hooks", arguments: ["--secret", Self.secret])
            let mail = try LoopbackSink("smtp_sink.py", in: workspaces.dir, name: "mail")
            #expect(hooks.port > 0 && mail.port > 0)
            let hook = "http://127.0.0.1:\(hooks.port)/hook"
            try await f.store.setContacts([
                try Contact(name: "王伟", phone: "13800000001", channel: .webhook, address: hook, digest: true),
                try Contact(name: "李娜", phone: "13800000002", channel: .email, address: "lina@example.org", digest: true),
                try Contact(name: "张强", phone: "13800000003", channel: .webhook, address: hook),
            ])
            #expect(try await f.store.contacts().map(\.digest) == [true, true, false])
            var channels = NotificationChannels()
            channels.webhookSecret = Self.secret
            channels.smtp = ("127.0.0.1", mail.port, "shanshui@example.org")
            let worker = NotificationWorker(outbox: f.store, cases: f.store, channels: channels)
            let queued = try await f.store.outbox(state: nil)
            let day = try Day(String(try #require(queued.first).createdAt.prefix(10)))

            // Only 张强's notices go out on their own; the digest people's wait for the day's end.
            var now = Date().timeIntervalSince1970
            #expect(try await worker.deliverBatch(now: now).summary.sent == 2)
            #expect(try await worker.gatherDigests(today: day, now: now) == 0, "the day is not over")
            #expect(try await worker.deliverBatch(now: now).claimed == 0, "digest people's notices are never sent one by one")

            // The day is over: one digest each for 王伟 and 李娜, and gathering again makes none.
            #expect(try await worker.gatherDigests(today: day.adding(days: 1), now: now) == 2)
            #expect(try await worker.gatherDigests(today: day.adding(days: 1), now: now) == 0)
            let digested = try await f.store.outbox(state: .digested)
            #expect(digested.count == 4 && Set(digested.map(\.notice.person.phone)) == ["13800000001", "13800000002"])
            let headDigest = Notices.digestID(day: day, phone: "13800000001"), staffDigest = Notices.digestID(day: day, phone: "13800000002")
            #expect(try await f.store.digestItems(headDigest).count == 2)

            // A worker claims both digests and dies; after its lease the next one sends them, same ids.
            let held = try await f.store.claimNotices(limit: 10, now: now, lease: 60)
            #expect(Set(held.map(\.notice.id)) == [headDigest, staffDigest])
            now += 61
            #expect(try await worker.deliverBatch(now: now).summary.sent == 2)
            #expect(try await f.store.outbox(state: .sent).count == 4)

            let posts = hooks.records
            #expect(posts.allSatisfy { $0["signature_ok"] == true && $0["id"] == $0["idempotency"] })
            let digests = posts.filter { $0["body"]?["kind"] == "digest" }
            #expect(digests.count == 1 && digests[0]["id"]?.stringValue == headDigest)
            #expect(digests[0]["body"]?["items"]?.arrayValue?.count == 2)
            #expect(digests[0]["body"]?["day"]?.stringValue == day.description)
            #expect(digests[0]["body"]?["text"]?.stringValue?.contains("2026-000002") == true)
            #expect(posts.filter { $0["body"]?["kind"] == "new_case" }.count == 2, "张强's own two notices")
            let emails = mail.records
            #expect(emails.count == 1 && emails[0]["to"] == .array(["lina@example.org"]))
            let mailed = emails.first?["data"]?.stringValue ?? ""
            #expect(mailed.contains("X-Shanshui-Id: \(staffDigest)"))

            // A notice queued after the day's digest went out waits for the next day's, never sent twice.
            let c = try await f.ledger.find("2026-000001")
            try await f.ledger.perform(.dispatch(to: nil), on: c.number, by: "区局")
            #expect(try await worker.gatherDigests(today: day.adding(days: 1), now: now) == 0)
            #expect(try await worker.deliverBatch(now: now).summary.sent == 1, "only 张强's dispatch")
            #expect(try await worker.gatherDigests(today: day.adding(days: 2), now: now) == 2, "the next day's digests")
            #expect(try await worker.deliverBatch(now: now).summary.sent == 2)
            let next = Notices.digestID(day: day.adding(days: 1), phone: "13800000001")
            #expect(hooks.records.compactMap { $0["id"]?.stringValue }.filter { $0.hasPrefix("digest-") } == [headDigest, next])
            #expect(try await f.store.digestItems(next).map(\.kind) == [.dispatch])
            #expect(try await f.store.outbox(state: .pending).isEmpty)
        }
    }

    @Test(arguments: StoreKind.available) func aFailedDeliveryIsTriedAgainAfterAWaitThatDoubles(kind: StoreKind) async throws {
        try await Workspaces.with(kind) { workspaces in
            let (f, downWorker) = try await Self.headAtADownReceiver(in: workspaces)
            var worker = downWorker
            worker.backoff = 30
            worker.maxAttempts = 3
            // One fixed clock: every moment is counted from `start`, never read again from the wall (a slow
            // machine must not move the waits).
            let start = Date().timeIntervalSince1970
            let first = try await worker.deliverBatch(now: start).summary
            #expect(first.retried == 1 && first.dead == 2, "the head's notice waits for a retry; the staff have no channel")
            #expect(try await f.store.claimNotices(limit: 10, now: start + 29, lease: 60).isEmpty, "not before the first wait of 30 s")
            #expect(try await worker.deliverBatch(now: start + 31).summary.retried == 1)
            #expect(try await f.store.claimNotices(limit: 10, now: start + 31 + 59, lease: 60).isEmpty, "the second wait doubles to 60 s")
            let third = try await worker.deliverBatch(now: start + 31 + 61).summary
            #expect(third.dead == 1, "dead after the third try")
            let dead = try await f.store.outbox(state: .dead)
            #expect(dead.count == 3 && dead.first { $0.notice.role == "head" }?.attempts == 3)
            #expect(dead.first { $0.notice.role == "head" }?.lastError?.contains("POST http://127.0.0.1:1/hook") == true)
        }
    }

    @Test(arguments: StoreKind.available) func aOnceRunTriesEachDueNoticeOnceEvenWhenItsPassOutlastsTheWait(kind: StoreKind) async throws {
        try await Workspaces.with(kind) { workspaces in
            let (f, downWorker) = try await Self.headAtADownReceiver(in: workspaces)
            var worker = downWorker
            worker.backoff = 1
            worker.batch = 1
            // A clock that moves 10 s at every read: a pass far slower than the one-second wait.
            let start = Date().timeIntervalSince1970
            let reads = Mutex(0)
            worker.clock = WallClock { Timestamp(Date(timeIntervalSince1970: start + 10 * Double(reads.withLock { $0 += 1; return $0 }))) }
            let run = try await worker.run(once: true)
            // The run also queues the head's reminder and escalation: each of the head's notices is tried once.
            let waiting = try await f.store.outbox(state: .pending)
            #expect(waiting.count == 3 && waiting.allSatisfy { $0.attempts == 1 && $0.notice.role == "head" })
            #expect(run.retried == waiting.count, "each failed once and waits for the next run, not this one")
        }
    }

    /// A case whose head alone has a contact, a webhook at a receiver that is down (nothing listens
    /// on port 1), and a worker over its store.
    static func headAtADownReceiver(in workspaces: Workspaces) async throws -> (LedgerFixture, NotificationWorker) {
        let f = try await LedgerFixture.make(in: workspaces, damages: [LedgerFixture.damage(dx: 0)])
        try await f.store.setContacts([try Contact(name: "王伟", phone: "13800000001", channel: .webhook, address: "http://127.0.0.1:1/hook")])
        return (f, NotificationWorker(outbox: f.store, cases: f.store, channels: NotificationChannels()))
    }
}
