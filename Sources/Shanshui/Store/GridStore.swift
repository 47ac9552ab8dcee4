/// Where grid cells and their dated assignments are kept. The domain defines it; the
/// SpatiaLite (and later PostGIS) stores implement it with the same behaviour.
///
/// People (names, phones) are stored apart from cells, so a store can hand out cells without them.
public protocol GridStore: Sendable {
    /// Every cell, ordered by code.
    func cells() async throws -> [GridCell]
    /// The cell with this code, if any.
    func cell(code: String) async throws -> GridCell?
    /// Every assignment of a cell, oldest first.
    func assignments(cellCode: String) async throws -> [Assignment]
    /// The assignment of every cell in force on `day`, ordered by cell code.
    func assignments(asOf day: Day) async throws -> [Assignment]
    /// Applies every change of the batch in one transaction: all or nothing.
    func commit(_ batch: GridBatch) async throws
    /// A number that changes whenever cells, assignments or their people change, by any process
    /// (bumped in the writing transaction): what caches of the grid check before answering.
    func gridVersion() async throws -> Int64
}

/// Grid changes to apply together.
public struct GridBatch: Sendable {
    /// Cells to create.
    public var newCells: [GridCell] = []
    /// Existing cells (by code) to replace: name, level, parent, geometry.
    public var updatedCells: [GridCell] = []
    /// New assignments; each closes the one of its cell in force on its first day.
    public var assignments: [Assignment] = []
    /// How many assignments each cell had when the batch was validated: the store checks it inside
    /// the writing transaction and throws `ConcurrentChangeError` if another writer changed it.
    public var expectedAssignmentCounts: [String: Int] = [:]

    /// An empty batch.
    public init() {}

    /// True when there is nothing to write.
    public var isEmpty: Bool { newCells.isEmpty && updatedCells.isEmpty && assignments.isEmpty }
}
