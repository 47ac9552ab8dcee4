import GeoKit

extension Grid {
    /// Records assignments, each from its `validFrom` on; the assignment in force then is closed.
    /// An assignment naming the same unit and people as the cell's latest one is already recorded
    /// and left alone (so loading an unchanged sheet again changes nothing). The others are
    /// validated first (cells exist, each starts after the cell's latest assignment, one per cell
    /// and day), then stored together. The check runs again inside the writing transaction: of
    /// concurrent writers one wins, the others are validated anew against what it stored (an
    /// identical one is then `unchanged`).
    /// - Parameter labels: where each came from ("row 3"), for messages; defaults to the cell code.
    /// - Returns: per assignment, `created` or `unchanged`.
    /// - Throws: `DomainError` naming the assignment at fault; nothing is stored then.
    @discardableResult
    public func assign(_ assignments: [Assignment], labels: [String]? = nil) async throws -> [Outcome] {
        try await retryingConcurrentChanges("the assignments") { try await assignOnce(assignments, labels: labels) }
    }

    private func assignOnce(_ assignments: [Assignment], labels: [String]?) async throws -> [Outcome] {
        let codes = Set(try await store.cells().map(\.code))
        var latest: [String: Assignment] = [:]
        var outcomes: [Outcome] = []
        var batch = GridBatch()
        for (i, a) in assignments.enumerated() {
            let label = labels?[i] ?? "cell \(a.cellCode)"
            guard codes.contains(a.cellCode) else {
                if let hint = SpreadsheetText.scientificNotationHint(a.cellCode) { throw DomainError.invalidValue("\(label): cell code \(hint)") }
                throw DomainError.notFound("\(label): no grid cell with code '\(a.cellCode)'; import the cell first")
            }
            if batch.expectedAssignmentCounts[a.cellCode] == nil {
                let history = try await store.assignments(cellCode: a.cellCode)
                batch.expectedAssignmentCounts[a.cellCode] = history.count
                latest[a.cellCode] = history.last
            }
            if let last = latest[a.cellCode], last.validTo == nil, last.sameResponsibility(as: a) {
                outcomes.append(.unchanged)
                continue
            }
            if let last = latest[a.cellCode]?.validFrom, a.validFrom <= last {
                throw DomainError.conflict("\(label): cell \(a.cellCode) already has an assignment from \(last); a new one must start later (history is never rewritten)")
            }
            latest[a.cellCode] = a
            batch.assignments.append(a)
            outcomes.append(.created)
        }
        if !batch.isEmpty { try await store.commit(batch) }
        return outcomes
    }
}

extension Assignment {
    /// True when both name the same unit, head and staff (whatever their dates).
    func sameResponsibility(as other: Assignment) -> Bool {
        unit == other.unit && head == other.head && staff == other.staff
    }
}
