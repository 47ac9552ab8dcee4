/// The few primitives a store supplies so that `CaseChange` can store a change of one case
/// inside one of its transactions: each is a statement or two of the store's SQL dialect.
/// The check against a concurrent change, the audit chain and the order live here and in `CaseChange`.
public protocol CaseChangeTransaction: NoticeQueueing {
    /// The stored revision of a case, its row locked until the transaction ends where the store
    /// has row locks; nil when the case does not exist.
    func caseRevision(caseID: Int64) async throws -> Int?
    /// Stores what a step of the lifecycle changes in a case: status, severity, verdict,
    /// rectification, transfer, supervision, due day, extent, revision, outline and routing.
    func updateCase(_ c: Case) async throws
    /// Stores an attachment's record.
    func insertAttachment(_ a: Attachment) async throws
    /// The hash of the case's latest event (nil when it has none, or one from before the chain),
    /// the case's row locked until the transaction ends where the store has row locks, so two
    /// writers cannot both chain to the same event.
    func lastEventHash(caseID: Int64) async throws -> String?
    /// Stores an event with its chain hash.
    func insertEventRow(_ event: CaseEvent, hash: String) async throws
}

extension CaseChangeTransaction {
    /// Nobody changed the case since revision `expected` was read.
    /// - Throws: `StoreError.constraint` when the case does not exist; `StaleCaseError` when
    ///   its stored revision differs.
    public func checkRevision(of c: Case, expected: Int) async throws {
        guard let current = try await caseRevision(caseID: c.id) else {
            throw StoreError.constraint("case \(c.number) does not exist")
        }
        guard current == expected else { throw StaleCaseError(number: c.number, expected: expected, actual: current) }
    }

    /// Appends an event to its case's audit log, chained to the previous one (`AuditChain`), with
    /// its notifications in the outbox in the same transaction: none lost, none queued twice.
    public func insertEvent(_ e: CaseEvent) async throws {
        try await insertEvent(e, chainedTo: try await lastEventHash(caseID: e.caseID) ?? "")
    }

    /// Appends an event whose predecessor's hash is known (`""` for the first event of a case
    /// stored in this transaction, which nobody else can see yet), with its notifications.
    public func insertEvent(_ e: CaseEvent, chainedTo previous: String) async throws {
        try await insertEventRow(e, hash: AuditChain.hash(previous: previous, e))
        try await insertNotices(of: e)
    }

    /// Queues an event's notifications in the outbox (for stores that insert events in batches).
    public func insertNotices(of e: CaseEvent) async throws {
        for var n in e.notices {
            n.caseID = e.caseID
            _ = try await insertNotice(n, at: e.at, ignoringDuplicates: false)
        }
    }
}

/// A change of one case with its audit event, the same on every store (`CaseStore.update`,
/// `CaseStore.attach`); the store runs it inside one transaction, so both are kept or neither.
public enum CaseChange {
    /// Stores the changed case and its event, only if nobody changed the case since `expectedRevision` was read.
    /// - Throws: `StaleCaseError` when the stored revision differs.
    public static func update(_ c: Case, expectedRevision: Int, event: CaseEvent, in tx: some CaseChangeTransaction) async throws {
        try await tx.checkRevision(of: c, expected: expectedRevision)
        try await tx.updateCase(c)
        try await tx.insertEvent(event)
    }

    /// Records an attachment of `c` and its event, only if nobody changed the case since `expectedRevision`, when given.
    /// - Throws: `StaleCaseError` when the stored revision differs.
    public static func attach(_ a: Attachment, to c: Case, expectedRevision: Int?, event: CaseEvent,
                              in tx: some CaseChangeTransaction) async throws {
        if let expectedRevision { try await tx.checkRevision(of: c, expected: expectedRevision) }
        try await tx.insertAttachment(a)
        try await tx.insertEvent(event)
    }
}
