import GeoKit

/// The grid as the scan asks it: "who answered for this patch on the detection day", answered
/// from one grid snapshot taken for that day (built once per scan, not per patch).
public struct GridResponsibility: ResponsibilityResolver {
    private let snapshot: GridSnapshot

    /// Takes the grid as it stands on `day`.
    public init(grid: Grid, day: Day) async throws {
        snapshot = try await grid.snapshot(on: day)
    }

    /// The finest cell with the largest overlap, its chain, and the people of the finest cell
    /// that has an assignment (the village's, else its township's...).
    public func responsibility(for geometry: Geometry, on day: Day) async throws -> ResponsibilitySnapshot? {
        guard !snapshot.cells.isEmpty, let found = try GridIndex(snapshot).responsibility(for: geometry) else { return nil }
        return Self.snapshot(of: found)
    }

    /// The ledger's copy of a responsibility chain.
    public static func snapshot(of r: CellResponsibility) -> ResponsibilitySnapshot {
        let assignment = r.chain.lazy.compactMap(\.assignment).first
        return ResponsibilitySnapshot(
            chain: r.chain.map { CellReference(level: $0.cell.level.name, code: $0.cell.code, name: $0.cell.name) },
            unit: assignment?.unit, head: assignment?.head.description, staff: assignment?.staff.map(\.description) ?? [])
    }
}
