import GeoKit

/// Re-detection of damage whose case is no longer open, for one area's flagging:
/// - the case was closed as permitted or a false positive, or transferred to another
///   department, and the patch has not grown past the growth ratio: a *sighting*, recorded on
///   the old case (the patch is linked to it); no new case;
/// - otherwise a *recurrence* (复发): a new case linked to the old one, both histories saying
///   so; every patch of the scan continuing the same old case joins that one recurrence.
struct Recurrence {
    let flagger: CaseFlagger
    /// Closed and transferred cases, newest first (the latest closure is the one continued).
    let closedCases: [Case]
    let scanID: Int64
    let actor: String
    /// The area's outline, prepared: what a case's overlap is measured against.
    let boundary: PreparedGeometry
    private var sightings: [Int64: (case: Case, indexes: [Int])] = [:]
    /// The recurrences opened, by old case id: the position of the new case in the result.
    private var opened: [Int64: (old: Case, position: Int)] = [:]

    init(flagger: CaseFlagger, closedCases: [Case], scanID: Int64, actor: String, boundary: PreparedGeometry) {
        self.flagger = flagger
        self.closedCases = closedCases.filter { !$0.status.isOpen }.sorted { $0.id > $1.id }
        self.scanID = scanID
        self.actor = actor
        self.boundary = boundary
    }

    /// True when the case ended without damage to answer for here: permitted, a false positive, or transferred.
    static func settledWithoutDamage(_ c: Case) -> Bool {
        if c.status == .transferred { return true }
        switch c.verdict {
        case .permitted, .falsePositive: return true
        case .confirmed, nil: return false
        }
    }

    /// How the case ended, for notes.
    static func settlement(_ c: Case) -> String {
        if c.status == .transferred { return "transferred to \(c.transfer?.department ?? "another department")" }
        switch c.verdict {
        case .permitted(let permit): return "closed as permitted (\(permit))"
        case .falsePositive(let reason, _): return "closed as a false positive (\(reason.rawValue))"
        case .confirmed, nil: return "closed"
        }
    }

    /// The closed (or transferred) case the patch continues, if any.
    func continued(_ patch: ScanPatch) throws -> Case? {
        closedCases.isEmpty ? nil : try flagger.continuedCase(patch, closedCases)
    }

    /// Records the patch as a sighting of `closed`, or adds it to the recurrence of `closed`
    /// already opened in this scan.
    /// - Returns: false when a new recurrence case is to be made for it.
    mutating func extend(_ closed: Case, with patch: ScanPatch, at i: Int, in result: inout AreaScanResult) throws -> Bool {
        if Self.settledWithoutDamage(closed), patch.areaM2 <= closed.geometry.geodesicArea * flagger.growthRatio {
            sightings[closed.id, default: (closed, [])].indexes.append(i)
            return true
        }
        guard let o = opened[closed.id] else { return false }
        try join([i], to: o.position, in: &result)
        return true
    }

    /// Makes the new case a recurrence of `closed` and says so in its flag event.
    mutating func open(_ c: inout Case, _ event: inout CaseEvent, of closed: Case, position: Int) {
        c.recurrenceOf = CaseReference(id: closed.id, number: closed.number)
        event.note = "recurrence (复发) of \(closed.number), \(Self.settlement(closed)): " + (event.note ?? "")
        opened[closed.id] = (closed, position)
    }

    /// Adds the old cases' events: a sighting, or the recurrence opened (which then also takes
    /// the patches that alone would have been sightings of the same case).
    func finish(_ result: inout AreaScanResult) throws {
        for (id, s) in sightings.sorted(by: { $0.key < $1.key }) {
            if let o = opened[id] {
                try join(s.indexes, to: o.position, in: &result)
                continue
            }
            var c = s.case
            c.revision += 1
            let seen = s.indexes.reduce(0) { $0 + result.patches[$1].areaM2 }
            let event = CaseEvent(caseID: c.id, at: Ledger.timestamp(flagger.clock), actor: actor, action: "sighting", from: c.status, to: c.status,
                                  note: "scan \(scanID): seen again, \(Int(seen.rounded())) m² (not grown past ×\(flagger.growthRatio) of the "
                                      + "\(Int(c.geometry.geodesicArea.rounded())) m² it had); \(Self.settlement(c)), so no new case")
            result.extendedCases.append((c, s.case.revision, s.indexes, event))
        }
        for (_, o) in opened.sorted(by: { $0.key < $1.key }) {
            var c = o.old
            c.revision += 1
            let event = CaseEvent(caseID: c.id, at: Ledger.timestamp(flagger.clock), actor: actor, action: "recurrence", from: c.status, to: c.status,
                                  note: "scan \(scanID): the damage is back after the case was \(Self.settlement(c)); "
                                      + "a recurrence (复发) is opened as a new case linked to this one")
            result.extendedCases.append((c, o.old.revision, [], event))
        }
    }

    /// Adds patches to a new case of the result: its outline, overlap and patches grow.
    private func join(_ indexes: [Int], to position: Int, in result: inout AreaScanResult) throws {
        var entry = result.newCases[position]
        entry.case.geometry = try Geometry.unaryUnion([entry.case.geometry] + indexes.map { result.patches[$0].geometry })
        entry.case.overlapM2 = try boundary.geodesicOverlap(entry.case.geometry)
        entry.patchIndexes += indexes
        result.newCases[position] = entry
    }
}
