/// Queues one notice inside a store's transaction (a case's change, a digest, a reminder).
public protocol NoticeQueueing: Sendable {
    /// Queues `n` as queued at `at` (UTC ISO 8601).
    /// - Returns: false when its id was queued before and `ignoringDuplicates` kept the old one.
    func insertNotice(_ n: Notice, at: String, ignoringDuplicates: Bool) async throws -> Bool
}

/// The few primitives a store supplies so that `OutboxDelivery` can queue, claim, settle and
/// gather notices inside one of its transactions: each is one statement of the store's SQL
/// dialect. Which notices are claimed, in what order, what each delivery outcome stores and how
/// digests are gathered live in `OutboxDelivery`.
public protocol OutboxTransaction: NoticeQueueing {
    /// The ids of up to `limit` notices due at `now` (see `OutboxStore.claimNotices`), oldest
    /// first, leaving those waiting for a digest; where the store has row locks they stay locked
    /// until the transaction ends, and notices another worker holds locked are skipped.
    func dueNoticeIDs(limit: Int, now: Double, digestEveryone: Bool) async throws -> [String]
    /// Holds the notices: `sending`, one more attempt, not due again before `until`.
    /// - Returns: the held notices' entries (in any order).
    func hold(_ ids: [String], until: Double) async throws -> [OutboxEntry]
    /// Stores a notice's delivery state; `sentAt` and `nextAttempt` are kept when nil, the last error is replaced.
    func setDelivery(_ id: String, state: OutboxEntry.State, sentAt: Timestamp?, nextAttempt: Double?, lastError: String?) async throws
    /// The notices waiting for a digest at `now` (see `OutboxStore.gatherDigests`) queued before
    /// `end` (a day, UTC), oldest first; locked until the transaction ends where the store has row
    /// locks, so a worker gathering at the same moment waits, then finds them digested.
    func noticesWaitingForDigest(queuedBefore end: Day, now: Double, everyone: Bool) async throws -> [Notice]
    /// Marks notices as gathered into the digest `digestID`.
    func markDigested(_ ids: [String], into digestID: String) async throws
}

/// Queuing, claiming, settling notices and gathering digests, the same on every store
/// (`OutboxStore.enqueue`, `claimNotices`, `settle`, `gatherDigests`), each run inside one
/// transaction of the store.
public enum OutboxDelivery {
    /// Queues the notices whose id is not queued yet, as queued at `moment`.
    /// - Returns: how many were new.
    public static func enqueue(_ notices: [Notice], at moment: Timestamp, in tx: some OutboxTransaction) async throws -> Int {
        var added = 0
        for n in notices where try await tx.insertNotice(n, at: moment.description, ignoringDuplicates: true) { added += 1 }
        return added
    }

    /// Gathers the notices waiting for digest people, queued before the end of `day`, into one
    /// digest per person (`Notices.digests`): the digest is queued like any notice and its
    /// members become `digested`; a person whose digest of `day` exists already gets none.
    /// - Returns: the digests queued.
    public static func gatherDigests(day: Day, now: Double, digestEveryone: Bool, in tx: some OutboxTransaction) async throws -> [Notice] {
        let waiting = try await tx.noticesWaitingForDigest(queuedBefore: day.adding(days: 1), now: now, everyone: digestEveryone)
        var made: [Notice] = []
        for (digest, members) in Notices.digests(of: waiting, day: day) {
            // False: this person's digest of the day went out already.
            guard try await tx.insertNotice(digest, at: Timestamp(secondsSince1970: now).description, ignoringDuplicates: true) else { continue }
            try await tx.markDigested(members, into: digest.id)
            made.append(digest)
        }
        return made
    }

    /// Claims up to `limit` notices due at `now`, holding each until `now + lease`.
    /// - Returns: the claimed notices, oldest first.
    public static func claim(limit: Int, now: Double, lease: Double, digestEveryone: Bool, in tx: some OutboxTransaction) async throws -> [OutboxEntry] {
        let ids = try await tx.dueNoticeIDs(limit: limit, now: now, digestEveryone: digestEveryone)
        guard !ids.isEmpty else { return [] }
        return try await tx.hold(ids, until: now + lease).sorted { ($0.createdAt, $0.notice.id) < ($1.createdAt, $1.notice.id) }
    }

    /// Records how a delivery ended: sent (at `now`, seconds since 1970, with no error), to be
    /// tried again at a later moment, or dead (given up), each with its error.
    public static func settle(_ id: String, outcome: DeliveryOutcome, at now: Double, in tx: some OutboxTransaction) async throws {
        switch outcome {
        case .sent:
            try await tx.setDelivery(id, state: .sent, sentAt: Timestamp(secondsSince1970: now), nextAttempt: nil, lastError: nil)
        case .retry(let at, let error):
            try await tx.setDelivery(id, state: .pending, sentAt: nil, nextAttempt: at, lastError: error)
        case .dead(let error):
            try await tx.setDelivery(id, state: .dead, sentAt: nil, nextAttempt: nil, lastError: error)
        }
    }
}
