extension Ledger {
    /// What `verifyLog()` found.
    public struct LogCheck: Sendable {
        public var cases = 0
        public var events = 0
        /// Events from before the chain was introduced (not covered).
        public var unchained = 0
        public var breaks: [AuditChain.Break] = []
    }

    /// Recomputes every case's hash chain (`shanshui cases verify-log`); reads only.
    public func verifyLog() async throws -> LogCheck {
        var check = LogCheck()
        for c in try await store.cases(CaseFilter()) {
            let events = try await store.events(caseID: c.id)
            check.cases += 1
            check.events += events.count
            check.unchained += events.prefix { $0.hash == nil }.count
            if let found = AuditChain.check(events, caseNumber: c.number) { check.breaks.append(found) }
        }
        return check
    }
}
