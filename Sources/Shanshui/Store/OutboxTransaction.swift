/// The few primitives a store supplies so that `OutboxDelivery` can claim and settle notices
/// inside one of its transactions: each is one statement of the store's SQL dialect. Which
/// notices are claimed, in what order, and what each delivery outcome stores live in `OutboxDelivery`.
public protocol OutboxTransaction: Sendable {
    /// The ids of up to `limit` notices due at `now` (see `OutboxStore.claimNotices`), oldest
    /// first, leaving those waiting for a digest; where the store has row locks they stay locked
    /// until the transaction ends, and notices another worker holds locked are skipped.
    func dueNoticeIDs(limit: Int, now: Double, digestEveryone: Bool) async throws -> [String]
    /// Holds the notices: `sending`, one more attempt, not due again before `until`.
    /// - Returns: the held notices' entries (in any order).
    func hold(_ ids: [String], until: Double) async throws -> [OutboxEntry]
    /// Stores a notice's delivery state; `sentAt` and `nextAttempt` are kept when nil, the last error is replaced.
    func setDelivery(_ id: String, state: OutboxEntry.State, sentAt: Timestamp?, nextAttempt: Double?, lastError: String?) async throws
}

/// Claiming and settling notices, the same on every store (`OutboxStore.claimNotices`,
/// `OutboxStore.settle`), each run inside one transaction of the store.
public enum OutboxDelivery {
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
