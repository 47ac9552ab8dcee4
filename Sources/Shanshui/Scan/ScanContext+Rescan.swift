/// A scan of an epoch pair already scanned over the same areas is refused, unless asked to
/// replace the earlier scan (`--rescan`): then, area by area and in the transaction that commits
/// the new result, the earlier scan's patches are deleted and its cases nobody has worked on
/// leave the ledger; cases already worked on are kept, and the new patches continuing them are
/// linked to them.
extension ScanContext {
    /// The earlier scans this one replaces (its `replaces` parameter).
    var replacedScans: [Int64] {
        scan.parameters["replaces"]?.arrayValue?.compactMap(\.intValue) ?? []
    }

    /// True when someone has acted on the case: anything past flagging, a supervised listing or an attachment.
    func isWorkedOn(_ c: Case) async throws -> Bool {
        if c.status != .flagged || c.supervision != nil { return true }
        return !(try await cases.attachments(caseID: c.id)).isEmpty
    }

    /// The replaced scans' cases in the area that nobody has worked on, each with the event that removes it.
    func replacedCases(in area: AreaVersion) async throws -> [(case: Case, event: CaseEvent)] {
        var out: [(case: Case, event: CaseEvent)] = []
        for old in replacedScans {
            var filter = CaseFilter(areaID: area.area.id)
            filter.scanID = old
            for c in try await cases.cases(filter) where !(try await isWorkedOn(c)) {
                out.append((c, CaseEvent(caseID: c.id, at: Ledger.timestamp(flagger.clock), actor: "scan", action: "replace", from: c.status, to: c.status,
                                         note: "scan \(scan.id) rescanned the same epochs and replaced scan \(old)'s patches; nobody had worked on "
                                             + "this case, so it leaves the ledger (its history stays)")))
            }
        }
        return out
    }
}

extension ScanRunner {
    /// Earlier scans of the same epochs sharing a protected area with `areas`, newest first.
    func earlierScans(before: Epoch, after: Epoch, areas: [Int64]) async throws -> [ScanRecord] {
        let wanted = Set(areas)
        return try await scans.scans().filter { s in
            // Imported patches (`patches import`) are a scan of their own, never a repeat of a detection.
            s.parameters["imported"] == nil && s.beforeEpoch == before.id && s.afterEpoch == after.id
                && !wanted.isDisjoint(with: s.areas.map(\.areaID))
        }.sorted { $0.id > $1.id }
    }

    /// The later scan that replaced `scan` by `--rescan`, if any: a replaced scan is never resumed.
    func replacement(of scan: ScanRecord) async throws -> ScanRecord? {
        try await scans.scans().filter { $0.id > scan.id && ($0.parameters["replaces"]?.arrayValue?.contains(.int(scan.id)) ?? false) }
            .min { $0.id < $1.id }
    }

    /// The refusal of a scan that would repeat `earlier`, naming it and the ways on.
    static func alreadyScanned(_ earlier: ScanRecord, before: Epoch, after: Epoch) -> DomainError {
        .conflict("epochs \(before.name) → \(after.name) were already scanned over these protected areas in scan \(earlier.id) (\(earlier.status.rawValue)); "
            + (earlier.status == .finished ? "" : "finish it with `shanshui scan --resume \(earlier.id)`, or ")
            + "give --rescan to replace its patches and cases (cases already worked on are kept and linked)")
    }
}
