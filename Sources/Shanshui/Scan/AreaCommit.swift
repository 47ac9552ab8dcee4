/// The order of an area's commit, the same on every store: claim the pending area, take the
/// replaced cases and patches out, store the patches, number and store the new cases, extend
/// the open ones, then mark the area done with its damage. The store runs it inside one
/// transaction (`ScanStore.commitArea`), so it is all or nothing.
public enum AreaCommit {
    /// Stores `r` through `tx`.
    /// - Throws: `StoreError.constraint` when the area has no pending work (another worker
    ///   committed it); `StaleCaseError` when a case changed since it was read.
    public static func run(_ r: AreaScanResult, in tx: some AreaCommitTransaction) async throws {
        guard try await tx.areaStatus(scanID: r.scanID, areaID: r.areaID) == "pending" else {
            throw StoreError.constraint("scan \(r.scanID) has no pending work for protected area \(r.areaID)")
        }
        for (c, event) in r.replacedCases {
            try await tx.checkRevision(of: c, expected: c.revision)
            try await tx.markReplaced(caseID: c.id, by: r.scanID, revision: c.revision + 1)
            try await tx.insertEvent(event)
        }
        for old in r.replacedScans {
            try await tx.deletePatches(scanID: old, areaID: r.areaID)
        }
        let patchIDs = try await tx.insertPatches(r.patches)
        if !r.newCases.isEmpty {
            try await tx.lockCaseNumbering()  // numbers count per year: one numbering writer at a time
        }
        // Counted once per year: the lock keeps every other writer's numbers out until this commits.
        var numbered: [Int: Int] = [:]
        var opened: [NewCase] = []
        for item in r.newCases {
            let c = item.case
            let year = c.detectedOn.year
            let sequence: Int
            if let last = numbered[year] { sequence = last + 1 } else { sequence = try await tx.countCaseNumbers(matching: CaseNumber.pattern(year: year)) + 1 }
            numbered[year] = sequence
            opened.append(NewCase(case: c, number: CaseNumber.make(year: year, sequence: sequence), cellCodes: CellCodeIndex.text(c.responsibility),
                                  patchIDs: item.patchIndexes.map { patchIDs[$0] }, event: item.event))
        }
        _ = try await tx.insertNewCases(opened, scanID: r.scanID)
        for item in r.extendedCases {
            try await tx.checkRevision(of: item.case, expected: item.expectedRevision)
            try await tx.extendCase(item.case)
            for i in item.patchIndexes { try await tx.link(caseID: item.case.id, patchID: patchIDs[i]) }
            try await tx.insertEvent(item.event)
        }
        try await tx.finishArea(scanID: r.scanID, areaID: r.areaID, patches: r.patches.count, damageM2: r.damageM2)
    }
}

extension AreaScanResult {
    /// The damage the area's patches show, m²: restored patches (vegetation back) are not damage.
    public var damageM2: Double {
        patches.filter { $0.lineage != .restored }.reduce(0) { $0 + $1.areaM2 }
    }
}
