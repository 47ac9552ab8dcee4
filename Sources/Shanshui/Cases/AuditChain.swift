import Crypto

/// The hash chain over a case's audit log: each event stores the SHA-256 of the previous
/// event's hash and its own fields, so an entry changed, removed or slipped in behind the
/// store's back (triggers dropped, the file edited) breaks the chain from there on.
/// `shanshui cases verify-log` recomputes it.
public enum AuditChain {
    /// The hash of `event` following an event whose hash is `previous` ("" for the first).
    /// Fields are length-prefixed, so no two different events hash the same text.
    public static func hash(previous: String, _ event: CaseEvent) -> String {
        var h = SHA256()
        for field in [previous, String(event.caseID), event.at, event.actor, event.action, event.from?.rawValue ?? "",
                      event.to.rawValue, event.note ?? "\u{0}"] {
            h.update("\(field.utf8.count):")
            h.update(field)
        }
        return SHA256.hex(h.finalize())
    }

    /// Where a case's log breaks.
    public struct Break: Sendable, CustomStringConvertible {
        public var caseNumber: String
        /// The position of the first event whose hash does not follow (from 1).
        public var position: Int
        public var event: CaseEvent

        public var description: String {
            "case \(caseNumber): event \(position) (\(event.at) \(event.action)) does not match the chain: the log was changed from there on"
        }
    }

    /// The first break in one case's events (oldest first), or nil when the chain holds.
    /// Events from before the chain was introduced (no hash, at the start) are skipped.
    public static func check(_ events: [CaseEvent], caseNumber: String) -> Break? {
        var previous = "", started = false
        for (i, event) in events.enumerated() {
            guard let stored = event.hash else {
                if started { return Break(caseNumber: caseNumber, position: i + 1, event: event) }
                continue
            }
            started = true
            guard stored == hash(previous: previous, event) else { return Break(caseNumber: caseNumber, position: i + 1, event: event) }
            previous = stored
        }
        return nil
    }
}
