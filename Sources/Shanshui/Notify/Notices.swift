import Foundation

/// Which ledger changes tell whom (one rule for every store and entry point): a new case, a
/// case newly routed, a dispatch, a supervised listing, a transfer (with its receipt) and a
/// recurrence go to the case's routed grid head and staff; due-soon and overdue reminders are
/// queued once per case, due day and person.
public enum Notices {
    /// The kind of notice a ledger event sends, if any.
    static func kind(of event: CaseEvent, case c: Case) -> NoticeKind? {
        switch event.action {
        case "flag": c.recurrenceOf != nil ? .reopened : .newCase
        case "reroute": .newCase
        case "dispatch": .dispatch
        case "supervise": .escalation
        case "transfer": .transfer
        default: nil
        }
    }

    /// The case's routed people: the head, then the staff.
    static func recipients(_ c: Case) -> [(person: String, role: String)] {
        guard let r = c.routing, let head = r.head else { return [] }
        return [(head, "head")] + r.staff.map { ($0, "staff") }
    }

    /// Attaches to `event` the notices it sends about `c` (as the case stands after the change).
    public static func attach(to event: inout CaseEvent, case c: Case) {
        guard let kind = kind(of: event, case: c) else { return }
        let note = kind == .transfer ? c.transfer.map { "to \($0.department), receipt \($0.receipt)" } : event.note
        event.notices = recipients(c).map {
            Notice(id: UUID().uuidString.lowercased(), kind: kind, caseID: c.id, recipient: $0.person, role: $0.role, note: note)
        }
    }

    /// The reminders for open cases on `day`: due within `days` days, or overdue. Their ids name
    /// the case, kind, due day and person, so queueing them again changes nothing.
    public static func reminders(_ cases: [Case], on day: Day, dueWithin days: Int) -> [Notice] {
        var out: [Notice] = []
        for c in cases where c.status.isOpen {
            let kind: NoticeKind
            if c.isOverdue(on: day) { kind = .overdue } else if c.dueOn.ordinal - day.ordinal <= days && c.dueOn >= day
                && CaseLifecycle.allowedActions(for: c).first != "close" { kind = .dueSoon } else { continue }
            for r in recipients(c) {
                let phone = r.person.split(separator: ":").last.map(String.init) ?? r.person
                out.append(Notice(id: "\(kind.rawValue)-\(c.id)-\(c.dueOn)-\(phone)", kind: kind, caseID: c.id, recipient: r.person,
                                  role: r.role, note: "due \(c.dueOn)"))
            }
        }
        return out
    }

    /// The words naming a kind of notice, in Chinese with the English kind.
    static func title(_ kind: NoticeKind) -> String {
        switch kind {
        case .newCase: "新问题线索 new case"
        case .dispatch: "已下发 dispatched"
        case .dueSoon: "即将到期 due soon"
        case .overdue: "已逾期 overdue"
        case .escalation: "挂牌督办 supervised listing"
        case .transfer: "已移送 transferred"
        case .reopened: "复发 recurrence"
        case .digest: "每日汇总 daily digest"
        }
    }

    /// The subject and text of a notice about `c`, in Chinese with the English kind, for every channel.
    public static func message(_ n: Notice, case c: Case) -> (subject: String, text: String) {
        let subject = "[山水] \(title(n.kind)): \(c.number) \(c.area.name)"
        var lines = [
            "\(n.person.name)：", "",
            "案件 case \(c.number) (\(c.status.chineseName) \(c.status.rawValue), severity \(c.severity.rawValue))",
            "保护地 area: \(c.area.name) [\(c.area.code)]\(c.area.zone.map { " zone \($0.rawValue)" } ?? "")",
            "活动 activity: \(c.activity), \(Int(c.overlapM2.rounded())) m², detected \(c.detectedOn)",
            "网格 cell: \(CaseRouting.cell(of: c).map { "\($0.name) \($0.code)" } ?? "–")",
            "期限 due: \(c.dueOn)",
        ]
        if let old = c.recurrenceOf { lines.append("复发 recurrence of case \(old.number)") }
        if let note = n.note { lines.append("备注 note: \(note)") }
        lines += ["", "notice id \(n.id)"]
        return (subject, lines.joined(separator: "\n"))
    }

    /// The id of one person's digest of one (UTC) day: gathering that day again makes no second one.
    public static func digestID(day: Day, phone: String) -> String { "digest-\(day)-\(phone)" }

    /// The digests of `day` for notices waiting for them (oldest first): one per person (by phone),
    /// addressed as the person's latest notice, with the ids of the notices it gathers.
    public static func digests(of waiting: [Notice], day: Day) -> [(digest: Notice, members: [String])] {
        var byPhone: [String: [Notice]] = [:]
        for n in waiting where n.kind != .digest { byPhone[n.person.phone, default: []].append(n) }
        return byPhone.keys.sorted().map { phone in
            let members = byPhone[phone]!
            let last = members.last!
            let role = members.contains { $0.role == "head" } ? "head" : last.role
            let digest = Notice(id: digestID(day: day, phone: phone), kind: .digest, caseID: 0, recipient: last.recipient, role: role,
                                note: day.description)
            return (digest, members.map(\.id))
        }
    }

    /// The subject and text of a digest: one line per gathered notice (with its own id, so a
    /// reader can match it to a single message sent before the person chose digests), oldest first.
    public static func digestMessage(_ d: Notice, items: [(notice: Notice, case: Case?)]) -> (subject: String, text: String) {
        let subject = "[山水] \(title(.digest)) \(d.note ?? ""): \(items.count) 条 notice(s)"
        var lines = ["\(d.person.name)：", ""]
        for (n, c) in items {
            let about = c.map { "\($0.number) \($0.area.name) (\($0.status.chineseName) \($0.status.rawValue), 期限 due \($0.dueOn))" }
                ?? "case \(n.caseID) (no longer in the ledger)"
            lines.append("- \(title(n.kind)): \(about)\(n.note.map { "; \($0)" } ?? "") [\(n.id)]")
        }
        lines += ["", "digest id \(d.id)"]
        return (subject, lines.joined(separator: "\n"))
    }
}
