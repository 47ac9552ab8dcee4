import Foundation
import GeoKit

/// The problem ledger: follows cases through their lifecycle with an audit trail, and keeps
/// deadlines (overdue cases are listed as such; long-overdue ones escalate to supervision).
public struct Ledger: Sendable {
    public let store: any CaseStore
    /// Days after the due day at which an overdue case is put under supervised listing automatically.
    public var escalateAfterDays: Int = 30
    /// Where the time of events and attachments, and today's day, come from.
    public var clock: WallClock

    /// A ledger over `store`, stamping events by `clock`.
    public init(store: any CaseStore, clock: WallClock = .system) {
        self.store = store
        self.clock = clock
    }

    /// Finds a case by id or ledger number.
    /// - Throws: `DomainError.notFound`.
    public func find(_ idOrNumber: String) async throws -> Case {
        guard let c = try await store.case(idOrNumber) else {
            throw DomainError.notFound("no case '\(idOrNumber)'; see `shanshui cases list`")
        }
        return c
    }

    /// Applies an officer's action, refusing what the state does not allow, and logs it.
    /// - Parameters:
    ///   - expectedRevision: the revision the officer saw (HTTP If-Match); nil to act on the latest.
    ///   - today: the day of the act (due dates count from it); the clock's day when nil.
    /// - Returns: the changed case.
    @discardableResult
    public func perform(_ action: CaseAction, on idOrNumber: String, by actor: String, note: String? = nil,
                        expectedRevision: Int? = nil, today: Day? = nil) async throws -> Case {
        guard !actor.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DomainError.invalidValue("say who acts: --by NAME")
        }
        let current = try await find(idOrNumber)
        if let expectedRevision, expectedRevision != current.revision {
            throw StaleCaseError(number: current.number, expected: expectedRevision, actual: current.revision)
        }
        var next = try CaseLifecycle.apply(action, to: current, on: today ?? clock.today)
        if case .supervise = action { next.supervision?.by = actor }
        var event = CaseEvent(caseID: current.id, at: Self.timestamp(clock), actor: actor, action: action.name,
                              from: current.status, to: next.status, note: note ?? Self.describe(action))
        Notices.attach(to: &event, case: next)
        try await store.update(next, expectedRevision: current.revision, event: event)
        return next
    }

    /// Lists cases. A listing only reads: escalation runs on its own (`escalateOverdue`, from
    /// `shanshui cases escalate`, the notification worker and a periodic task of `serve`).
    /// - Parameter today: the day `overdueOnly` counts from; the clock's day when nil.
    public func list(_ filter: CaseFilter, overdueOnly: Bool = false, today: Day? = nil) async throws -> [Case] {
        var filter = filter
        if overdueOnly { filter.overdueOn = today ?? clock.today }
        return try await store.cases(filter)
    }

    /// Puts every case overdue by more than `escalateAfterDays` under supervised listing,
    /// saying so in its history. Returns the cases escalated.
    @discardableResult
    public func escalateOverdue(today: Day? = nil) async throws -> [Case] {
        let today = today ?? clock.today
        var escalated: [Case] = []
        var overdue = CaseFilter()
        overdue.overdueOn = today
        for c in try await store.cases(overdue) where c.supervision == nil && today.ordinal - c.dueOn.ordinal > escalateAfterDays {
            var next = c
            next.supervision = Supervision(level: "escalated", by: "system", since: today)
            next.revision += 1
            let days = today.ordinal - c.dueOn.ordinal
            var event = CaseEvent(caseID: c.id, at: Self.timestamp(clock), actor: "system", action: "supervise", from: c.status,
                                  to: c.status, note: "escalated automatically: overdue by \(days) days (due \(c.dueOn))")
            Notices.attach(to: &event, case: next)
            do {
                try await store.update(next, expectedRevision: c.revision, event: event)
                escalated.append(next)
            } catch is StaleCaseError {
                continue  // someone acted on it meanwhile; the next listing looks again
            }
        }
        return escalated
    }

    /// The case with its full history and attachments.
    public func history(_ idOrNumber: String) async throws -> (case: Case, events: [CaseEvent], attachments: [Attachment]) {
        let c = try await find(idOrNumber)
        return (c, try await store.events(caseID: c.id), try await store.attachments(caseID: c.id))
    }

    /// The current moment by `clock` as the ledger writes it.
    static func timestamp(_ clock: WallClock) -> String {
        clock.now.description
    }

    private static func describe(_ action: CaseAction) -> String? {
        switch action {
        case .dispatch(let to): to.map { "to \($0)" }
        case .verify(let v):
            switch v {
            case .confirmed: "confirmed"
            case .falsePositive(let reason, let text): "false positive: \(reason.rawValue)\(text.map { " – \($0)" } ?? "")"
            case .permitted(let permit): "permitted: \(permit)"
            }
        case .rectify(let plan, let due): "\(plan) (due \(due))"
        case .progress(let percent): "\(percent)%"
        case .accept(let note): note
        case .close: nil
        case .transfer(let t): "to \(t.department), receipt \(t.receipt)"
        case .supervise(let level): "level \(level)"
        }
    }
}
