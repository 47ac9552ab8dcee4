import Foundation
import GeoKit
import Shanshui
import ShanshuiTestSupport
import Testing

/// Damage seen again on each store: a recurrence (复发) after a closed case, a sighting after a
/// permitted or false-positive one, and a rescan replacing an earlier scan's patches and cases.
@Suite("Re-detection on each store")
struct RedetectionTests {
    func withFixture(_ kind: StoreKind, damages: [Geometry] = [LedgerFixture.damage(dx: 0)],
                     _ body: (LedgerFixture) async throws -> Void) async throws {
        try await Workspaces.with(kind) { workspaces in try await body(try await LedgerFixture.make(in: workspaces, damages: damages)) }
    }

    /// Takes the first case from flagged to closed with `verdict`.
    func close(_ number: String, _ verdict: Verdict, _ f: LedgerFixture) async throws {
        try await f.ledger.perform(.dispatch(to: nil), on: number, by: "区局")
        try await f.ledger.perform(.verify(verdict), on: number, by: "李娜")
        if verdict == .confirmed {
            try await f.ledger.perform(.rectify(plan: "复绿", dueOn: f.ledger.clock.today.adding(days: 30)), on: number, by: "区局")
            try await f.ledger.perform(.accept(note: nil), on: number, by: "市局")
        }
        try await f.ledger.perform(.close, on: number, by: "市局")
    }

    /// A later scan of the fixture's reserve finding `damages`, flagged against the area's cases as the scan does.
    func rescan(_ damages: [Geometry], _ f: LedgerFixture, replacing: [Int64] = [], dropped: [Case] = []) async throws -> (scanID: Int64, result: AreaScanResult) {
        let (scanID, result) = try await rescanResult(damages, f, replacing: replacing, dropped: dropped)
        try await f.store.commitArea(result)
        return (scanID, result)
    }

    /// The later scan's result as `rescan` makes it, not yet committed.
    func rescanResult(_ damages: [Geometry], _ f: LedgerFixture, replacing: [Int64] = [], dropped: [Case] = []) async throws -> (scanID: Int64, result: AreaScanResult) {
        let scanID = try await f.store.createScan(ScanRecord(beforeEpoch: 1, afterEpoch: 2, startedAt: "2026-12-31T00:00:00Z",
                                                             parameters: .object([]), areas: [ScanAreaProgress(areaID: f.area.area.id)]))
        let patches = damages.map {
            ScanPatch(scanID: scanID, areaID: f.area.area.id, geometry: $0, activity: "mining", lineage: .new, areaM2: $0.geodesicArea,
                      perimeterM: $0.geodesicLength, confidence: 0.9, properties: .object([]))
        }
        let known = try await f.store.cases(CaseFilter(areaID: f.area.area.id)).filter { c in !dropped.contains { $0.id == c.id } }
        var result = try await CaseFlagger().flag(patches, area: f.area, openCases: known.filter(\.status.isOpen),
                                                  closedCases: known.filter { !$0.status.isOpen }, detectedOn: try Day("2026-12-31"),
                                                  responsibility: nil, scanID: scanID)
        result.replacedScans = replacing
        result.replacedCases = dropped.map { ($0, CaseEvent(caseID: $0.id, at: "2026-12-31T00:00:00Z", actor: "scan", action: "replace",
                                                            from: $0.status, to: $0.status, note: "replaced")) }
        return (scanID, result)
    }

    @Test(arguments: StoreKind.available) func aClosedCaseSeenAgainRecursAsANewCaseLinkedToIt(kind: StoreKind) async throws {
        try await withFixture(kind) { f in
            try await close("2026-000001", .confirmed, f)
            _ = try await rescan([LedgerFixture.damage(dx: 0), LedgerFixture.damage(dx: 0.0005)], f)
            let cases = try await f.ledger.list(CaseFilter())
            #expect(cases.count == 2)
            let recurrence = try #require(cases.first { $0.status == .flagged })
            #expect(recurrence.recurrenceOf?.number == "2026-000001")
            #expect(recurrence.patchIDs.count == 2, "both patches continuing the old case make one recurrence")
            let newEvents = try await f.store.events(caseID: recurrence.id)
            #expect(newEvents.map(\.action) == ["flag"])
            #expect(newEvents[0].note?.contains("recurrence (复发) of 2026-000001") == true)
            let old = try await f.ledger.history("2026-000001")
            #expect(old.case.status == .closed)
            #expect(old.events.last?.action == "recurrence")
            #expect(old.events.last?.note?.contains("recurrence (复发)") == true)
            #expect(CaseFields.properties(recurrence, today: f.ledger.clock.today)["recurrence_of"] == "2026-000001")
        }
    }

    @Test(arguments: StoreKind.available) func aPermittedOrFalsePositiveCaseSeenAgainIsASightingUnlessItGrew(kind: StoreKind) async throws {
        try await withFixture(kind, damages: [LedgerFixture.damage(dx: 0), LedgerFixture.damage(dx: 0.025)]) { f in
            let permitted = try #require(try await f.ledger.list(CaseFilter()).first { $0.area.zone == .core })
            let falsePositive = try #require(try await f.ledger.list(CaseFilter()).first { $0.area.zone != .core })
            try await close(permitted.number, .permitted(permit: "采矿许可证 C3212"), f)
            try await close(falsePositive.number, .falsePositive(reason: .seasonalVegetation, text: nil), f)
            // Both seen again, not grown: recorded on the old cases, no new case.
            _ = try await rescan([LedgerFixture.damage(dx: 0), LedgerFixture.damage(dx: 0.025)], f)
            #expect(try await f.ledger.list(CaseFilter()).count == 2)
            for number in [permitted.number, falsePositive.number] {
                let (c, events, _) = try await f.ledger.history(number)
                #expect(c.status == .closed)
                #expect(events.last?.action == "sighting")
                #expect(c.patchIDs.count == 2, "the sighting's patch is linked to the old case")
            }
            // The permitted mine grown past the growth ratio: a recurrence after all.
            _ = try await rescan([LedgerFixture.damage(dx: 0, half: 0.0015)], f)
            let cases = try await f.ledger.list(CaseFilter())
            #expect(cases.count == 3)
            #expect(cases.first { $0.status == .flagged }?.recurrenceOf?.number == permitted.number)
            #expect(try await f.store.events(caseID: permitted.id).last?.action == "recurrence")
        }
    }

    @Test(arguments: StoreKind.available) func aRescanReplacesTheEarlierPatchesAndUntouchedCasesKeepingWorkedOnOnes(kind: StoreKind) async throws {
        try await withFixture(kind, damages: [LedgerFixture.damage(dx: 0), LedgerFixture.damage(dx: 0.025)]) { f in
            let before = try await f.ledger.list(CaseFilter())
            let worked = try #require(before.first { $0.area.zone == .core }), untouched = try #require(before.first { $0.area.zone != .core })
            try await f.ledger.perform(.dispatch(to: nil), on: worked.number, by: "区局")
            let (scanID, _) = try await rescan([LedgerFixture.damage(dx: 0), LedgerFixture.damage(dx: 0.025)], f,
                                              replacing: [f.scanID], dropped: [try await f.ledger.find(untouched.number)])
            #expect(try await f.store.patches(scanID: f.scanID).isEmpty, "the earlier scan's patches are gone")
            #expect(try await f.store.patches(scanID: scanID).count == 2)
            let after = try await f.ledger.list(CaseFilter())
            #expect(after.count == 2, "no case twice")
            let kept = try #require(after.first { $0.id == worked.id })
            #expect(kept.status == .dispatched)
            #expect(try await f.store.patches(scanID: scanID).contains { $0.caseID == kept.id }, "the new patch is linked to the kept case")
            #expect(!after.contains { $0.id == untouched.id })
            #expect(try await f.store.events(caseID: untouched.id).last?.action == "replace", "its history stays")
            #expect(try await f.store.scan(f.scanID)?.areas.first?.patches == 0)
        }
    }

    @Test(arguments: StoreKind.available) func aRescanFailingAfterItsReplacementLeavesTheEarlierScanWholeAndTheNextOneCompletes(kind: StoreKind) async throws {
        try await withFixture(kind, damages: [LedgerFixture.damage(dx: 0), LedgerFixture.damage(dx: 0.025)]) { f in
            let before = try await f.ledger.list(CaseFilter())
            let worked = try #require(before.first { $0.area.zone == .core }), untouched = try #require(before.first { $0.area.zone != .core })
            try await f.ledger.perform(.dispatch(to: nil), on: worked.number, by: "区局")
            let earlierPatches = try await f.store.patches(scanID: f.scanID).map(\.id)
            let earlierProgress = try await f.store.scan(f.scanID)?.areas.first?.patches
            let (failing, result) = try await rescanResult([LedgerFixture.damage(dx: 0), LedgerFixture.damage(dx: 0.025)], f,
                                                           replacing: [f.scanID], dropped: [try await f.ledger.find(untouched.number)])
            #expect(result.extendedCases.contains { $0.case.id == worked.id }, "the kept case is checked after the replacement has run")
            // The kept case is worked on while the rescan detects: its commit fails at the last step, after deleting the
            // earlier patches and taking the untouched case out, and all of it is undone.
            try await f.ledger.perform(.verify(.confirmed), on: worked.number, by: "李娜")
            await #expect(throws: StaleCaseError.self) { try await f.store.commitArea(result) }
            #expect(try await f.store.patches(scanID: f.scanID).map(\.id) == earlierPatches, "the earlier scan's patches are all there")
            #expect(try await f.store.patches(scanID: failing).isEmpty, "none of the failed rescan's patches")
            #expect(try await f.store.scan(f.scanID)?.areas.first?.patches == earlierProgress)
            #expect(try await f.store.scan(failing)?.areas.first?.done == false, "the failed rescan's area is still to do")
            let after = try await f.ledger.list(CaseFilter())
            #expect(Set(after.map(\.id)) == Set(before.map(\.id)), "both cases are still in the ledger")
            let untouchedEvents = try await f.store.events(caseID: untouched.id).map(\.action)
            #expect(!untouchedEvents.isEmpty && !untouchedEvents.contains("replace"), "no replace event left behind: \(untouchedEvents)")
            #expect(try await f.ledger.find(worked.number).patchIDs.count == worked.patchIDs.count)

            // The next rescan, made afresh, replaces both earlier scans.
            let (scanID, _) = try await rescan([LedgerFixture.damage(dx: 0), LedgerFixture.damage(dx: 0.025)], f,
                                              replacing: [f.scanID, failing], dropped: [try await f.ledger.find(untouched.number)])
            #expect(try await f.store.patches(scanID: f.scanID).isEmpty)
            #expect(try await f.store.patches(scanID: scanID).count == 2)
            let replaced = try await f.ledger.list(CaseFilter())
            #expect(replaced.count == 2 && replaced.contains { $0.id == worked.id } && !replaced.contains { $0.id == untouched.id },
                    "the untouched case left for a new one, the worked-on one stays")
            #expect(try await f.store.events(caseID: untouched.id).last?.action == "replace")
        }
    }
}
