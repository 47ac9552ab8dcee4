import Crypto
import Foundation
import GeoKit
import Shanshui
import ShanshuiTestSupport
import Testing

@Suite("Problem ledger on each store")
struct LedgerTests {
    func withFixture(_ kind: StoreKind, damages: [Geometry] = [LedgerFixture.damage(dx: 0)],
                     _ body: (LedgerFixture, Workspaces) async throws -> Void) async throws {
        try await Workspaces.with(kind) { workspaces in
            try await body(try await LedgerFixture.make(in: workspaces, damages: damages), workspaces)
        }
    }

    @Test(arguments: StoreKind.available) func coreZoneMineBecomesHighSeverityCase(kind: StoreKind) async throws {
        try await withFixture(kind, damages: [LedgerFixture.damage(dx: 0), LedgerFixture.damage(dx: 0.025)]) { f, _ in
            let cases = try await f.ledger.list(CaseFilter(), today: try Day("2026-07-01"))
            #expect(cases.count == 2)
            let core = try #require(cases.first { $0.area.zone == .core })
            #expect(core.severity == .high)
            #expect(core.number == "2026-000001")
            #expect(core.dueOn == (try Day("2026-07-30")))
            #expect(core.responsibility?.cell?.code == "321202001001")
            let experimental = try #require(cases.first { $0.area.zone == .experimental })
            #expect(experimental.severity == .medium)
            let events = try await f.store.events(caseID: core.id)
            #expect(events.map(\.action) == ["flag"])
        }
    }

    @Test(arguments: StoreKind.available) func fullLifecycleIsLogged(kind: StoreKind) async throws {
        try await withFixture(kind) { f, _ in
            let day = try Day("2026-07-02")
            try await f.ledger.perform(.dispatch(to: nil), on: "2026-000001", by: "区局", today: day)
            try await f.ledger.perform(.verify(.confirmed), on: "2026-000001", by: "李娜", today: day)
            try await f.ledger.perform(.rectify(plan: "停止采砂，复绿", dueOn: try Day("2026-12-31")), on: "2026-000001", by: "区局", today: day)
            try await f.ledger.perform(.accept(note: "复绿完成"), on: "2026-000001", by: "市局", today: day)
            let closed = try await f.ledger.perform(.close, on: "2026-000001", by: "市局", today: day)
            #expect(closed.status == .closed)
            let (c, events, _) = try await f.ledger.history("2026-000001")
            #expect(c.rectification?.acceptance == "复绿完成")
            #expect(events.map(\.action) == ["flag", "dispatch", "verify", "rectify", "accept", "close"])
            #expect(events.map(\.actor) == ["scan", "区局", "李娜", "区局", "市局", "市局"])
            #expect(events.last?.from == .accepted)
        }
    }

    @Test(arguments: StoreKind.available) func everyIllegalTransitionIsRefusedNamingTheAllowedOnes(kind: StoreKind) async throws {
        try await withFixture(kind) { f, _ in
            let day = try Day("2026-07-02")
            let all: [CaseAction] = [.dispatch(to: nil), .verify(.confirmed), .rectify(plan: "p", dueOn: try Day("2027-01-01")),
                                     .accept(note: nil), .close, .transfer(Transfer(department: "公安", receipt: "R1")), .supervise(level: "省级")]
            // Walk the happy path; at each state every action not allowed must be refused and change nothing.
            let path: [CaseAction] = [.dispatch(to: nil), .verify(.confirmed), .rectify(plan: "p", dueOn: try Day("2027-01-01")), .accept(note: nil), .close]
            for step in path + [nil] as [CaseAction?] {
                let c = try await f.ledger.find("2026-000001")
                let allowed = CaseLifecycle.allowedActions(for: c)
                for action in all where !allowed.contains(action.name) {
                    await #expect {
                        try await f.ledger.perform(action, on: "2026-000001", by: "x", today: day)
                    } throws: { error in
                        "\(error)".contains("'\(action.name)' is not allowed") && "\(error)".contains("allowed: ")
                    }
                }
                #expect(try await f.ledger.find("2026-000001").revision == c.revision)
                if let step { try await f.ledger.perform(step, on: "2026-000001", by: "officer", today: day) }
            }
        }
    }

    @Test(arguments: StoreKind.available) func falsePositiveClosesAfterVerificationAndTransferEnds(kind: StoreKind) async throws {
        try await withFixture(kind, damages: [LedgerFixture.damage(dx: 0), LedgerFixture.damage(dx: 0.025)]) { f, _ in
            let day = try Day("2026-07-02")
            try await f.ledger.perform(.dispatch(to: nil), on: "2026-000001", by: "a", today: day)
            try await f.ledger.perform(.verify(.falsePositive(reason: .seasonalVegetation, text: "冬小麦收割")), on: "2026-000001", by: "a", today: day)
            #expect(CaseLifecycle.allowedActions(for: try await f.ledger.find("2026-000001")).first == "close")
            try await f.ledger.perform(.close, on: "2026-000001", by: "a", today: day)
            let t = try await f.ledger.perform(.transfer(Transfer(department: "自然资源局", receipt: "移-2026-7")), on: "2026-000002", by: "b", today: day)
            #expect(t.status == .transferred)
            #expect(CaseLifecycle.allowedActions(for: t).isEmpty)
        }
    }

    @Test(arguments: StoreKind.available) func staleRevisionIsRefused(kind: StoreKind) async throws {
        try await withFixture(kind) { f, _ in
            let seen = try await f.ledger.find("2026-000001")
            try await f.ledger.perform(.dispatch(to: nil), on: "2026-000001", by: "a", today: try Day("2026-07-02"))
            await #expect(throws: StaleCaseError.self) {
                try await f.ledger.perform(.supervise(level: "省级"), on: "2026-000001", by: "b", expectedRevision: seen.revision)
            }
        }
    }

    @Test(arguments: StoreKind.available) func overdueCasesAreListedAndEscalated(kind: StoreKind) async throws {
        try await withFixture(kind) { f, _ in
            let soon = try await f.ledger.list(CaseFilter(), overdueOnly: true, today: try Day("2026-07-30"))
            #expect(soon.isEmpty)
            let late = try await f.ledger.list(CaseFilter(), overdueOnly: true, today: try Day("2026-08-15"))
            #expect(late.count == 1)
            #expect(late[0].supervision == nil)
            #expect(try await f.ledger.list(CaseFilter(), today: try Day("2026-09-15"))[0].supervision == nil, "a listing only reads")
            let escalated = try await f.ledger.escalateOverdue(today: try Day("2026-09-15"))
            #expect(escalated[0].supervision?.by == "system")
            let events = try await f.store.events(caseID: escalated[0].id)
            #expect(events.last?.actor == "system")
            #expect(events.last?.note?.contains("overdue by 47 days") == true)
            var supervised = CaseFilter()
            supervised.supervised = true
            #expect(try await f.ledger.list(supervised, today: try Day("2026-09-15")).count == 1)
        }
    }

    @Test(arguments: StoreKind.available) func auditLogIsAppendOnly(kind: StoreKind) async throws {
        try await withFixture(kind) { f, workspaces in
            // REPLACE (SQLite) and UPSERT would rewrite the first entry through an insert.
            var rewrites = ["UPDATE case_event SET actor = 'someone else'", "DELETE FROM case_event",
                            "INSERT INTO case_event (id, case_id, at, actor, action, to_status) VALUES (1, 1, 'x', 'someone else', 'flag', 'flagged') "
                                + "ON CONFLICT (id) DO UPDATE SET actor = excluded.actor"]
            if kind == .spatiaLite {
                rewrites.append("REPLACE INTO case_event (id, case_id, at, actor, action, to_status) VALUES (1, 1, 'x', 'someone else', 'flag', 'flagged')")
            }
            for sql in rewrites {
                let (status, error) = try workspaces.rawSQL(sql)
                #expect(status != 0)
                #expect(error.contains("append-only"))
            }
            #expect(try await f.store.events(caseID: 1).first?.actor == "scan")
        }
    }

    @Test(arguments: StoreKind.available) func hashChainCatchesAnEntryChangedBehindTheStoresBack(kind: StoreKind) async throws {
        try await withFixture(kind) { f, workspaces in
            try await f.ledger.perform(.dispatch(to: nil), on: "2026-000001", by: "区局", note: "去现场", today: try Day("2026-07-02"))
            let events = try await f.store.events(caseID: 1)
            #expect(events.count == 2)
            #expect(events.allSatisfy { $0.hash?.count == 64 })
            var intact = try await f.ledger.verifyLog()
            #expect(intact.breaks.isEmpty)
            #expect(intact.events == 2)
            // Someone with the database drops the guard and rewrites the note of the dispatch.
            let drop = kind == .spatiaLite ? "DROP TRIGGER case_event_no_update" : "DROP TRIGGER case_event_no_change ON case_event"
            let (status, error) = try workspaces.rawSQL("\(drop); UPDATE case_event SET note = '没去' WHERE action = 'dispatch'")
            #expect(status == 0, "\(error)")
            intact = try await f.ledger.verifyLog()
            #expect(intact.breaks.count == 1)
            #expect(intact.breaks.first?.caseNumber == "2026-000001")
            #expect(intact.breaks.first?.position == 2)
        }
    }

    @Test(arguments: StoreKind.available) func photoWithGPSIsHashedAndMeasured(kind: StoreKind) async throws {
        try await withFixture(kind) { f, _ in
            let near = try Photo.make(in: f.dir, name: "near.jpg", at: Coordinate(LedgerFixture.center.x + 0.0005, LedgerFixture.center.y))
            let far = try Photo.make(in: f.dir, name: "far.jpg", at: Coordinate(LedgerFixture.center.x + 0.01, LedgerFixture.center.y))
            let evidence = f.dir.appendingPathComponent("evidence").path
            let (a, w1) = try await f.ledger.attach(photo: near, to: "2026-000001", by: "李娜", evidenceDirectory: evidence)
            #expect(w1 == nil)
            #expect(a.distanceM == 0)
            #expect(a.sha256 == SHA256.hex(try Data(contentsOf: URL(fileURLWithPath: near))))
            #expect(FileManager.default.fileExists(atPath: evidence + "/" + a.path))
            let (b, w2) = try await f.ledger.attach(photo: far, to: "2026-000001", by: "李娜", evidenceDirectory: evidence)
            #expect((b.distanceM ?? 0) > 700)
            #expect(w2?.contains("more than 200 m") == true)
            #expect(try await f.store.attachments(caseID: 1).count == 2)
            // Stored under the content hash, whatever the file was called.
            #expect(a.path == "2026-000001/photo-\(a.sha256).jpg")
        }
    }

    /// The revision a photo was taken against is checked in the store's own transaction, so a change
    /// committed between the ledger's read and the write cannot slip a photo under a state nobody saw.
    @Test(arguments: StoreKind.available) func aPhotoOfARevisionChangedBeforeItsWriteIsRefusedByTheStore(kind: StoreKind) async throws {
        try await withFixture(kind) { f, _ in
            let seen = try await f.ledger.find("2026-000001")
            let events = try await f.store.events(caseID: seen.id).count
            try await f.ledger.perform(.dispatch(to: nil), on: "2026-000001", by: "区局", today: try Day("2026-07-02"))
            let photo = Attachment(caseID: seen.id, path: "2026-000001/photo-x.jpg", sha256: String(repeating: "0", count: 64), by: "李娜",
                                   at: "2026-07-02T08:00:00Z", position: nil, distanceM: nil)
            let event = CaseEvent(caseID: seen.id, at: photo.at, actor: "李娜", action: "attach", from: seen.status, to: seen.status, note: "photo")
            await #expect(throws: StaleCaseError.self) {
                try await f.store.attach(photo, to: seen, expectedRevision: seen.revision, event: event)
            }
            #expect(try await f.store.attachments(caseID: seen.id).isEmpty, "nothing filed")
            #expect(try await f.store.events(caseID: seen.id).count == events + 1, "only the dispatch was logged")
            let now = try await f.ledger.find("2026-000001")
            try await f.store.attach(photo, to: now, expectedRevision: now.revision, event: event)
            #expect(try await f.store.attachments(caseID: seen.id).count == 1, "on the revision it saw, it is filed")
        }
    }

    @Test(arguments: StoreKind.available) func onlyRealImagesAreAttached(kind: StoreKind) async throws {
        try await withFixture(kind) { f, _ in
            let evidence = f.dir.appendingPathComponent("evidence").path
            let text = f.dir.appendingPathComponent("passwd.jpg")
            try Data("root:x:0:0:root:/root:/bin/bash\n".utf8).write(to: text)
            for path in ["/etc/passwd", text.path, f.dir.path] {
                await #expect(throws: DomainError.self, "\(path) attached") {
                    try await f.ledger.attach(photo: path, to: "2026-000001", by: "李娜", evidenceDirectory: evidence)
                }
            }
            #expect(try await f.store.attachments(caseID: 1).isEmpty)
            #expect(PhotoType.sniff(Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10])) == .jpeg)
            #expect(PhotoType.sniff(Data("RIFF\0\0\0\0WEBPVP8 ".utf8)) == .webp)
            #expect(PhotoType.sniff(Data("\0\0\0\u{18}ftypheic".utf8)) == .heic)
            #expect(PhotoType.sniff(Data("GIF89a".utf8)) == nil)
        }
    }
}
