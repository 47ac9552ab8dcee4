import GeoKit

/// One problem `grid check` found, with where it is and how large when it has a shape.
public struct GridFinding: Sendable, Hashable {
    /// What kind of finding it is.
    public enum Kind: String, Sendable, CaseIterable {
        /// Part of a parent covered by none of its children.
        case gap
        /// Two sibling cells overlap.
        case overlap
        /// Part of a cell lies outside its parent.
        case outside
        /// A thin gap or overlap, usually digitising noise: reported, not an error.
        case sliver
        /// The parent code names no cell (`grid dissolve` can build it).
        case missingParent = "missing_parent"
        /// The parent sits at a level that cannot hold the cell.
        case wrongLevel = "wrong_level"
        /// The code does not start with the parent's code.
        case codePrefix = "code_prefix"
        /// Nobody is assigned to the cell on the day checked.
        case unassigned
        /// The assignment has fewer than two grid staff.
        case fewStaff = "few_staff"
    }

    public var kind: Kind
    /// The codes of the cells involved (the parent first for gaps and outside parts).
    public var cells: [String]
    /// A point inside the finding (lon/lat), for shaped findings.
    public var location: Coordinate?
    /// The finding's size in m², for shaped findings.
    public var areaM2: Double?
    /// A sentence for people.
    public var detail: String

    /// True for findings that should stop an import script (all but slivers).
    public var isError: Bool { kind != .sliver }
}

/// Coverage and consistency checks of a grid on a day: gaps and overlaps between siblings and
/// against the parent, the tree's codes and levels, and who is assigned.
public struct GridCheck: Sendable {
    /// Gaps and overlaps smaller than this (m²) are ignored as numerical noise.
    public var tolerance: Double = 1
    /// A gap or overlap whose thinness (4πA/P²) is below this is a sliver.
    public var sliverThinness: Double = 0.05
    /// Check assignments (unassigned cells, fewer than two staff); off to check geometry and codes only.
    public var assignments = true

    /// Default thresholds.
    public init() {}

    /// Every finding, cell by cell in code order.
    public func run(_ grid: GridSnapshot) throws -> [GridFinding] {
        var findings: [GridFinding] = []
        for (i, cell) in grid.cells.enumerated() {
            findings += tree(cell, grid.parent[i].map { grid.cells[$0] })
            if assignments { findings += people(cell, grid.assignments[cell.code]) }
            let children = grid.children(of: i).map { grid.cells[$0] }
            if !children.isEmpty { findings += try coverage(of: cell, by: children) }
        }
        let roots = grid.cells.indices.filter { grid.parent[$0] == nil }.map { grid.cells[$0] }
        findings += try overlaps(among: roots)
        return findings
    }

    private func tree(_ cell: GridCell, _ parent: GridCell?) -> [GridFinding] {
        guard let code = cell.parentCode else { return [] }
        guard let parent else {
            return [GridFinding(kind: .missingParent, cells: [cell.code], detail: "parent \(code) of \(cell.code) (\(cell.name)) is not a cell; import it or run `grid dissolve`")]
        }
        var out: [GridFinding] = []
        if !parent.level.mayBeParent(of: cell.level) {
            out.append(GridFinding(kind: .wrongLevel, cells: [code, cell.code], detail: "\(cell.level) cell \(cell.code) hangs under \(parent.level) cell \(code)"))
        }
        if !CellCode.extends(cell.code, parent: code) {
            out.append(GridFinding(kind: .codePrefix, cells: [code, cell.code], detail: "code \(cell.code) does not start with its parent's code \(code)"))
        }
        return out
    }

    private func people(_ cell: GridCell, _ assignment: Assignment?) -> [GridFinding] {
        guard let assignment else {
            return [GridFinding(kind: .unassigned, cells: [cell.code], detail: "\(cell.code) (\(cell.name)) has no responsible unit and people on this day")]
        }
        guard assignment.staff.count < 2 else { return [] }
        return [GridFinding(kind: .fewStaff, cells: [cell.code], detail: "\(cell.code) (\(cell.name)) has \(assignment.staff.count) grid staff; at least 2 are needed")]
    }

    /// Gaps of the children against the parent, children outside it, overlaps among them.
    private func coverage(of parent: GridCell, by children: [GridCell]) throws -> [GridFinding] {
        var out: [GridFinding] = []
        let covered = try Geometry.unaryUnion(children.map(\.geometry))
        for part in try pieces(parent.geometry.difference(covered)) {
            out.append(finding(part.isSliver ? .sliver : .gap, [parent.code], part, "part of \(parent.code) (\(parent.name)) in none of its \(children.count) children"))
        }
        for part in try pieces(covered.difference(parent.geometry)) {
            let who = try children.filter { c in try Geometry.point(part.location).intersects(c.geometry) }.map(\.code)
            out.append(finding(part.isSliver ? .sliver : .outside, [parent.code] + who, part, "part of \(who.joined(separator: ", ")) outside parent \(parent.code)"))
        }
        return out + (try overlaps(among: children))
    }

    private func overlaps(among cells: [GridCell]) throws -> [GridFinding] {
        guard cells.count > 1 else { return [] }
        return try OverlayPiece.overlaps(among: cells.map(\.geometry), tolerance: tolerance, sliverThinness: sliverThinness).map { i, j, part in
            finding(part.isSliver ? .sliver : .overlap, [cells[i].code, cells[j].code], part, "\(cells[i].code) and \(cells[j].code) overlap")
        }
    }

    private func finding(_ kind: GridFinding.Kind, _ cells: [String], _ part: OverlayPiece, _ detail: String) -> GridFinding {
        GridFinding(kind: kind, cells: cells, location: part.location, areaM2: part.area, detail: detail)
    }

    private func pieces(_ g: Geometry) throws -> [OverlayPiece] {
        try OverlayPiece.pieces(of: g, tolerance: tolerance, sliverThinness: sliverThinness)
    }
}
