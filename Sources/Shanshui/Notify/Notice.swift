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
    /// One person's notices of a day gathered into one message (`Contact.digest`, `notify --digest`).
    case digest
}

/// One message to one person, written to the outbox in the same transaction as the ledger
/// change it reports and delivered later by `shanshui notify`, so none is lost or queued twice.
public struct Notice: Sendable, Hashable {
    /// The idempotency id: stable across retries, sent with every delivery so a receiver can
    /// drop the copies that at-least-once delivery may bring.
    public var id: String
    public var kind: NoticeKind
    /// The case it is about (0 until a new case is stored; 0 for a digest, which is about many).
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
    /// Where a notice stands: waiting (or waiting to be tried again), held by a worker, delivered,
    /// given up, or gathered into a digest (whose state is then its state).
    public enum State: String, Sendable, CaseIterable { case pending, sending, sent, dead, digested }

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
/// SMS gateway (address: the phone), each notice on its own or gathered into a daily digest.
public struct Contact: Sendable, Hashable {
    /// The delivery channels.
    public enum Channel: String, Sendable, CaseIterable { case webhook, email, sms }

    /// The person's phone: how assignments name the person.
    public var phone: String
    public var name: String
    public var channel: Channel
    public var address: String
    /// True: the person's notices of a (UTC) day go out as one digest after the day ends.
    public var digest: Bool

    /// Makes a contact after checking the address fits the channel.
    /// - Throws: `DomainError.invalidValue` naming the person and what is wrong.
    public init(name: String, phone: String, channel: Channel, address: String?, digest: Bool = false) throws {
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
        self.digest = digest
    }

    /// Reads a sheet's or command's digest choice: yes/true/1/daily/是/每日/汇总 for a digest,
    /// no/false/0/immediate/否/即时/逐条 (or nothing) for one message per notice.
    /// - Throws: `DomainError.invalidValue` for any other word.
    public static func digestChoice(_ text: String?) throws -> Bool {
        let t = (text ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        if ["yes", "true", "1", "daily", "digest", "是", "每日", "汇总", "每日汇总"].contains(t) { return true }
        if ["", "no", "false", "0", "immediate", "否", "即时", "逐条"].contains(t) { return false }
        throw DomainError.invalidValue("digest '\(text ?? "")' is not yes/no (是/否, daily/immediate)")
    }
}
