import GeoKit

/// The grid as the scan asks it: "who answered for this patch on the detection day", answered
/// from one grid snapshot taken for that day (built once per scan, not per patch). Candidate
/// cells are found by their boxes, kept as plain values so one resolver serves every thread.
public struct GridResponsibility: ResponsibilityResolver {
    private let snapshot: GridSnapshot
    /// The finest cells' positions and boxes.
    private let leaves: [(index: Int, box: Envelope)]

    /// Takes the grid as it stands on `day`.
    public init(grid: Grid, day: Day) async throws {
        let snapshot = try await grid.snapshot(on: day)
        self.snapshot = snapshot
        leaves = snapshot.cells.indices.compactMap { i in
            snapshot.hasChildren(i) ? nil : snapshot.cells[i].geometry.envelope.map { (i, $0) }
        }
    }

    /// The finest cell with the largest overlap, its chain, and the people of the finest cell
    /// that has an assignment (the village's, else its township's...).
    public func responsibility(for geometry: Geometry, on day: Day) async throws -> ResponsibilitySnapshot? {
        guard let box = geometry.envelope else { return nil }
        let candidates = leaves.filter { $0.box.intersects(box) }.map(\.index)
        // The only finest cell that reaches the outline, holding it wholly, is the answer: every
        // other overlap is nothing and its own is the whole outline, so no area need be measured
        // (an outline near a cell's corner has several cells' boxes around it, but one cell).
        var touching = candidates
        if candidates.count > 1 {
            let outline = try PreparedGeometry(geometry)
            touching = try candidates.filter { try outline.intersects(snapshot.cells[$0].geometry) }
        }
        if touching.count == 1, try snapshot.cells[touching[0]].geometry.contains(geometry) {
            return Self.snapshot(of: snapshot.responsibility(touching[0]))
        }
        guard let best = try snapshot.largestOverlap(geometry, among: touching) else { return nil }
        return Self.snapshot(of: snapshot.responsibility(best))
    }

    /// The ledger's copy of a responsibility chain.
    public static func snapshot(of r: CellResponsibility) -> ResponsibilitySnapshot {
        let assignment = r.chain.lazy.compactMap(\.assignment).first
        return ResponsibilitySnapshot(
            chain: r.chain.map { CellReference(level: $0.cell.level.name, code: $0.cell.code, name: $0.cell.name) },
            unit: assignment?.unit, head: assignment?.head.description, staff: assignment?.staff.map(\.description) ?? [])
    }
}
