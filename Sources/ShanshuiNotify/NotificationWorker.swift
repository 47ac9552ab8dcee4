import Foundation
import GeoKit
import Shanshui

/// Delivers the outbox (`shanshui notify`, and one inside `shanshui serve`): claims due notices
/// under a lease, sends each through its person's channel, and records the outcome — sent,
/// tried again later with a doubling wait, or dead after `maxAttempts`. A worker killed
/// mid-delivery leaves its notices held until the lease runs out; the next worker sends them
/// again with the same id, so every notice arrives at least once and receivers de-duplicate.
public struct NotificationWorker: Sendable {
    public let outbox: any OutboxStore
    public let cases: any CaseStore
    public var channels: NotificationChannels
    /// Tries before a notice is dead (a dead letter, shown by `notify status`).
    public var maxAttempts = 5
    /// Seconds before the second try; each further wait doubles.
    public var backoff: Double = 30
    /// Seconds a claimed notice is held before another worker may take it.
    public var lease: Double = 60
    /// Notices claimed at a time.
    public var batch = 20
    /// Days before a due day that a reminder goes out.
    public var dueWithin = 3
    /// True: everyone's notices go out as daily digests, whatever their contact says.
    public var digestEveryone = false
    /// Where "now" and today come from when a call does not give them.
    public var clock: WallClock = .system

    /// A worker over the workspace's outbox and ledger.
    public init(outbox: any OutboxStore, cases: any CaseStore, channels: NotificationChannels) {
        self.outbox = outbox
        self.cases = cases
        self.channels = channels
    }

    /// What a run did.
    public struct Summary: Sendable {
        public var sent = 0, retried = 0, dead = 0, reminders = 0, digests = 0
    }

    /// Puts long-overdue cases under supervised listing (telling their people) and queues the
    /// day's due-soon and overdue reminders; doing it again the same day changes nothing.
    /// - Returns: the reminders newly queued.
    public func remind(today: Day? = nil) async throws -> Int {
        let today = today ?? clock.today
        try await Ledger(store: cases, clock: clock).escalateOverdue(today: today)
        let open = try await cases.cases(CaseFilter()).filter(\.status.isOpen)
        return try await outbox.enqueue(Notices.reminders(open, on: today, dueWithin: dueWithin), at: clock.now)
    }

    /// Gathers the notices of people on digests queued up to the end of yesterday (UTC) into one
    /// digest each, delivered like any notice; gathering again the same day makes none.
    /// - Returns: the digests queued.
    public func gatherDigests(today: Day? = nil, now: Double? = nil) async throws -> Int {
        try await outbox.gatherDigests(day: (today ?? clock.today).adding(days: -1), now: now ?? clock.seconds, digestEveryone: digestEveryone).count
    }

    /// The subject, text and webhook members of a notice: about its case, or a digest's items.
    func message(_ n: Notice) async throws -> (subject: String, text: String, details: [(key: String, value: JSONValue)]) {
        guard n.kind == .digest else {
            guard let c = try await cases.case(String(n.caseID)) else { throw DeliveryError("case \(n.caseID) is gone") }
            let (subject, text) = Notices.message(n, case: c)
            return (subject, text, [("case", .object(CaseFields.properties(c, today: clock.today).members))])
        }
        var items: [(notice: Notice, case: Case?)] = []
        for item in try await outbox.digestItems(n.id) { items.append((item, try await cases.case(String(item.caseID)))) }
        let (subject, text) = Notices.digestMessage(n, items: items)
        let listed: [JSONValue] = items.map { item in
            .object([("id", .string(item.notice.id)), ("kind", .string(item.notice.kind.rawValue)),
                     ("note", item.notice.note.map(JSONValue.string) ?? .null),
                     ("case", item.case.map { .object(CaseFields.properties($0, today: clock.today).members) } ?? .null)])
        }
        return (subject, text, [("day", .string(n.note ?? "")), ("items", .array(listed))])
    }

    /// Claims and delivers one batch of due notices.
    public func deliverBatch(now: Double? = nil, log: (@Sendable (String) -> Void)? = nil) async throws -> (claimed: Int, summary: Summary) {
        let now = now ?? clock.seconds
        let claimed = try await outbox.claimNotices(limit: batch, now: now, lease: lease, digestEveryone: digestEveryone)
        guard !claimed.isEmpty else { return (0, Summary()) }
        let contacts = Dictionary(try await outbox.contacts().map { ($0.phone, $0) }, uniquingKeysWith: { a, _ in a })
        var summary = Summary()
        for entry in claimed {
            let n = entry.notice
            do {
                let (subject, text, details) = try await message(n)
                let contact = try channels.contact(for: n, in: contacts)
                log?("delivering \(n.id) (\(n.kind.rawValue)) to \(n.person.name) by \(contact.channel.rawValue)")
                try await channels.deliver(n, subject: subject, text: text, details: details, to: contact, at: clock.now)
                try await outbox.settle(n.id, outcome: .sent, at: clock.seconds)
                summary.sent += 1
            } catch {
                let message = "\(error)"
                if entry.attempts >= maxAttempts || error is UndeliverableError {
                    try await outbox.settle(n.id, outcome: .dead(error: message), at: now)
                    summary.dead += 1
                    log?("dead letter \(n.id) after \(entry.attempts) attempt(s): \(message)")
                } else {
                    // The wait is counted on the batch's clock (`now`), so a caller that fixes time fixes the waits too.
                    let wait = backoff * pow(2, Double(entry.attempts - 1))
                    try await outbox.settle(n.id, outcome: .retry(at: now + wait, error: message), at: now)
                    summary.retried += 1
                    log?("attempt \(entry.attempts) of \(n.id) failed (\(message)); next try in \(Int(wait)) s")
                }
            }
        }
        return (claimed.count, summary)
    }

    /// Runs until cancelled (or, with `once`, until nothing that was due when it started is left):
    /// reminders and yesterday's digests when it starts and whenever the day changes, then a batch
    /// every `poll` seconds. A `once` run keeps its start time, so a retry falling due during a
    /// slow pass waits for the next run instead of being tried twice in one.
    public func run(poll: Double = 1, once: Bool = false, log: (@Sendable (String) -> Void)? = nil) async throws -> Summary {
        var total = Summary()
        var remindedOn: Day?
        let started = once ? clock.seconds : nil
        while !Task.isCancelled {
            if remindedOn != clock.today {
                remindedOn = clock.today
                total.reminders += try await remind()
                total.digests += try await gatherDigests()
            }
            let (claimed, s) = try await deliverBatch(now: started, log: log)
            total.sent += s.sent
            total.retried += s.retried
            total.dead += s.dead
            if claimed == 0 {
                if once { break }
                try? await Task.sleep(nanoseconds: UInt64(poll * 1e9))
            }
        }
        return total
    }
}

/// A delivery that failed and may succeed later (a receiver down, a timeout).
public struct DeliveryError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// A notice that can never be delivered as things stand (no channel for its person): dead at once.
public struct UndeliverableError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
