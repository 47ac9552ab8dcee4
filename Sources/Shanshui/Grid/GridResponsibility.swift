import Foundation
import GeoKit

/// The grid as the scan asks it: "who answered for this patch on the detection day", answered
/// from one grid snapshot taken for that day (built once per scan, not per patch). Candidate
/// cells are found by their boxes, kept as plain values so one resolver serves every thread.
public struct GridResponsibility: ResponsibilityResolver {
    private let snapshot: GridSnapshot
    /// The finest cells' positions and boxes.
    private let leaves: [(index: Int, box: Envelope)]
    /// The cell each outline asked about falls to, shared by resolvers over the same cells.
    private let choices: CellChoices

    /// Takes the grid as it stands on `day`.
    public init(grid: Grid, day: Day) async throws {
        self.init(snapshot: try await grid.snapshot(on: day), choices: CellChoices())
    }

    /// Takes the grid as it stands on `day`, sharing `other`'s choice of cell for each outline
    /// when the cells are the same on both days. A scan of last half-year's imagery records who
    /// answered on the imagery's day and routes to who answers today; where only people changed
    /// in between, the cell each outline falls to is worked out once for both.
    public init(grid: Grid, day: Day, sharingCellsWith other: GridResponsibility) async throws {
        let snapshot = try await grid.snapshot(on: day)
        self.init(snapshot: snapshot, choices: snapshot.cells == other.snapshot.cells ? other.choices : CellChoices())
    }

    private init(snapshot: GridSnapshot, choices: CellChoices) {
        self.snapshot = snapshot
        self.choices = choices
        leaves = snapshot.cells.indices.compactMap { i in
            snapshot.hasChildren(i) ? nil : snapshot.cells[i].geometry.envelope.map { (i, $0) }
        }
    }

    /// The finest cell with the largest overlap, its chain, and the people of the finest cell
    /// that has an assignment (the village's, else its township's...).
    public func responsibility(for geometry: Geometry, on day: Day) async throws -> ResponsibilitySnapshot? {
        try choices.cell(for: geometry) { try cell(for: geometry) }.map { Self.snapshot(of: snapshot.responsibility($0)) }
    }

    /// The position of the finest cell with the largest overlap, nil when none overlaps.
    private func cell(for geometry: Geometry) throws -> Int? {
        guard let box = geometry.envelope else { return nil }
        return try snapshot.cell(for: geometry, among: leaves.filter { $0.box.intersects(box) }.map(\.index))
    }

    /// The ledger's copy of a responsibility chain.
    public static func snapshot(of r: CellResponsibility) -> ResponsibilitySnapshot {
        let assignment = r.chain.lazy.compactMap(\.assignment).first
        return ResponsibilitySnapshot(
            chain: r.chain.map { CellReference(level: $0.cell.level.name, code: $0.cell.code, name: $0.cell.name) },
            unit: assignment?.unit, head: assignment?.head.description, staff: assignment?.staff.map(\.description) ?? [])
    }
}

/// Cells chosen for outlines (positions in the snapshots that share it), safe to use from many threads.
private final class CellChoices: @unchecked Sendable {
    private let lock = NSLock()
    private var chosen: [Geometry: Int?] = [:]

    /// The cell remembered for `outline`, else `choose`'s answer, remembered.
    func cell(for outline: Geometry, choose: () throws -> Int?) throws -> Int? {
        if let known = lock.withLock({ chosen[outline] }) { return known }
        let cell = try choose()
        lock.withLock { chosen[outline] = cell }
        return cell
    }
}
