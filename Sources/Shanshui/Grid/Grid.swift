import GeoKit

/// The grid-responsibility service (网格化管理): cells and their tree, dated assignments of units
/// and people, lookups from a point or a patch to the people who answer for it, and checks.
///
/// Every method that writes validates everything first and then commits one batch, so the store
/// is either changed as a whole or not at all.
public struct Grid: Sendable {
    public let store: any GridStore

    /// A grid over `store`.
    public init(store: any GridStore) {
        self.store = store
    }

    /// What an import did to one cell.
    public enum Outcome: String, Sendable {
        case created, updated, unchanged
    }

    /// The result of an import.
    public struct ImportSummary: Sendable {
        public var rows: [(cell: GridCell, outcome: Outcome)]
        public var warnings: [String]
    }

    /// Stores an import plan: new codes become cells, known codes are updated (same level only).
    /// Cells without a parent code hang under the existing cell whose code prefixes theirs.
    /// - Throws: `DomainError` naming the feature when a parent sits at the wrong level, a code
    ///   changes level, or the parents would form a cycle; nothing is stored then.
    public func apply(_ plan: GridImportPlan) async throws -> ImportSummary {
        let existing = Dictionary(uniqueKeysWithValues: try await store.cells().map { ($0.code, $0) })
        var known = existing
        for cell in plan.cells { known[cell.code] = cell }
        var batch = GridBatch()
        var rows: [(GridCell, Outcome)] = []
        var warnings = plan.warnings
        for (cell, label) in zip(plan.cells, plan.labels) {
            func fail(_ message: String) -> DomainError { .invalidInput("\(plan.source), \(label): \(message)") }
            var cell = cell
            if cell.parentCode == nil { cell.parentCode = GridCell.bestParent(for: cell.code, level: cell.level, among: known.values) }
            if let code = cell.parentCode, let parent = known[code], !parent.level.mayBeParent(of: cell.level) {
                throw fail("parent \(code) (\(parent.name)) is a \(parent.level) cell and cannot hold a \(cell.level) cell; check --parent-field and --level")
            }
            if let code = cell.parentCode, !CellCode.extends(cell.code, parent: code) {
                warnings.append("\(label): code \(cell.code) does not start with its parent's code \(code)")
            }
            known[cell.code] = cell
            guard let old = existing[cell.code] else {
                batch.newCells.append(cell)
                rows.append((cell, .created))
                continue
            }
            guard old.level == cell.level else {
                throw fail("cell \(cell.code) already exists as a \(old.level) cell; a code keeps its level")
            }
            if try old.name == cell.name && old.parentCode == cell.parentCode && old.geometry.sameShape(as: cell.geometry) {
                rows.append((cell, .unchanged))
            } else {
                batch.updatedCells.append(cell)
                rows.append((cell, .updated))
            }
        }
        for cell in plan.cells {
            var seen: Set<String> = [cell.code]
            var at = known[cell.code]?.parentCode
            while let code = at {
                guard seen.insert(code).inserted else { throw DomainError.invalidInput("\(plan.source): the parent codes of \(cell.code) form a cycle through \(code)") }
                at = known[code]?.parentCode
            }
        }
        if !batch.isEmpty { try await store.commit(batch) }
        return ImportSummary(rows: rows, warnings: warnings)
    }

    /// The cell with `code`.
    /// - Throws: `DomainError.notFound` naming the code.
    public func cell(_ code: String) async throws -> GridCell {
        guard let cell = try await store.cell(code: code) else { throw Grid.noCell(code) }
        return cell
    }

    /// The whole grid as it stands on `day`, for lookups (`GridIndex`), checks and exports.
    public func snapshot(on day: Day) async throws -> GridSnapshot {
        GridSnapshot(day: day, cells: try await store.cells(), assignments: try await store.assignments(asOf: day))
    }

    /// The chain from the cell with `code` up to its root, with who answered for each on `day`.
    public func responsibility(of code: String, on day: Day) async throws -> CellResponsibility {
        let snapshot = try await snapshot(on: day)
        guard let i = snapshot.index(of: code) else { throw Grid.noCell(code) }
        return snapshot.responsibility(i)
    }

    /// Who answered for the land at `point` (lon/lat) on `day`: the deepest cell covering it and
    /// its chain; nil outside every cell. For many points build a `GridIndex` once instead.
    public func cell(at point: Coordinate, on day: Day) async throws -> CellResponsibility? {
        try GridIndex(try await snapshot(on: day)).responsibility(at: point)
    }

    /// Who answered for a patch (lon/lat polygon) on `day`: the finest cell (usually a village)
    /// with the largest overlap, its chain to the county, and the unit, head and staff of each.
    public func responsibility(for geometry: Geometry, on day: Day) async throws -> CellResponsibility? {
        try GridIndex(try await snapshot(on: day)).responsibility(for: geometry)
    }

    /// A cell and every assignment it ever had, oldest first.
    public func history(_ code: String) async throws -> (cell: GridCell, assignments: [Assignment]) {
        (try await cell(code), try await store.assignments(cellCode: code))
    }

    static func noCell(_ code: String) -> DomainError {
        .notFound("no grid cell with code '\(code)'; see `shanshui grid import` or `shanshui export cells`")
    }
}

extension GridCell {
    /// The cell among `cells` that a cell with `code` and `level` hangs under: the one whose code
    /// its code extends with the longest significant prefix, at a level that may hold it.
    public static func bestParent(for code: String, level: GridLevel, among cells: some Sequence<GridCell>) -> String? {
        cells.filter { CellCode.extends(code, parent: $0.code) && $0.level.mayBeParent(of: level) }
            .max { a, b in
                let pa = CellCode.significantPrefix(a.code).count, pb = CellCode.significantPrefix(b.code).count
                return pa != pb ? pa < pb : a.code > b.code
            }?.code
    }
}

