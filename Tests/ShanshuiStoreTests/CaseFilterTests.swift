import Foundation
import GeoKit
import Shanshui
import ShanshuiTestSupport
import Testing

/// The store filters, counts and pages cases in SQL: every filter of a case list, overdue
/// included, gives what reading every case and filtering in Swift gives, and a listing never
/// escalates (escalation is its own step, recorded in history).
@Suite("Case filters in the store")
struct CaseFilterTests {
    @Test(arguments: StoreKind.available) func filteredPagesEqualAFullReadFilteredInSwift(kind: StoreKind) async throws {
        try await Workspaces.with(kind) { workspaces in
            let f = try await LedgerFixture.make(in: workspaces, damages: (0..<6).map { LedgerFixture.damage(dx: -0.03 + Double($0) * 0.012) })
            let day = try Day("2026-07-02")
            let fp = Verdict.falsePositive(reason: .cloudOrShadow, text: nil)
            let steps: [String: [CaseAction]] = [
                "2026-000002": [.dispatch(to: nil)],
                "2026-000003": [.dispatch(to: nil), .verify(.confirmed)],
                "2026-000004": [.dispatch(to: nil), .verify(fp)],
                "2026-000005": [.dispatch(to: nil), .verify(.confirmed), .rectify(plan: "复绿", dueOn: try Day("2026-12-31"))],
                "2026-000006": [.dispatch(to: nil), .verify(fp), .close],
            ]
            for (number, actions) in steps { for a in actions { try await f.ledger.perform(a, on: number, by: "李娜", today: day) } }
            try await f.ledger.perform(.supervise(level: "省级"), on: "2026-000002", by: "督办", today: day)

            let everything = try await f.store.cases(CaseFilter())
            #expect(everything.count == 6)
            var filters: [(CaseFilter, (Case) -> Bool)] = []
            for status in [nil] + CaseStatus.allCases {
                for cell in [nil, "321202", "321202001"] {
                    for overdue in [nil, "2026-07-15", "2026-09-01", "2027-02-01"].map({ $0.flatMap { try? Day($0) } }) {
                        var filter = CaseFilter(status: status, cellCode: cell)
                        filter.overdueOn = overdue
                        filters.append((filter, { c in
                            (status == nil || c.status == status) && (overdue.map { c.isOverdue(on: $0) } ?? true)
                                && (cell.map { code in c.responsibility?.chain.contains { $0.code == code } == true } ?? true)
                        }))
                    }
                }
            }
            var supervised = CaseFilter()
            supervised.supervised = true
            filters.append((supervised, { $0.supervision != nil }))
            var someOverdue = 0
            for (filter, keep) in filters {
                let expected = everything.filter(keep).map(\.id)
                #expect(try await f.store.cases(filter).map(\.id) == expected, "\(filter)")
                #expect(try await f.store.caseCount(filter) == expected.count, "\(filter)")
                #expect(try await f.store.cases(filter, offset: 1, limit: 2).map(\.id) == Array(expected.dropFirst(1).prefix(2)), "\(filter)")
                if filter.overdueOn != nil && !expected.isEmpty { someOverdue += 1 }
            }
            #expect(someOverdue > 0, "the overdue filters matched something")
            // Each overdue rule is seen: a verified false positive is not overdue, a confirmed one is.
            var late = CaseFilter()
            late.overdueOn = try Day("2026-09-01")
            let overdue = Set(try await f.store.cases(late).map(\.number))
            #expect(overdue.contains("2026-000003") && !overdue.contains("2026-000004") && !overdue.contains("2026-000006"), "\(overdue)")

            // Listing, even long overdue, writes nothing: no case changes revision and no event is added.
            let before = try await f.store.cases(CaseFilter()).map(\.revision)
            let eventsBefore = try await f.store.events(caseID: everything[0].id).count
            _ = try await f.ledger.list(CaseFilter(), overdueOnly: true, today: try Day("2027-06-01"))
            _ = try await f.store.cases(late, offset: 0, limit: 10)
            #expect(try await f.store.cases(CaseFilter()).map(\.revision) == before, "a listing only reads")
            #expect(try await f.store.events(caseID: everything[0].id).count == eventsBefore)
        }
    }
}
