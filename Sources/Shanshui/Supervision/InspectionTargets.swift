import GeoKit

/// Gathers what a draw can choose from out of the workspace, with the cells and people that
/// answer for each target on `day` (the grid as it stands then).
///
/// Filters are `key=value` pairs: cases take `status`, `reserve` (area id), `cell`, `supervised`,
/// `overdue`; cells take `level` and `within` (an ancestor code); reserves take `kind`.
public struct InspectionTargets: Sendable {
    public let ledger: Ledger
    public let registry: Registry
    public let grid: Grid

    /// Gathers over the three services.
    public init(ledger: Ledger, registry: Registry, grid: Grid) {
        self.ledger = ledger
        self.registry = registry
        self.grid = grid
    }

    /// The filter keys each target kind accepts.
    public static let filterKeys: [DrawTargetKind: [String]] = [
        .cases: ["status", "reserve", "cell", "supervised", "overdue"], .cells: ["level", "within"], .reserves: ["kind"],
    ]

    /// Parses `key=value` filters, refusing keys the kind does not know.
    /// - Returns: the pairs sorted by key, as the draw records them.
    public static func parseFilter(_ items: [String], kind: DrawTargetKind) throws -> [(key: String, value: String)] {
        let keys = filterKeys[kind] ?? []
        return try items.map { item in
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, keys.contains(parts[0]) else {
                throw DomainError.invalidValue("filter '\(item)' is not KEY=VALUE with a key for \(kind.rawValue): \(keys.joined(separator: ", "))")
            }
            return (parts[0], parts[1])
        }.sorted { Canonical.less($0.key, $1.key) }
    }

    /// The targets of `kind` matching `filter` (sorted by id).
    public func gather(_ kind: DrawTargetKind, filter items: [String], on day: Day) async throws -> [DrawTarget] {
        let pairs = try Self.parseFilter(items, kind: kind)
        let filter = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
        let snapshot = try await grid.snapshot(on: day)
        switch kind {
        case .cases: return try await cases(filter, snapshot: snapshot, day: day)
        case .cells: return try cells(filter, snapshot: snapshot)
        case .reserves: return try await reserves(filter, snapshot: snapshot, day: day)
        }
    }

    private func cases(_ f: [String: String], snapshot: GridSnapshot, day: Day) async throws -> [DrawTarget] {
        var filter = CaseFilter(cellCode: f["cell"])
        if let s = f["status"] {
            guard let status = CaseStatus(rawValue: s) else { throw DomainError.invalidValue("unknown status '\(s)' in the filter") }
            filter.status = status
        }
        if let r = f["reserve"] { filter.areaID = try await registry.area(r).id }
        filter.supervised = f["supervised"] == "true"
        let found = try await ledger.list(filter, overdueOnly: f["overdue"] == "true", today: day)
        return found.map { c in
            var cells = c.responsibility?.chain.map(\.code) ?? []
            var people = (c.responsibility.map { [$0.head].compactMap { $0 } + $0.staff }) ?? []
            if let code = c.responsibility?.cell?.code, let i = snapshot.index(of: code) {
                let now = Self.answering(snapshot.responsibility(i))
                cells += now.cells
                people += now.people
            }
            return DrawTarget(id: c.number, cells: cells, people: people)
        }
    }

    private func cells(_ f: [String: String], snapshot: GridSnapshot) throws -> [DrawTarget] {
        let level = try f["level"].map(GridLevel.init(parsing:))
        return snapshot.cells.indices.compactMap { i in
            let r = snapshot.responsibility(i)
            guard level == nil || r.cell.level == level else { return nil }
            if let within = f["within"], !r.chain.contains(where: { $0.cell.code == within }) { return nil }
            let who = Self.answering(r)
            return DrawTarget(id: r.cell.code, cells: who.cells, people: who.people)
        }
    }

    private func reserves(_ f: [String: String], snapshot: GridSnapshot, day: Day) async throws -> [DrawTarget] {
        let kind = try f["kind"].map(ProtectedAreaKind.init(parsing:))
        let areas = try await registry.list(kind: kind, asOf: day)
        let tree = snapshot.cells.isEmpty ? nil : try STRtree(snapshot.cells.map(\.geometry))
        return try areas.map { a in
            var cells: [String] = [], people: [String] = []
            if let tree, let g = a.version.geometry, let box = g.envelope {
                let prepared = try PreparedGeometry(g)
                for i in tree.query(box) where try prepared.intersects(snapshot.cells[i].geometry) {
                    let who = Self.answering(snapshot.responsibility(i))
                    cells += who.cells
                    people += who.people
                }
            }
            return DrawTarget(id: a.area.code, cells: cells, people: people)
        }
    }

    /// The codes of a chain's cells and `NAME:PHONE` of the heads and staff assigned to them.
    static func answering(_ r: CellResponsibility) -> (cells: [String], people: [String]) {
        (r.chain.map(\.cell.code), r.chain.compactMap(\.assignment).flatMap { [$0.head] + $0.staff }.map(\.description))
    }
}
