import GeoKit

/// The protected-area registry: imports, boundary history and as-of answers over a store.
///
/// Every method that writes validates first and then commits one batch, so the store is
/// either changed as a whole or not at all.
public struct Registry: Sendable {
    public let store: any RegistryStore

    /// A registry over `store`.
    public init(store: any RegistryStore) {
        self.store = store
    }

    /// What an import did to one area.
    public enum Outcome: String, Sendable {
        case created, adjusted, unchanged
    }

    /// The result of applying an import plan.
    public struct ImportSummary: Sendable {
        public var rows: [(area: ImportedArea, outcome: Outcome)]
        public var warnings: [String]
        /// True when the store was not changed at all (the same data was imported before).
        public var changedNothing: Bool { rows.allSatisfy { $0.outcome == .unchanged } }
    }

    /// Stores a plan: new areas are established (from the effective day, or from an unknown
    /// start when none was given), areas whose data changed get an `adjust` version from the
    /// plan's effective day (which must then be given), identical data is left alone.
    /// - Throws: `DomainError.conflict` when a changed area already has a version starting on
    ///   or after the effective day (history cannot be rewritten by an import).
    public func apply(_ plan: ImportPlan, options: RegistryImportOptions) async throws -> ImportSummary {
        var batch = RegistryBatch()
        var rows: [(ImportedArea, Outcome)] = []
        for imported in plan.areas {
            let version = BoundaryVersion(validFrom: options.effective, change: .establish, instrument: options.instrument,
                                          geometry: imported.boundary, zones: imported.zones, source: plan.source,
                                          sourceHash: imported.fingerprint)
            guard let existing = try await store.protectedArea(code: imported.area.code) else {
                batch.newAreas.append(AreaVersion(area: imported.area, version: version))
                rows.append((imported, .created))
                continue
            }
            let history = try await store.versions(areaID: existing.id)
            if history.last?.sourceHash == imported.fingerprint {
                rows.append((imported, .unchanged))
                continue
            }
            guard options.effective != .unknownStart else {
                throw DomainError.conflict("\(existing.code) (\(existing.name)): its data changed since the last import, so this is an adjustment and needs the day it takes effect: import again with --effective YYYY-MM-DD")
            }
            if let last = history.last, last.validFrom >= options.effective {
                throw DomainError.conflict("\(existing.code) (\(existing.name)) already has a boundary from \(last.validFrom); its data changed, so import it with --effective after \(last.validFrom)")
            }
            var adjusted = version
            adjusted.areaID = existing.id
            adjusted.change = .adjust
            batch.newVersions.append(adjusted)
            var area = imported.area
            area.id = existing.id
            area.authority = existing.authority
            if area != existing { batch.updatedAreas.append(area) }
            rows.append((imported, .adjusted))
        }
        if !batch.isEmpty { try await store.commit(batch) }
        return ImportSummary(rows: rows, warnings: plan.warnings)
    }

    /// The areas in force on `day`, optionally of one kind, with their boundary on that day.
    public func list(kind: ProtectedAreaKind? = nil, asOf day: Day = .today) async throws -> [AreaVersion] {
        try await store.versions(asOf: day).filter { kind == nil || $0.area.kind == kind }
    }

    /// Finds an area by numeric id or by code.
    /// - Throws: `DomainError.notFound` naming what was looked for.
    public func area(_ idOrCode: String) async throws -> ProtectedArea {
        if let id = Int64(idOrCode), let area = try await store.protectedArea(id: id) { return area }
        if let area = try await store.protectedArea(code: idOrCode) { return area }
        throw DomainError.notFound("no protected area with id or code '\(idOrCode)'; see `shanshui reserves list`")
    }

    /// Every version of an area, oldest first.
    public func history(_ idOrCode: String) async throws -> (area: ProtectedArea, versions: [BoundaryVersion]) {
        let area = try await area(idOrCode)
        return (area, try await store.versions(areaID: area.id))
    }

    /// The version of an area in force on `day` (nil when not yet established or withdrawn).
    public func version(of idOrCode: String, asOf day: Day) async throws -> (area: ProtectedArea, version: BoundaryVersion?, versions: [BoundaryVersion]) {
        let (area, versions) = try await history(idOrCode)
        let version = versions.last { $0.isValid(on: day) }
        return (area, version?.change == .withdraw ? nil : version, versions)
    }

    /// Gives an area a new boundary (and zones) from `plan`'s single dissolved area.
    /// - Throws: when the area is withdrawn, the day is not after the current version's start,
    ///   or the change kind is `establish`/`withdraw` (use import / withdraw for those).
    @discardableResult
    public func adjust(_ idOrCode: String, with plan: ImportPlan, effective: Day, change: BoundaryChange,
                       instrument: LegalInstrument) async throws -> BoundaryVersion {
        guard change != .establish, change != .withdraw else {
            throw DomainError.invalidValue("--change \(change.rawValue) is not an adjustment; use one of adjust, upgrade, downgrade, merge, split")
        }
        let (area, versions) = try await history(idOrCode)
        try checkCanChange(area, versions, effective)
        let boundary = try Geometry.unaryUnion(plan.areas.map(\.boundary))
        let zones = try ZoneKind.allCases.compactMap { kind -> Zone? in
            let parts = plan.areas.flatMap(\.zones).filter { $0.kind == kind }.map(\.geometry)
            return parts.isEmpty ? nil : Zone(kind: kind, geometry: try Geometry.unaryUnion(parts))
        }
        for zone in zones where !area.kind.allowedZones.contains(zone.kind) {
            throw DomainError.invalidValue("zone '\(zone.kind.rawValue)' is not allowed in a \(area.kind.rawValue)")
        }
        let version = BoundaryVersion(areaID: area.id, validFrom: effective, change: change, instrument: instrument,
                                      geometry: .multiPolygon(boundary.polygons), zones: zones, source: plan.source,
                                      sourceHash: try RegistryImport.fingerprint(area, boundary, zones))
        var batch = RegistryBatch()
        batch.newVersions = [version]
        try await store.commit(batch)
        return version
    }

    /// Withdraws an area from `effective` on: it keeps its history but no longer appears as of later days.
    public func withdraw(_ idOrCode: String, effective: Day, instrument: LegalInstrument) async throws {
        let (area, versions) = try await history(idOrCode)
        try checkCanChange(area, versions, effective)
        var batch = RegistryBatch()
        batch.newVersions = [BoundaryVersion(areaID: area.id, validFrom: effective, change: .withdraw,
                                             instrument: instrument, geometry: nil)]
        try await store.commit(batch)
    }

    private func checkCanChange(_ area: ProtectedArea, _ versions: [BoundaryVersion], _ effective: Day) throws {
        guard let last = versions.last else { return }
        if last.change == .withdraw {
            throw DomainError.conflict("\(area.code) (\(area.name)) was withdrawn on \(last.validFrom)")
        }
        guard effective > last.validFrom else {
            throw DomainError.conflict("\(area.code) (\(area.name)) has a boundary from \(last.validFrom); the new one must start later than that")
        }
    }
}
