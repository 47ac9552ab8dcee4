import Foundation
import GeoKit

/// One link of a responsibility chain: a cell and the assignment in force on the day asked about.
public struct ChainLink: Hashable, Sendable {
    public var cell: GridCell
    /// Nil when nobody was assigned on that day.
    public var assignment: Assignment?
}

/// Who answers for a piece of land on a day: the cell found (usually a village) first, then its
/// township, county and so on up to the root, each with its responsible unit and people.
public struct CellResponsibility: Hashable, Sendable {
    public var day: Day
    /// The cell found, then its ancestors.
    public var chain: [ChainLink]

    /// The cell found.
    public var cell: GridCell { chain[0].cell }
    /// The assignment of the cell found, if any.
    public var assignment: Assignment? { chain[0].assignment }
}

/// The grid as it stands on one day: cells, their tree and their assignments, as plain values
/// (`Sendable`) that lookups on many threads can share. Build a `GridIndex` per thread over it.
public struct GridSnapshot: Sendable {
    public let day: Day
    /// Every cell, ordered by code.
    public let cells: [GridCell]
    /// Each cell's depth in the tree (0 for a cell whose parent is not in the grid).
    public let depth: [Int]
    /// Each cell's parent position in `cells`, if the parent exists.
    public let parent: [Int?]
    /// Each cell's children's positions, by code.
    private let childLists: [[Int]]
    /// The assignment of each cell in force on `day`, by cell code.
    public let assignments: [String: Assignment]
    private let position: [String: Int]

    /// Makes a snapshot; `cells` need not be sorted, a parent cycle is cut where it closes.
    public init(day: Day, cells: [GridCell], assignments: [Assignment]) {
        self.day = day
        let sorted = cells.sorted { $0.code < $1.code }
        self.cells = sorted
        var position: [String: Int] = [:]
        for (i, c) in sorted.enumerated() { position[c.code] = i }
        self.position = position
        let parent = sorted.map { c in c.parentCode.flatMap { position[$0] } }
        self.parent = parent
        var childLists = [[Int]](repeating: [], count: sorted.count)
        for (i, p) in parent.enumerated() { if let p { childLists[p].append(i) } }
        self.childLists = childLists
        depth = sorted.indices.map { i in
            var d = 0, at = parent[i]
            while let p = at, d <= sorted.count { d += 1; at = parent[p] }
            return d
        }
        var byCode: [String: Assignment] = [:]
        for a in assignments where a.isValid(on: day) { byCode[a.cellCode] = a }
        self.assignments = byCode
    }

    /// The position of the cell with `code`, if any.
    public func index(of code: String) -> Int? { position[code] }

    /// The cell with `code`, if any.
    public func cell(_ code: String) -> GridCell? { position[code].map { cells[$0] } }

    /// The positions of a cell's children, by code.
    public func children(of i: Int) -> [Int] { childLists[i] }

    /// True for a cell that has children.
    public func hasChildren(_ i: Int) -> Bool { !childLists[i].isEmpty }

    /// The responsibility chain from the cell at position `i` up to its root.
    public func responsibility(_ i: Int) -> CellResponsibility {
        var chain: [ChainLink] = []
        var at: Int? = i
        while let j = at, chain.count <= cells.count {
            chain.append(ChainLink(cell: cells[j], assignment: assignments[cells[j].code]))
            at = parent[j]
        }
        return CellResponsibility(day: day, chain: chain)
    }
}

extension GridSnapshot {
    /// The finest cells (those without children) among `candidates` that `geometry` (lon/lat,
    /// polygonal) overlaps, with the overlap area, largest first (ties: smallest code).
    func overlaps(_ geometry: Geometry, among candidates: [Int]) throws -> [CellOverlap] {
        guard !candidates.isEmpty else { return [] }
        let query = try PreparedGeometry(geometry)
        let total = geometry.geodesicArea
        var out: [CellOverlap] = []
        for i in candidates where !hasChildren(i) {
            let cell = cells[i]
            guard try query.intersects(cell.geometry) else { continue }
            let area = try geometry.intersection(cell.geometry).geodesicArea
            guard area > 0 else { continue }
            out.append(CellOverlap(index: i, cell: cell, areaM2: area, share: total > 0 ? area / total : 0))
        }
        return out.sorted(by: Self.largestFirst)
    }

    /// The position of the finest cell among `candidates` (cells whose boxes meet the outline's)
    /// that `geometry` (lon/lat, polygonal) overlaps most: who answers for a patch. The only finest
    /// cell that reaches the outline, holding it wholly, is the answer without measuring anything
    /// (an outline near a cell's corner has several cells' boxes around it, but one cell).
    func cell(for geometry: Geometry, among candidates: [Int]) throws -> Int? {
        var touching = candidates.filter { !hasChildren($0) }
        if touching.count > 1 {
            let outline = try PreparedGeometry(geometry)
            touching = try touching.filter { try outline.intersects(cells[$0].geometry) }
        }
        if touching.count == 1, try cells[touching[0]].geometry.contains(geometry) { return touching[0] }
        return try largestOverlap(geometry, among: touching)
    }

    /// The position of the cell among `candidates` (finest cells) that `geometry` (lon/lat,
    /// polygonal) overlaps most: the first of `overlaps(_:among:)`, the rule routing follows. A case's cells are
    /// ranked by the planar area of their pieces scaled to the ground, which ranks the pieces of a
    /// small outline as their geodesic areas do; the pieces are measured geodesically only when
    /// two come within `closeCall` of each other, or the outline spans more than `smallSpan`
    /// degrees (measuring every piece on the ellipsoid was most of routing's time).
    private func largestOverlap(_ geometry: Geometry, among candidates: [Int]) throws -> Int? {
        guard let box = geometry.envelope else { return nil }
        let pieces = try candidates.map { i in (index: i, piece: try geometry.intersection(cells[i].geometry)) }
        if box.maxY - box.minY <= Self.smallSpan, box.maxX - box.minX <= Self.smallSpan, abs(box.minY) < 80, abs(box.maxY) < 80 {
            let ranked = try pieces.map { i, piece -> (index: Int, piece: Geometry, ground: Double) in
                let latitude: Double = piece.envelope.map { ($0.minY + $0.maxY) / 2 } ?? 0
                return (i, piece, try piece.planarArea * Foundation.cos(latitude * Double.pi / 180))
            }.sorted { $0.ground > $1.ground }
            if let top = ranked.first, top.ground > 0, ranked.count == 1 || top.ground > ranked[1].ground * (1 + Self.closeCall),
               top.piece.geodesicArea > 0 {
                return top.index
            }
        }
        return pieces.compactMap { i, piece in
            let area = piece.geodesicArea
            return area > 0 ? CellOverlap(index: i, cell: cells[i], areaM2: area, share: 0) : nil
        }.sorted(by: Self.largestFirst).first?.index
    }

    /// Widest outline, in degrees of latitude and longitude, whose pieces the planar ranking
    /// serves: within 0.1° the cosine of one latitude per piece misjudges two pieces' ratio by
    /// about 0.1 % at most, well inside `closeCall`.
    static let smallSpan = 0.1
    /// Relative lead under which two pieces are measured on the ellipsoid to tell them apart.
    static let closeCall = 0.01

    /// Larger overlap first; of equal ones, the smaller code.
    static func largestFirst(_ a: CellOverlap, _ b: CellOverlap) -> Bool {
        a.areaM2 != b.areaM2 ? a.areaM2 > b.areaM2 : a.cell.code < b.cell.code
    }
}
