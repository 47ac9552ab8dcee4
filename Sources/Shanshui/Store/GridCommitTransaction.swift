/// The few primitives a store supplies so that `GridCommit` can store a grid batch inside one of
/// its transactions: each one statement of the store's SQL dialect, nothing more.
public protocol GridCommitTransaction: Sendable {
    /// How many assignments each of these cells has, after making other writers of the same
    /// cells wait until this transaction ends (nothing to do where the store has one writer).
    func assignmentCounts(cellCodes: [String]) async throws -> [String: Int]
    /// Stores a new cell.
    func insertCell(_ cell: GridCell) async throws
    /// Replaces a stored cell's name, level, parent, area, source and outline (by code).
    func updateCell(_ cell: GridCell) async throws
    /// Ends on `day` every assignment of the cell that began before it and was still in force.
    func closeAssignments(cellCode: String, on day: Day) async throws
    /// Stores an assignment (without its people). - Returns: its id.
    func insertAssignment(_ assignment: Assignment) async throws -> Int64
    /// Stores one person of an assignment in a role at a position.
    func insertPerson(_ person: Person, assignmentID: Int64, role: String, position: Int) async throws
}

/// The order of a grid batch's commit, the same on every store: check that nobody changed the
/// cells' assignments since the batch was validated, store new and changed cells, then each
/// assignment after closing the one it replaces, with its grid head and staff in order.
public enum GridCommit {
    /// Stores `batch` through `tx`.
    /// - Throws: `ConcurrentChangeError` when another writer changed a cell's assignments meanwhile.
    public static func run(_ batch: GridBatch, in tx: some GridCommitTransaction) async throws {
        let found = try await tx.assignmentCounts(cellCodes: batch.expectedAssignmentCounts.keys.sorted())
        try ConcurrentChangeError.check(expected: batch.expectedAssignmentCounts, found: found, noun: "cell")
        for cell in batch.newCells { try await tx.insertCell(cell) }
        for cell in batch.updatedCells { try await tx.updateCell(cell) }
        for a in batch.assignments {
            try await tx.closeAssignments(cellCode: a.cellCode, on: a.validFrom)
            let id = try await tx.insertAssignment(a)
            for (role, people) in [("head", [a.head]), ("staff", a.staff)] {
                for (position, person) in people.enumerated() {
                    try await tx.insertPerson(person, assignmentID: id, role: role, position: position)
                }
            }
        }
    }
}
