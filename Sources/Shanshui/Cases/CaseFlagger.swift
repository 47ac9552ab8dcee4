import GeoKit

/// Answers "who was responsible for this land on that day" (the grid service does).
public protocol ResponsibilityResolver: Sendable {
    /// The village cell with the largest overlap, its chain to the county, and its people on `day`.
    func responsibility(for geometry: Geometry, on day: Day) async throws -> ResponsibilitySnapshot?
}

/// Turns one protected area's patches into ledger changes: lineage against earlier scans, then
/// new cases for damage touching the area, or extensions of the open cases it continues.
public struct CaseFlagger: Sendable {
    public var severity: SeverityPolicy = .standard
    /// Days from flagging (the case entering the ledger) to the verification due day.
    public var verificationDays: Int = 30
    /// A patch this much larger than the one before it has `expanded`; smaller growth is `persisting`.
    public var growthRatio: Double = 1.1
    /// Patches less confident than this are stored as patches but kept out of the ledger: they
    /// neither open nor extend a case.
    public var minimumConfidence: Double = 0
    /// Where the time of the events it writes comes from.
    public var clock: WallClock = .system

    /// Default rules.
    public init() {}

    /// Sets each patch's lineage and previous patch from the earlier patches it overlaps.
    public func resolveLineage(_ patches: inout [ScanPatch], restored: Set<Int>, earlier: [ScanPatch]) throws {
        let candidates = earlier.filter { $0.lineage != .restored }
        for i in patches.indices {
            if restored.contains(i) {
                patches[i].lineage = .restored
                continue
            }
            var best: (patch: ScanPatch, overlap: Double)?
            for e in candidates where e.geometry.envelope.flatMap({ box in patches[i].geometry.envelope.map(box.intersects) }) == true {
                let overlap = try patches[i].geometry.intersection(e.geometry).geodesicArea
                if overlap > 0, overlap > (best?.overlap ?? 0) { best = (e, overlap) }
            }
            guard let best else {
                patches[i].lineage = .new
                continue
            }
            patches[i].previousPatchID = best.patch.id
            patches[i].lineage = patches[i].areaM2 > best.patch.areaM2 * growthRatio ? .expanded : .persisting
        }
    }

    /// Builds the ledger changes for one area.
    /// - Parameters:
    ///   - area: the protected area and its boundary version on the detection day.
    ///   - openCases: the area's open cases (to extend rather than duplicate).
    ///   - closedCases: the area's closed and transferred cases: damage continuing one is a
    ///     recurrence (复发) or a sighting (see `Recurrence`).
    ///   - day: the after-epoch date: responsibility is looked up on it (kept for the record).
    ///   - flaggedOn: the day the case enters the ledger (the clock's day when nil); verification
    ///     is due `verificationDays` later.
    ///   - routing: who answers for the land on `flaggedOn`, whom the case goes to; `responsibility`
    ///     asked for `flaggedOn` when nil.
    public func flag(_ patches: [ScanPatch], area: AreaVersion, openCases: [Case], closedCases: [Case] = [], detectedOn day: Day, flaggedOn: Day? = nil,
                     responsibility: (any ResponsibilityResolver)?, routing: (any ResponsibilityResolver)? = nil,
                     scanID: Int64, actor: String = "scan") async throws -> AreaScanResult {
        let flaggedOn = flaggedOn ?? clock.today
        var result = AreaScanResult(scanID: scanID, areaID: area.area.id, patches: patches)
        guard let boundary = area.version.geometry else { return result }
        let prepared = try PreparedGeometry(boundary)
        let zones = try area.version.zones.map { (kind: $0.kind, outline: try PreparedGeometry($0.geometry)) }
        var extended: [Int64: (case: Case, revision: Int, indexes: [Int])] = [:]
        var recurrence = Recurrence(flagger: self, closedCases: closedCases, scanID: scanID, actor: actor, boundary: prepared)
        for (i, patch) in patches.enumerated() where patch.lineage != .restored && patch.confidence >= minimumConfidence {
            guard try prepared.intersects(patch.geometry) else { continue }
            if let open = try continuedCase(patch, openCases) {
                var entry = extended[open.id] ?? (open, open.revision, [])
                entry.case.geometry = try Geometry.unaryUnion([entry.case.geometry, patch.geometry])
                entry.case.overlapM2 = try prepared.geodesicOverlap(entry.case.geometry)
                if patch.lineage == .expanded || patch.areaM2 > 0 && entry.case.geometry.geodesicArea > open.geometry.geodesicArea * growthRatio {
                    entry.case.expanded = true
                }
                entry.indexes.append(i)
                extended[open.id] = entry
                continue
            }
            let closed = try recurrence.continued(patch)
            if let closed, try recurrence.extend(closed, with: patch, at: i, in: &result) { continue }
            let own = patch.geometry.geodesicArea
            let zone = try worstZone(patch.geometry, own, zones, area)
            let overlap = try prepared.geodesicOverlap(patch.geometry, area: own)
            var c = Case(severity: severity.severity(kind: area.area.kind, zone: zone),
                         area: CaseArea(id: area.area.id, code: area.area.code, name: area.area.name, kind: area.area.kind, zone: zone),
                         activity: patch.activity, geometry: patch.geometry, overlapM2: overlap, patchIDs: [],
                         responsibility: try await responsibility?.responsibility(for: patch.geometry, on: day),
                         detectedOn: day, dueOn: flaggedOn.adding(days: verificationDays),
                         routing: try await (routing ?? responsibility)?.responsibility(for: patch.geometry, on: flaggedOn), routedOn: flaggedOn)
            var event = CaseEvent(caseID: 0, at: Ledger.timestamp(clock), actor: actor, action: "flag", from: nil, to: .flagged,
                                  note: "\(patch.activity), \(Int(overlap.rounded())) m² in \(area.area.name)\(zone.map { " (\($0.rawValue))" } ?? ""), scan \(scanID)")
            if let closed { recurrence.open(&c, &event, of: closed, position: result.newCases.count) }
            Notices.attach(to: &event, case: c)
            result.newCases.append((c, [i], event))
        }
        try recurrence.finish(&result)
        for (_, entry) in extended.sorted(by: { $0.key < $1.key }) {
            var c = entry.case
            c.revision = entry.revision + 1
            let event = CaseEvent(caseID: c.id, at: Ledger.timestamp(clock), actor: actor, action: c.expanded ? "expand" : "persist",
                                  from: c.status, to: c.status,
                                  note: "scan \(scanID): \(entry.indexes.count) patch(es) \(c.expanded ? "grew the damage" : "show it persisting"), overlap now \(Int(c.overlapM2.rounded())) m²")
            result.extendedCases.append((c, entry.revision, entry.indexes, event))
        }
        return result
    }

    /// The open case this patch continues: one owning the patch it descends from, or one it overlaps.
    func continuedCase(_ patch: ScanPatch, _ openCases: [Case]) throws -> Case? {
        if let previous = patch.previousPatchID, let c = openCases.first(where: { $0.patchIDs.contains(previous) }) { return c }
        for c in openCases where c.geometry.envelope.flatMap({ box in patch.geometry.envelope.map(box.intersects) }) == true {
            if try c.geometry.intersects(patch.geometry) { return c }
        }
        return nil
    }

    /// The most severe zone the patch touches (ties: the larger overlap), nil for areas without zones.
    private func worstZone(_ g: Geometry, _ own: Double, _ zones: [(kind: ZoneKind, outline: PreparedGeometry)], _ area: AreaVersion) throws -> ZoneKind? {
        var best: (zone: ZoneKind, severity: Severity, overlap: Double)?
        for z in zones {
            let overlap = try z.outline.geodesicOverlap(g, area: own)
            guard overlap > 0 else { continue }
            let s = severity.severity(kind: area.area.kind, zone: z.kind)
            if best == nil || s > best!.severity || (s == best!.severity && overlap > best!.overlap) { best = (z.kind, s, overlap) }
        }
        return best?.zone
    }
}
