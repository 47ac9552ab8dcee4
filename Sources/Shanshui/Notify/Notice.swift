import Foundation

/// What a notification tells its reader.
public enum NoticeKind: String, Sendable, CaseIterable, Codable {
    /// A new case in the reader's cell (or one newly routed to the reader).
    case newCase = "new_case"
    case dispatch
    /// Its step is due within a few days.
    case dueSoon = "due_soon"
    case overdue
    /// Put under supervised listing (挂牌督办), by an officer or automatically.
    case escalation
    /// Transferred (移送) to another department, with the receipt.
    case transfer
    /// A recurrence (复发): damage back after its case was closed.
    case reopened
}

/// One message to one person, written to the outbox in the same transaction as the ledger
/// change it reports and delivered later by `shanshui notify`, so none is lost or queued twice.
public struct Notice: Sendable, Hashable {
    /// The idempotency id: stable across retries, sent with every delivery so a receiver can
    /// drop the copies that at-least-once delivery may bring.
    public var id: String
    public var kind: NoticeKind
    /// The case it is about (0 until a new case is stored).
    public var caseID: Int64
    /// `NAME:PHONE` of the grid head or staff member.
    public var recipient: String
    /// `head` or `staff`.
    public var role: String
    /// Extra words: a transfer's department and receipt, a due day.
    public var note: String?

    /// Makes a notice.
    public init(id: String, kind: NoticeKind, caseID: Int64, recipient: String, role: String, note: String? = nil) {
        self.id = id
        self.kind = kind
        self.caseID = caseID
        self.recipient = recipient
        self.role = role
        self.note = note
    }

    /// The recipient's name and phone.
    public var person: (name: String, phone: String) {
        let parts = recipient.split(separator: ":", maxSplits: 1).map(String.init)
        return (parts.first ?? recipient, parts.count > 1 ? parts[1] : "")
    }
}

/// A notice in the outbox with its delivery state.
public struct OutboxEntry: Sendable, Hashable {
    /// Where a notice stands: waiting (or waiting to be tried again), held by a worker, delivered, or given up.
    public enum State: String, Sendable, CaseIterable { case pending, sending, sent, dead }

    public var notice: Notice
    public var state: State
    /// Delivery attempts so far.
    public var attempts: Int
    /// The last failure, if any.
    public var lastError: String?
    /// UTC ISO 8601.
    public var createdAt: String

    /// Makes an entry.
    public init(notice: Notice, state: State, attempts: Int, lastError: String?, createdAt: String) {
        self.notice = notice
        self.state = state
        self.attempts = attempts
        self.lastError = lastError
        self.createdAt = createdAt
    }

    /// True for a pending notice that failed before and waits for its next try.
    public var isFailed: Bool { state == .pending && attempts > 0 }
}

/// How one grid person wants to be told: by webhook (address: URL), email (an address) or an
/// SMS gateway (address: the phone).
public struct Contact: Sendable, Hashable {
    /// The delivery channels.
    public enum Channel: String, Sendable, CaseIterable { case webhook, email, sms }

    /// The person's phone: how assignments name the person.
    public var phone: String
    public var name: String
    public var channel: Channel
    public var address: String

    /// Makes a contact after checking the address fits the channel.
    /// - Throws: `DomainError.invalidValue` naming the person and what is wrong.
    public init(name: String, phone: String, channel: Channel, address: String?) throws {
        let a = (address ?? "").trimmingCharacters(in: .whitespaces)
        switch channel {
        case .webhook:
            guard a.hasPrefix("http://") || a.hasPrefix("https://") else {
                throw DomainError.invalidValue("\(name) (\(phone)): a webhook address is an http:// or https:// URL, got '\(a)'")
            }
        case .email:
            guard a.contains("@"), !a.contains(" ") else { throw DomainError.invalidValue("\(name) (\(phone)): '\(a)' is not an email address") }
        case .sms: break
        }
        self.phone = phone
        self.name = name
        self.channel = channel
        self.address = channel == .sms && a.isEmpty ? phone : a
    }
}
