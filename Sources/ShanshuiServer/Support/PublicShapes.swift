import Foundation
import GeoKit
import Shanshui

/// What each noun looks like to a caller: the full shape for signed-in callers, and for
/// anonymous callers of a public service a shape built from named public fields only (never by
/// removing fields), so a field added later stays private until it is named here.
enum Shapes {
    /// A case event: anonymous callers see when and what changed, not who did it or their note.
    static func caseEvent(_ ev: CaseEvent, caller: Caller) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("at", .string(ev.at)), ("action", .string(ev.action)), ("from", ev.from.map { .string($0.rawValue) } ?? .null),
            ("to", .string(ev.to.rawValue)),
        ]
        if caller.personal {
            members.insert(("actor", .string(ev.actor)), at: 1)
            members.append(("note", ev.note.map(JSONValue.string) ?? .null))
        }
        return .object(members)
    }

    /// A case's attachments (field photos with GPS and the officer's name): signed-in callers only.
    static func attachments(_ attachments: [Attachment], caller: Caller) -> JSONValue? {
        guard caller.personal else { return nil }
        return .array(attachments.map { a in
            .object([("path", .string(a.path)), ("sha256", .string(a.sha256)), ("by", .string(a.by)), ("at", .string(a.at)),
                     ("distance_m", a.distanceM.map { .double($0) } ?? .null)])
        })
    }

    /// The before/after chips of a case as links: public imagery, shown to anyone; field photos never.
    static func chips(_ c: Case, evidence: String) -> JSONValue {
        let folder = URL(fileURLWithPath: evidence).appendingPathComponent(c.number).path
        let chips = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter(EvidenceFiles.isChip).sorted()
        return .array(chips.map { .string("/api/v1/cases/\(c.id)/evidence/\($0)") })
    }
}
