import GeoKit

/// Builds missing parent cells from their children: village cells imported with township codes
/// that name no cell become those townships, each the union of its villages.
public enum GridDissolve {
    /// The new parent cells for the `from`-level cells among `cells` whose parent code names no cell,
    /// at `level`, each hung under the existing cell whose code prefixes its own. Sorted by code.
    /// - Throws: `DomainError.invalidValue` when `level` cannot hold `from`-level cells.
    public static func plan(_ cells: [GridCell], level: GridLevel, from: GridLevel) throws -> [GridCell] {
        guard level.mayBeParent(of: from) else {
            throw DomainError.invalidValue("a \(level) cell cannot hold \(from) cells: dissolve into a level above \(from) (e.g. --level township --from village)")
        }
        let codes = Set(cells.map(\.code))
        var groups: [String: [GridCell]] = [:]
        for cell in cells where cell.level == from {
            if let parent = cell.parentCode, !codes.contains(parent) { groups[parent, default: []].append(cell) }
        }
        return try groups.keys.sorted().map { code in
            let union = try Geometry.unaryUnion(groups[code]!.map(\.geometry))
            return GridCell(code: code, name: code, level: level,
                            parentCode: GridCell.bestParent(for: code, level: level, among: cells),
                            geometry: ImportedFeature.polygonal(union), source: "dissolve of \(groups[code]!.count) \(from) cell(s)")
        }
    }
}

extension Grid {
    /// Creates the missing `level` cells by dissolving their `from`-level children (see `GridDissolve`).
    /// - Returns: the cells created (none when every parent code already names a cell).
    @discardableResult
    public func dissolve(level: GridLevel, from: GridLevel) async throws -> [GridCell] {
        let created = try GridDissolve.plan(try await store.cells(), level: level, from: from)
        guard !created.isEmpty else { return [] }
        var batch = GridBatch()
        batch.newCells = created
        try await store.commit(batch)
        return created
    }

    /// Creates square cells of `size` metres inside the cell `code` (see `GridGenerator`).
    /// - Returns: the cells created.
    /// - Throws: `DomainError` when the cell is missing, the size or level is unusable, or cells
    ///   with the generated codes already exist.
    @discardableResult
    public func generate(within code: String, size: Double, level: GridLevel) async throws -> [GridCell] {
        let parent = try await cell(code)
        let cells = try GridGenerator.cells(within: parent, size: size, level: level)
        let existing = Set(try await store.cells().map(\.code))
        if let clash = cells.first(where: { existing.contains($0.code) }) {
            throw DomainError.conflict("cell \(clash.code) already exists: \(code) was divided before; generated cells are not replaced")
        }
        var batch = GridBatch()
        batch.newCells = cells
        try await store.commit(batch)
        return cells
    }
}
