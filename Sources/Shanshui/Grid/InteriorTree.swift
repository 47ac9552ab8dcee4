import GeoKit

/// A quadtree over the grid's extent whose leaves say, for every point inside them, which cell a
/// lookup answers, or which few cells may hold it. Built once with the prepared geometries;
/// afterwards most points are answered by a few comparisons, without GEOS. Plain values: `Sendable`.
///
/// A leaf is certain only when the first cell (in lookup priority) touching its closed box covers
/// the whole box, so every point of the box, its edges included, gets exactly the answer the
/// prepared geometries would give.
public struct InteriorTree: Sendable {
    /// What a leaf says about a point.
    public enum Answer {
        case none
        case cell(Int)
        /// Test these ids, in order, with the prepared geometries.
        case candidates(ArraySlice<Int>)
    }

    private let root: Envelope
    /// ≥ 0: an internal node whose four children start there (SW, SE, NW, NE); < 0: leaf `-(value + 1)`.
    private var nodes: [Int32] = []
    private var leaves: [(start: Int32, count: Int32, certain: Bool)] = []
    private var leafIDs: [Int] = []
    /// Deepest subdivision: boxes down to 1/2^maxDepth of the extent.
    public let maxDepth: Int

    /// Builds the tree over the items' envelopes and prepared geometries (ids = array positions,
    /// lower ids win where items overlap).
    public init(envelopes: [Envelope?], prepared: [PreparedGeometry], maxDepth: Int = 8) throws {
        var extent: Envelope?
        for e in envelopes.compactMap({ $0 }) {
            if extent == nil { extent = e } else { extent!.expand(toInclude: e) }
        }
        root = extent ?? Envelope(minX: 0, minY: 0, maxX: 0, maxY: 0)
        self.maxDepth = maxDepth
        nodes.append(0)
        let all = envelopes.indices.filter { envelopes[$0] != nil }
        try build(node: 0, box: root, candidates: all, depth: 0, envelopes: envelopes, prepared: prepared)
    }

    /// The answer for a point.
    public func lookup(_ p: Coordinate) -> Answer {
        guard p.x >= root.minX, p.x <= root.maxX, p.y >= root.minY, p.y <= root.maxY else { return .none }
        var box = root
        var node = nodes[0]
        while node >= 0 {
            let mx = (box.minX + box.maxX) / 2, my = (box.minY + box.maxY) / 2
            let east = p.x >= mx, north = p.y >= my
            if east { box.minX = mx } else { box.maxX = mx }
            if north { box.minY = my } else { box.maxY = my }
            node = nodes[Int(node) + (east ? 1 : 0) + (north ? 2 : 0)]
        }
        let leaf = leaves[Int(-(node + 1))]
        if leaf.count == 0 { return .none }
        let start = Int(leaf.start)
        if leaf.certain { return .cell(leafIDs[start]) }
        return .candidates(leafIDs[start..<start + Int(leaf.count)])
    }

    /// Number of leaves, and of those that need GEOS: for reports and tuning.
    public var leafCounts: (total: Int, uncertain: Int) { (leaves.count, leaves.filter { !$0.certain && $0.count > 0 }.count) }

    private mutating func build(node: Int, box: Envelope, candidates: [Int], depth: Int,
                                envelopes: [Envelope?], prepared: [PreparedGeometry]) throws {
        let boxGeometry = box.polygon
        var touching: [Int] = []
        for id in candidates where envelopes[id]!.intersects(box) {
            if try prepared[id].intersects(boxGeometry) { touching.append(id) }
        }
        // Certain when nothing touches the box, or the first item touching it covers it all.
        let certain = try touching.first.map { try prepared[$0].covers(boxGeometry) } ?? true
        if !certain, depth < maxDepth {
            let start = nodes.count
            nodes[node] = Int32(start)
            nodes += [0, 0, 0, 0]
            let mx = (box.minX + box.maxX) / 2, my = (box.minY + box.maxY) / 2
            let quads = [Envelope(minX: box.minX, minY: box.minY, maxX: mx, maxY: my), Envelope(minX: mx, minY: box.minY, maxX: box.maxX, maxY: my),
                         Envelope(minX: box.minX, minY: my, maxX: mx, maxY: box.maxY), Envelope(minX: mx, minY: my, maxX: box.maxX, maxY: box.maxY)]
            for (k, quad) in quads.enumerated() {
                try build(node: start + k, box: quad, candidates: touching, depth: depth + 1, envelopes: envelopes, prepared: prepared)
            }
            return
        }
        nodes[node] = Int32(-(leaves.count + 1))
        let ids = certain ? Array(touching.prefix(1)) : touching
        leaves.append((Int32(leafIDs.count), Int32(ids.count), certain))
        leafIDs += ids
    }
}
