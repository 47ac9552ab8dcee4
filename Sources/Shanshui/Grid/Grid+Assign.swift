import GeoKit

extension Grid {
    /// Records assignments, each from its `validFrom` on; the assignment in force then is closed.
    /// All are validated first (cells exist, each starts after the cell's latest assignment,
    /// one per cell and day), then stored together.
    /// - Parameter labels: where each came from ("row 3"), for messages; defaults to the cell code.
    /// - Throws: `DomainError` naming the assignment at fault; nothing is stored then.
    public func assign(_ assignments: [Assignment], labels: [String]? = nil) async throws {
        let codes = Set(try await store.cells().map(\.code))
        var latest: [String: Day] = [:]
        for (i, a) in assignments.enumerated() {
            let label = labels?[i] ?? "cell \(a.cellCode)"
            guard codes.contains(a.cellCode) else {
                throw DomainError.notFound("\(label): no grid cell with code '\(a.cellCode)'; import the cell first")
            }
            if latest[a.cellCode] == nil {
                latest[a.cellCode] = try await store.assignments(cellCode: a.cellCode).last?.validFrom
            }
            if let last = latest[a.cellCode], a.validFrom <= last {
                throw DomainError.conflict("\(label): cell \(a.cellCode) already has an assignment from \(last); a new one must start later (history is never rewritten)")
            }
            latest[a.cellCode] = a.validFrom
        }
        var batch = GridBatch()
        batch.assignments = assignments
        try await store.commit(batch)
    }
}
