extension Ledger {
    /// Routes every open case to whoever is responsible for its land on `day` (the grid as it
    /// stands then; the clock's day when nil), and logs a `reroute` event on each case whose people changed. Run after
    /// assignments change; running it again changes nothing.
    /// - Returns: the cases routed anew.
    @discardableResult
    public func reroute(grid: Grid, on day: Day? = nil, actor: String = "grid") async throws -> [Case] {
        let day = day ?? clock.today
        let open = try await store.cases(CaseFilter()).filter(\.status.isOpen)
        guard !open.isEmpty else { return [] }
        let resolver = try await GridResponsibility(grid: grid, day: day)
        var changed: [Case] = []
        for c in open {
            let now = try await resolver.responsibility(for: c.geometry, on: day)
            guard now != c.routing else { continue }
            var next = c
            next.routing = now
            next.routedOn = day
            next.revision += 1
            var event = CaseEvent(caseID: c.id, at: Self.timestamp(clock), actor: actor, action: "reroute", from: c.status, to: c.status,
                                  note: CaseRouting.note(from: c.routing, to: now, on: day))
            Notices.attach(to: &event, case: next)  // the people now responsible are told
            do {
                try await store.update(next, expectedRevision: c.revision, event: event)
                changed.append(next)
            } catch is StaleCaseError {
                continue  // someone acted on it meanwhile; the next assignment change looks again
            }
        }
        return changed
    }
}
