/// Where notifications wait for delivery (the outbox, written with the ledger changes) and
/// where grid people's contacts are kept.
public protocol OutboxStore: Sendable {
    /// Queues notices whose id is not queued yet (reminders), as queued at `moment`; returns how many were new.
    func enqueue(_ notices: [Notice], at moment: Timestamp) async throws -> Int
    /// Claims up to `limit` notices due at `now` (seconds since 1970): pending ones whose next try
    /// has come, and held ones whose holder's lease ran out (a worker that died). Each claim counts
    /// an attempt and holds the notice until `now + lease`. Notices of people on digests (a
    /// contact with `digest`, or everyone with `digestEveryone`) are left for `gatherDigests`.
    func claimNotices(limit: Int, now: Double, lease: Double, digestEveryone: Bool) async throws -> [OutboxEntry]
    /// Gathers the notices waiting for digest people that were queued before the end of `day`
    /// into one digest per person (`Notices.digests`), in one transaction: the digest is queued
    /// like any notice and its members become `digested`. A person whose digest of `day` exists
    /// already gets none: their later notices wait for the next day's.
    /// - Returns: the digests queued.
    func gatherDigests(day: Day, now: Double, digestEveryone: Bool) async throws -> [Notice]
    /// The notices gathered into a digest, oldest first.
    func digestItems(_ digestID: String) async throws -> [Notice]
    /// Records a delivery: sent, to be tried again at `retryAt`, or dead (given up).
    func settle(_ id: String, outcome: DeliveryOutcome, at now: Double) async throws
    /// Notices in the outbox, oldest first, optionally in one state.
    func outbox(state: OutboxEntry.State?) async throws -> [OutboxEntry]
    /// How many notifications are in each state (one grouped count, for metrics).
    func outboxCounts() async throws -> [OutboxEntry.State: Int]
    /// Every contact.
    func contacts() async throws -> [Contact]
    /// Stores contacts (replacing those with the same phone) together.
    func setContacts(_ contacts: [Contact]) async throws
}

extension OutboxStore {
    /// Claims due notices, leaving those of people whose contact asks for a digest.
    public func claimNotices(limit: Int, now: Double, lease: Double) async throws -> [OutboxEntry] {
        try await claimNotices(limit: limit, now: now, lease: lease, digestEveryone: false)
    }
}

/// How a delivery ended.
public enum DeliveryOutcome: Sendable, Hashable {
    case sent
    case retry(at: Double, error: String)
    case dead(error: String)
}
