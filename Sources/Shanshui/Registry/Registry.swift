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
        /// What was kept from the stored areas because the file does not carry it, one line per area.
        public var notes: [String] = []
        /// True when the store was not changed at all (the same data was imported before).
        public var changedNothing: Bool { rows.allSatisfy { $0.outcome == .unchanged } }
    }

    /// Stores a plan: new areas are established (from an unknown start when no effective day
    /// was given, so imagery of any year can be scanned against them), areas whose data changed get an `adjust`
    /// version from the plan's effective day, identical data is left alone. What the file does
    /// not carry (zones without `zoneField`, the level without `levelField`) is kept from the
    /// stored area and said in the summary's notes. The checks run again inside the writing
    /// transaction: of concurrent imports one wins, the others are validated anew against what it
    /// stored (the same file is then `unchanged`).
    /// - Throws: `DomainError.conflict` when a changed area already has a version starting on
    ///   or after the effective day (history cannot be rewritten by an import), or when an area
    ///   would change and no effective day was given (naming what would change).
    public func apply(_ plan: ImportPlan, options: RegistryImportOptions) async throws -> ImportSummary {
        try await retryingConcurrentChanges("the import") { try await applyOnce(plan, options: options) }
    }

    private func applyOnce(_ plan: ImportPlan, options: RegistryImportOptions) async throws -> ImportSummary {
        var batch = RegistryBatch()
        var rows: [(ImportedArea, Outcome)] = []
        var notes: [String] = []
        for planned in plan.areas {
            guard let existing = try await store.protectedArea(code: planned.area.code) else {
                batch.expectedVersionCounts[planned.area.code] = 0
                batch.newAreas.append(AreaVersion(area: planned.area, version: version(planned, plan.source, options)))
                rows.append((planned, .created))
                continue
            }
            let history = try await store.versions(areaID: existing.id)
            batch.expectedVersionCounts[existing.code] = history.count
            let current = history.last { $0.change != .withdraw }
            var imported = planned
            var kept: [String] = []
            if options.levelField == nil, imported.area.level == nil, let level = existing.level {
                imported.area.level = level
                kept.append("level \(level)")
            }
            if options.zoneField == nil, imported.zones.isEmpty, let current, !current.zones.isEmpty {
                imported.zones = try Registry.keptZones(current, within: imported.boundary, besides: [])
                kept.append("zones " + imported.zones.map(\.kind.rawValue).joined(separator: ", "))
            }
            if !kept.isEmpty {
                imported.fingerprint = try RegistryImport.fingerprint(imported.area, imported.boundary, imported.zones)
                notes.append("\(existing.code) (\(existing.name)): kept its \(kept.joined(separator: " and ")); the file does not carry them")
            }
            // Kept zones come back from the store, and a boundary delivered in another CRS comes
            // back moved by rounding, so compare them as shapes (`Geometry.sameShape`), not by hash.
            let changes = Registry.differences(existing, current, imported)
            if history.last?.sourceHash == imported.fingerprint || (history.last?.change != .withdraw && changes.isEmpty) {
                if history.last?.sourceHash != imported.fingerprint, kept.isEmpty {
                    notes.append("\(existing.code) (\(existing.name)): the same boundary and zones to within about a centimetre (rounding, e.g. from another CRS); kept as stored")
                }
                rows.append((imported, .unchanged))
                continue
            }
            guard options.effectiveGiven else {
                throw DomainError.conflict("\(existing.code) (\(existing.name)) would change (\(changes.isEmpty ? "its source data" : changes.joined(separator: "; "))); if that is meant, give --effective YYYY-MM-DD, the first day of the new boundary, else repeat the flags of the first import")
            }
            if let last = history.last, last.validFrom >= options.effective {
                throw DomainError.conflict("\(existing.code) (\(existing.name)) already has a boundary from \(last.validFrom); its data changed, so import it with --effective after \(last.validFrom)")
            }
            if let current {
                try BoundaryPlausibility().check(existing, from: current, to: imported.boundary, zones: imported.zones,
                                                 forced: options.forceReason != nil)
            }
            var adjusted = version(imported, plan.source, options)
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
        return ImportSummary(rows: rows, warnings: plan.warnings, notes: notes)
    }

    private func version(_ imported: ImportedArea, _ source: String, _ options: RegistryImportOptions) -> BoundaryVersion {
        BoundaryVersion(validFrom: options.effective, change: .establish, instrument: options.recordedInstrument,
                        geometry: imported.boundary, zones: imported.zones, source: source, sourceHash: imported.fingerprint)
    }

    /// The zones of `current` whose kinds are not in `besides`, as they lie within `boundary`
    /// and outside the zones given anew: a new boundary keeps the zoning the file does not carry.
    static func keptZones(_ current: BoundaryVersion, within boundary: Geometry, besides given: [Zone]) throws -> [Zone] {
        let givenKinds = Set(given.map(\.kind))
        let sameBoundary = try current.geometry.map { try $0.topologicallyEquals(boundary) } ?? false
        let taken = given.isEmpty ? nil : try Geometry.unaryUnion(given.map(\.geometry))
        return try current.zones.filter { !givenKinds.contains($0.kind) }.compactMap { zone in
            var geometry = zone.geometry
            if !sameBoundary { geometry = try geometry.intersection(boundary) }
            if let taken { geometry = try geometry.difference(taken) }
            let polygons = geometry.polygons
            guard !polygons.isEmpty else { return nil }
            return Zone(kind: zone.kind, geometry: sameBoundary && taken == nil ? zone.geometry
                        : polygons.count == 1 ? .polygon(polygons[0]) : .multiPolygon(polygons))
        }
    }

    /// What differs between a stored area (and its current version) and an imported one, in words.
    static func differences(_ area: ProtectedArea, _ current: BoundaryVersion?, _ imported: ImportedArea) -> [String] {
        var out: [String] = []
        if area.name != imported.area.name { out.append("name '\(area.name)' → '\(imported.area.name)'") }
        if area.kind != imported.area.kind { out.append("kind \(area.kind.rawValue) → \(imported.area.kind.rawValue)") }
        if area.level != imported.area.level { out.append("level \(area.level ?? "none") → \(imported.area.level ?? "none")") }
        guard let current else { return out }
        let before = current.geometry.map { $0.geodesicArea / 1e6 } ?? 0
        let after = imported.boundary.geodesicArea / 1e6
        let sameBoundary = (try? current.geometry?.sameShape(as: imported.boundary)) == true
        if !sameBoundary { out.append(String(format: "boundary %.2f km² → %.2f km²", before, after)) }
        let zonesBefore = current.zones.map(\.kind.rawValue).joined(separator: ", ")
        let zonesAfter = imported.zones.map(\.kind.rawValue).joined(separator: ", ")
        if zonesBefore != zonesAfter {
            out.append("zones \(zonesBefore.isEmpty ? "none" : zonesBefore) → \(zonesAfter.isEmpty ? "none" : zonesAfter)")
        } else if !sameBoundary || zip(current.zones, imported.zones).contains(where: { a, b in
            (try? a.geometry.sameShape(as: b.geometry)) != true
        }) {
            if !zonesAfter.isEmpty { out.append("zone shapes") }
        }
        return out
    }

    /// The areas in force on `day`, optionally of one kind, with their boundary on that day.
    public func list(kind: ProtectedAreaKind? = nil, asOf day: Day) async throws -> [AreaVersion] {
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

    /// Gives an area a new boundary (and zones) from `plan`'s single dissolved area. Zones of
    /// kinds the file does not carry are kept from the current version, clipped to the new
    /// boundary and to the zones the file gives (the returned version's zones show which).
    /// - Throws: when the area is withdrawn, the day is not after the current version's start,
    ///   the change kind is `establish`/`withdraw` (use import / withdraw for those), or the
    ///   change is implausible (`BoundaryPlausibility`) and not `forced`.
    @discardableResult
    public func adjust(_ idOrCode: String, with plan: ImportPlan, effective: Day, change: BoundaryChange,
                       instrument: LegalInstrument, forced: Bool = false) async throws -> BoundaryVersion {
        try await retryingConcurrentChanges("the adjustment") {
            try await adjustOnce(idOrCode, with: plan, effective: effective, change: change, instrument: instrument, forced: forced)
        }
    }

    private func adjustOnce(_ idOrCode: String, with plan: ImportPlan, effective: Day, change: BoundaryChange,
                            instrument: LegalInstrument, forced: Bool) async throws -> BoundaryVersion {
        guard change != .establish, change != .withdraw else {
            throw DomainError.invalidValue("--change \(change.rawValue) is not an adjustment; use one of adjust, upgrade, downgrade, merge, split")
        }
        let (area, versions) = try await history(idOrCode)
        try checkCanChange(area, versions, effective)
        let boundary = try Geometry.unaryUnion(plan.areas.map(\.boundary))
        let given = try ZoneKind.allCases.compactMap { kind -> Zone? in
            let parts = plan.areas.flatMap(\.zones).filter { $0.kind == kind }.map(\.geometry)
            return parts.isEmpty ? nil : Zone(kind: kind, geometry: try Geometry.unaryUnion(parts))
        }
        for zone in given where !area.kind.allowedZones.contains(zone.kind) {
            throw DomainError.invalidValue("zone '\(zone.kind.rawValue)' is not allowed in a \(area.kind.rawValue)")
        }
        // Zones the file does not carry are kept from the current version, within the new boundary.
        let kept = try versions.last.map { try Registry.keptZones($0, within: boundary, besides: given) } ?? []
        let zones = (given + kept).sorted { ZoneKind.allCases.firstIndex(of: $0.kind)! < ZoneKind.allCases.firstIndex(of: $1.kind)! }
        if let current = versions.last {
            try BoundaryPlausibility().check(area, from: current, to: boundary, zones: zones, forced: forced)
        }
        let version = BoundaryVersion(areaID: area.id, validFrom: effective, change: change, instrument: instrument,
                                      geometry: .multiPolygon(boundary.polygons), zones: zones, source: plan.source,
                                      sourceHash: try RegistryImport.fingerprint(area, boundary, zones))
        var batch = RegistryBatch()
        batch.newVersions = [version]
        batch.expectedVersionCounts = [area.code: versions.count]
        try await store.commit(batch)
        return version
    }

    /// Withdraws an area from `effective` on: it keeps its history but no longer appears as of later days.
    public func withdraw(_ idOrCode: String, effective: Day, instrument: LegalInstrument) async throws {
        try await retryingConcurrentChanges("the withdrawal") { try await withdrawOnce(idOrCode, effective: effective, instrument: instrument) }
    }

    private func withdrawOnce(_ idOrCode: String, effective: Day, instrument: LegalInstrument) async throws {
        let (area, versions) = try await history(idOrCode)
        try checkCanChange(area, versions, effective)
        var batch = RegistryBatch()
        batch.expectedVersionCounts = [area.code: versions.count]
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
