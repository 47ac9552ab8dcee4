import Foundation
import GeoKit
import Shanshui
import ShanshuiPostGIS
import ShanshuiStore
import ShanshuiTestSupport
import Testing

/// Failures named, on each store: a stored value the code cannot read throws an error naming
/// table, column and value (never a default, never a trap), and a PostgreSQL error is a
/// constraint only when the server says so (SQLSTATE class 23).
@Suite("Store failures on each store")
struct StoreFailureTests {
    @Test(arguments: StoreKind.available) func anUnknownStoredStatusIsNamedNotReadAsFlagged(kind: StoreKind) async throws {
        try await Workspaces.with(kind) { workspaces in
            let f = try await LedgerFixture.make(in: workspaces, damages: [LedgerFixture.damage(dx: 0)])
            #expect(try workspaces.rawSQL(#"UPDATE "case" SET status = 'lost'"#).status == 0)
            let error = await #expect(throws: StoredValueError.self) { try await f.store.cases(CaseFilter()) }
            #expect(error?.table == "case" && error?.column == "status" && error?.value == "lost", "\(String(describing: error))")
            #expect(error?.description.contains("case.status: 'lost'") == true, "\(String(describing: error))")
        }
    }

    @Test(arguments: StoreKind.available) func anUnknownSeverityAndBrokenJSONAreNamed(kind: StoreKind) async throws {
        try await Workspaces.with(kind) { workspaces in
            let f = try await LedgerFixture.make(in: workspaces, damages: [LedgerFixture.damage(dx: 0)])
            #expect(try workspaces.rawSQL(#"UPDATE "case" SET severity = 'huge'"#).status == 0)
            let severity = await #expect(throws: StoredValueError.self) { try await f.ledger.find("1") }
            #expect(severity?.column == "severity" && severity?.value == "huge")
            #expect(try workspaces.rawSQL(#"UPDATE "case" SET severity = 'high', area = '{"id": "x"}'"#).status == 0)
            let area = await #expect(throws: StoredValueError.self) { try await f.ledger.find("1") }
            #expect(area?.table == "case" && area?.column == "area" && area?.value == #"{"id": "x"}"#, "\(String(describing: area))")
            let patchLineage = try workspaces.rawSQL("UPDATE patch SET change = 'sideways'")
            #expect(patchLineage.status == 0)
            let lineage = await #expect(throws: StoredValueError.self) { try await f.store.patches(scanID: nil) }
            #expect(lineage?.table == "patch" && lineage?.column == "change" && lineage?.value == "sideways")
        }
    }

    @Test(arguments: StoreKind.available) func aStoredValueOfTheWrongTypeIsNamedNotATrapAndNothingElseIsLost(kind: StoreKind) async throws {
        try await Workspaces.with(kind) { workspaces in
            let f = try await LedgerFixture.make(in: workspaces, damages: [LedgerFixture.damage(dx: 0), LedgerFixture.damage(dx: 0.01)])
            let before = try await f.store.cases(CaseFilter())
            let tampered = try #require(before.first)
            #expect(before.count == 2)
            // SQLite keeps whatever it is given: text in an integer column is read back as text.
            // PostgreSQL keeps a column's type, so there the column itself becomes text.
            let tamper = kind == .spatiaLite
                ? #"UPDATE "case" SET revision = 'three' WHERE id = \#(tampered.id)"#
                : #"ALTER TABLE "case" ALTER COLUMN revision TYPE text USING (CASE WHEN id = \#(tampered.id) THEN 'three' ELSE revision::text END)"#
            #expect(try workspaces.rawSQL(tamper).status == 0)
            let error = await #expect(throws: StoredValueError.self) { try await f.store.case(String(tampered.id)) }
            #expect(error?.table == "case" && error?.column == "revision" && error?.value == "three", "\(String(describing: error))")
            #expect(error?.storedType == "text" && error?.expected == "a value of type Int", "\(String(describing: error))")
            #expect(error?.description.contains("case.revision: 'three' (text) is not a value of type Int") == true, "\(String(describing: error))")
            // Repaired, every case reads back as it was: the failed read lost nothing.
            let repair = kind == .spatiaLite
                ? #"UPDATE "case" SET revision = \#(tampered.revision) WHERE id = \#(tampered.id)"#
                : #"ALTER TABLE "case" ALTER COLUMN revision TYPE bigint USING (CASE WHEN revision = 'three' THEN \#(tampered.revision) ELSE revision::bigint END)"#
            #expect(try workspaces.rawSQL(repair).status == 0)
            #expect(try await f.store.cases(CaseFilter()) == before)
            #expect(try await f.store.events(caseID: tampered.id).count == (try await f.store.events(caseID: before[1].id).count))
        }
    }

    @Test(.disabled(if: StoreKind.server == nil, StoreKind.skipReason))
    func onlySQLStateClass23IsAConstraintOtherServerErrorsKeepTheirMessage() async throws {
        try await Workspaces.with(.postGIS) { workspaces in
            let store = try await workspaces.make()
            // A scan of epochs that do not exist breaks a foreign key: SQLSTATE 23503.
            let constraint = await #expect(throws: StoreError.self) {
                try await store.createScan(ScanRecord(beforeEpoch: 998, afterEpoch: 999, startedAt: "2026-07-01T00:00:00Z", parameters: .object([]), areas: []))
            }
            guard case .constraint(let message)? = constraint else { Issue.record("\(String(describing: constraint))"); return }
            #expect(message.contains("foreign key"), "\(message)")
            // A table gone behind the store's back is the server's failure, with its message: not a constraint.
            #expect(try workspaces.rawSQL("DROP TABLE case_attachment").status == 0)
            let server = await #expect(throws: StoreError.self) { try await store.attachments(caseID: 1) }
            guard case .server(let text)? = server else { Issue.record("\(String(describing: server))"); return }
            #expect(text.contains("case_attachment") && text.contains("42P01"), "\(text)")
        }
    }

    @Test(arguments: StoreKind.available) func theJobQueueIsAStoreCapability(kind: StoreKind) async throws {
        try await Workspaces.with(kind) { workspaces in
            let store = try await workspaces.make()
            #expect((store.jobQueue != nil) == (kind == .postGIS), "distributed scans need the shared database")
        }
    }
}
