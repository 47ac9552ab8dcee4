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

    /// The subject and text of a notice about `c`, in Chinese with the English kind, for every channel.
    public static func message(_ n: Notice, case c: Case) -> (subject: String, text: String) {
        let what: String
        switch n.kind {
        case .newCase: what = "新问题线索 new case"
        case .dispatch: what = "已下发 dispatched"
        case .dueSoon: what = "即将到期 due soon"
        case .overdue: what = "已逾期 overdue"
        case .escalation: what = "挂牌督办 supervised listing"
        case .transfer: what = "已移送 transferred"
        case .reopened: what = "复发 recurrence"
        }
        let subject = "[山水] \(what): \(c.number) \(c.area.name)"
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
}
