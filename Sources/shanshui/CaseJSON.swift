import GeoKit
import Shanshui

/// JSON shapes of cases for `--json` output and exports.
enum CaseJSON {
    static func summary(_ c: Case, today: Day) -> JSONValue {
        .object(CaseFields.properties(c, today: today).members)
    }

    static func detail(_ c: Case, events: [CaseEvent], attachments: [Attachment]) -> JSONValue {
        var members = CaseFields.properties(c, today: .today).members
        members.append(("allowed_actions", .array(CaseLifecycle.allowedActions(for: c).map(JSONValue.string))))
        members.append(("history", .array(events.map { e in
            .object([("at", .string(e.at)), ("actor", .string(e.actor)), ("action", .string(e.action)),
                     ("from", e.from.map { .string($0.rawValue) } ?? .null), ("to", .string(e.to.rawValue)),
                     ("note", e.note.map(JSONValue.string) ?? .null)])
        })))
        members.append(("attachments", .array(attachments.map { a in
            .object([("path", .string(a.path)), ("sha256", .string(a.sha256)), ("by", .string(a.by)), ("at", .string(a.at)),
                     ("distance_m", a.distanceM.map { .double($0) } ?? .null)])
        })))
        return .object(members)
    }
}
