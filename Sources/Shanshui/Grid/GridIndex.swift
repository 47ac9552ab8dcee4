import GeoKit

/// A cell's share of a query polygon: the answer to "which cells does this patch touch, and how much".
public struct CellOverlap: Hashable, Sendable {
    /// The cell's position in the snapshot.
    public var index: Int
    public var cell: GridCell
    /// The overlap's geodesic area in m².
    public var areaM2: Double
    /// The overlap as a share (0...1) of the query polygon's area.
    public var share: Double
}

/// Fast point and polygon lookup over a `GridSnapshot`: an STRtree of cell envelopes and a
/// prepared geometry per cell. With `accelerated`, an interior tree (`InteriorTree`) answers points
/// well inside one cell without GEOS, so bulk lookups reach millions of points per second.
///
/// A point covered by several cells (a shared edge, nested levels, an overlap) resolves to the
/// deepest cell, then the smallest code: the same point always gets the same cell.
/// Owns GEOS objects: not `Sendable`, make one per thread (sharing `interior`).
public final class GridIndex {
    public let snapshot: GridSnapshot
    /// The interior tree, if built; hand it to indexes on other threads.
    public let interior: InteriorTree?
    /// Snapshot positions in lookup priority: deepest first, then by code. Tree ids index this.
    private let order: [Int]
    private let tree: STRtree
    private let prepared: [PreparedGeometry]

    /// Indexes every cell of `snapshot`.
    /// - Parameters:
    ///   - accelerated: build the interior tree (worth it from about ten thousand points on).
    ///   - interior: an interior tree already built for the same snapshot by another index.
    public init(_ snapshot: GridSnapshot, accelerated: Bool = false, interior: InteriorTree? = nil) throws {
        self.snapshot = snapshot
        order = snapshot.cells.indices.sorted { a, b in
            snapshot.depth[a] != snapshot.depth[b] ? snapshot.depth[a] > snapshot.depth[b] : a < b
        }
        let geometries = order.map { snapshot.cells[$0].geometry }
        tree = try STRtree(geometries)
        prepared = try geometries.map(PreparedGeometry.init)
        if let interior {
            self.interior = interior
        } else if accelerated, !geometries.isEmpty {
            self.interior = try InteriorTree(envelopes: geometries.map(\.envelope), prepared: prepared)
        } else {
            self.interior = nil
        }
    }

    /// The snapshot position of the cell holding `point` (lon/lat), or nil when no cell covers it.
    public func cellIndex(at point: Coordinate) throws -> Int? {
        if let interior {
            switch interior.lookup(point) {
            case .none: return nil
            case .cell(let id): return order[id]
            case .candidates(let ids):
                for id in ids where try prepared[id].covers(point) { return order[id] }
                return nil
            }
        }
        for id in tree.query(point) where try prepared[id].covers(point) { return order[id] }
        return nil
    }

    /// Who answers for `point` on the snapshot's day, or nil outside every cell.
    public func responsibility(at point: Coordinate) throws -> CellResponsibility? {
        try cellIndex(at: point).map(snapshot.responsibility)
    }

    /// The finest cells (those without children) that `geometry` (lon/lat, polygonal) overlaps,
    /// with the overlap area, largest first (ties: smallest code).
    public func overlaps(_ geometry: Geometry) throws -> [CellOverlap] {
        guard let box = geometry.envelope else { return [] }
        return try snapshot.overlaps(geometry, among: tree.query(box).map { order[$0] })
    }

    /// Who answers for a polygon (a patch) on the snapshot's day: the finest cell with the largest overlap.
    public func responsibility(for geometry: Geometry) throws -> CellResponsibility? {
        guard let box = geometry.envelope else { return nil }
        return try snapshot.cell(for: geometry, among: tree.query(box).map { order[$0] }).map(snapshot.responsibility)
    }
}
