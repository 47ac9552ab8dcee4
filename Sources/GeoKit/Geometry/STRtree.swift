import CGEOS

/// A packed R-tree of envelopes (`GEOSSTRtree_r`) answering "which items may touch this box"
/// in logarithmic time: the first stage of every grid, zone and patch lookup.
///
/// Items are identified by their position in the array given to `init`.
/// Owns GEOS objects in the creating thread's context: not `Sendable`.
public final class STRtree {
    private let context: GEOSContext
    private let tree: OpaquePointer
    private var boxes: [GEOSGeometry] = []
    /// How many items the tree holds.
    public let count: Int

    /// Builds a tree over the envelopes of `geometries` (empty ones are skipped).
    /// - Parameter nodeCapacity: children per node; 10 is GEOS's usual choice.
    public convenience init(_ geometries: [Geometry], nodeCapacity: Int = 10) throws {
        try self.init(envelopes: geometries.map(\.envelope), nodeCapacity: nodeCapacity)
    }

    /// Builds a tree over boxes; a nil box is never returned.
    public init(envelopes: [Envelope?], nodeCapacity: Int = 10) throws {
        context = GEOSContext.current
        guard let t = GEOSSTRtree_create_r(context.handle, max(2, nodeCapacity)) else {
            throw context.error("STRtree")
        }
        tree = t
        count = envelopes.count
        for (i, box) in envelopes.enumerated() {
            guard let box else { continue }
            let g = try box.polygon.geos(context)
            boxes.append(g)
            GEOSSTRtree_insert_r(context.handle, tree, g.pointer, UnsafeMutableRawPointer(bitPattern: i + 1))
        }
        // An STRtree is built on first query; do it now so queries never pay for it.
        _ = query(Envelope(minX: 0, minY: 0, maxX: 0, maxY: 0))
    }

    deinit { GEOSSTRtree_destroy_r(context.handle, tree) }

    /// Indexes of the items whose envelope intersects `box`, in ascending order.
    public func query(_ box: Envelope) -> [Int] {
        guard let probe = try? box.polygon.geos(context) else { return [] }
        return query(probe.pointer)
    }

    /// Indexes of the items whose envelope intersects `box`, in the tree's order (no sort: for
    /// counting, or for sorting only the few that matter).
    public func queryUnordered(_ box: Envelope) -> [Int] {
        guard let probe = try? box.polygon.geos(context) else { return [] }
        return query(probe.pointer, sorted: false)
    }

    /// Indexes of the items whose envelope contains `point`, in ascending order.
    public func query(_ point: Coordinate) -> [Int] {
        guard let p = GEOSGeom_createPointFromXY_r(context.handle, point.x, point.y) else { return [] }
        defer { GEOSGeom_destroy_r(context.handle, p) }
        return query(p)
    }

    private final class Hits { var items: [Int] = [] }

    private func query(_ probe: OpaquePointer, sorted: Bool = true) -> [Int] {
        let hits = Hits()
        withExtendedLifetime(hits) {
            GEOSSTRtree_query_r(context.handle, tree, probe, { item, userData in
                guard let item, let userData else { return }
                Unmanaged<Hits>.fromOpaque(userData).takeUnretainedValue().items.append(Int(bitPattern: item) - 1)
            }, Unmanaged.passUnretained(hits).toOpaque())
        }
        return sorted ? hits.items.sorted() : hits.items
    }
}
