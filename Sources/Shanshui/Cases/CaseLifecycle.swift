/// Something an officer (or the system) does to a case.
public enum CaseAction: Sendable, Hashable {
    /// Send the case to the responsible grid staff (or `to` someone else).
    case dispatch(to: String?)
    /// Record the field verification verdict.
    case verify(Verdict)
    /// Agree a rectification plan with its due day (after a confirmed verdict).
    case rectify(plan: String, dueOn: Day)
    /// Report how far the rectification has come, in percent (100: rectified, awaiting acceptance);
    /// grid staff send it from the field, with photos and a note.
    case progress(percent: Int)
    /// Accept the rectification as done.
    case accept(note: String?)
    /// Close the case (销号).
    case close
    /// Transfer the case to another department (移送).
    case transfer(Transfer)
    /// Put the case under supervised listing (挂牌督办).
    case supervise(level: String)

    /// The verb as commands and the audit log spell it.
    public var name: String {
        switch self {
        case .dispatch: "dispatch"
        case .verify: "verify"
        case .rectify: "rectify"
        case .progress: "progress"
        case .accept: "accept"
        case .close: "close"
        case .transfer: "transfer"
        case .supervise: "supervise"
        }
    }

    /// All verbs, for messages.
    public static let names = ["dispatch", "verify", "rectify", "progress", "accept", "close", "transfer", "supervise"]
}

/// One line of a case's append-only audit log.
public struct CaseEvent: Sendable, Hashable {
    public var caseID: Int64
    /// UTC timestamp, ISO 8601.
    public var at: String
    public var actor: String
    public var action: String
    public var from: CaseStatus?
    public var to: CaseStatus
    public var note: String?
    /// The notifications the change sends, queued in the outbox in the same transaction (not part of the log).
    public var notices: [Notice] = []
    /// Its link in the case's hash chain (`AuditChain`), set by the store; nil for events older than the chain.
    public var hash: String?

    /// Makes an event.
    public init(caseID: Int64, at: String, actor: String, action: String, from: CaseStatus?, to: CaseStatus, note: String?, hash: String? = nil) {
        self.caseID = caseID
        self.at = at
        self.actor = actor
        self.action = action
        self.from = from
        self.to = to
        self.note = note
        self.hash = hash
    }
}

/// The case state machine: which actions each state allows, and what each does.
public enum CaseLifecycle {
    /// The actions allowed on `c` as it stands.
    public static func allowedActions(for c: Case) -> [String] {
        var allowed: [String]
        switch c.status {
        case .flagged: allowed = ["dispatch"]
        case .dispatched: allowed = ["verify"]
        case .verified: allowed = c.verdict == .confirmed ? ["rectify"] : ["close"]
        case .rectifying: allowed = ["progress", "accept"]
        case .accepted: allowed = ["close"]
        case .closed, .transferred: return []
        }
        allowed.append("transfer")
        if c.supervision == nil { allowed.append("supervise") }
        return allowed
    }

    /// Applies `action` to `c` on `day`.
    /// - Returns: the changed case (revision bumped) and the status it came from.
    /// - Throws: `DomainError.conflict` naming the allowed actions when the state does not allow it.
    public static func apply(_ action: CaseAction, to c: Case, on day: Day) throws -> Case {
        let allowed = allowedActions(for: c)
        guard allowed.contains(action.name) else {
            let options = allowed.isEmpty ? "none (the case is \(c.status.rawValue))" : allowed.joined(separator: ", ")
            throw DomainError.conflict("case \(c.number) is \(c.status.rawValue): '\(action.name)' is not allowed; allowed: \(options)")
        }
        var next = c
        switch action {
        case .dispatch(let to):
            // Routing: a case goes to the people responsible now, so nobody responsible means nowhere to send it.
            guard to != nil || c.isRouted else { throw CaseRouting.refusal(c) }
            next.status = .dispatched
        case .verify(let verdict):
            next.status = .verified
            next.verdict = verdict
        case .rectify(let plan, let due):
            guard due >= day else { throw DomainError.invalidValue("the rectification due day \(due) is before today (\(day))") }
            next.status = .rectifying
            next.rectification = Rectification(plan: plan, dueOn: due)
            next.dueOn = due
        case .progress(let percent):
            guard (0...100).contains(percent) else {
                throw DomainError.invalidValue("rectification progress must be a percentage from 0 to 100, got \(percent)")
            }
            next.rectification?.progress = percent
        case .accept(let note):
            next.status = .accepted
            next.rectification?.acceptance = note ?? "accepted"
        case .close:
            next.status = .closed
        case .transfer(let t):
            next.status = .transferred
            next.transfer = t
        case .supervise(let level):
            next.supervision = Supervision(level: level, by: "", since: day)
        }
        next.revision += 1
        return next
    }
}
