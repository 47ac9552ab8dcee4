import Foundation
import GeoKit
import Shanshui
import ShanshuiPostGIS
import ShanshuiStore
import ShanshuiTestSupport
import Testing

/// `shanshui notify` against real receivers on loopback: a webhook receiver (HMAC-signed JSON),
/// an SMTP sink (aiosmtpd) and an SMS gateway (the webhook profile).
@Suite("notify end to end", .serialized)
struct NotifyEndToEndTests {
    static let secret = "s3cret-钥匙"

    /// The routing world scanned once with the sheet in force: cases routed to a head per village and two shared staff
    /// (in `db` when given, e.g. a PostGIS database).
    static func scannedWorld(in dir: URL, db: String? = nil) throws -> CLIWorkspace {
        let (ws, _) = try RoutingEndToEndTests.unassignedWorld(in: dir, db: db)
        try ws.run(["grid", "assign", "--csv", try RoutingEndToEndTests.sheet(ws, effective: "2020-01-01")])
        try ws.run(["scan", "E1", "E2", "--buffer", "200", "--quiet"])
        return ws
    }

    /// The workspace's whole outbox, read in this process from either store.
    static func outbox(_ ws: CLIWorkspace) async throws -> [OutboxEntry] {
        guard ws.db.hasPrefix("postgres") else { return try await SpatiaLiteStore(path: ws.db).outbox(state: nil) }
        let store = try PostGISStore(url: ws.db, maximumConnections: 1)
        do {
            let all = try await store.outbox(state: nil)
            await store.shutdown()
            return all
        } catch {
            await store.shutdown()
            throw error
        }
    }

    /// Runs `body` in a fresh folder with the scanned world in a store of `kind`.
    static func withScannedWorld(_ kind: RaceStore, _ body: (URL, CLIWorkspace) async throws -> Void) async throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await kind.with(in: dir) { db in try await body(dir, try Self.scannedWorld(in: dir, db: db)) }
    }

    @Test(arguments: RaceStore.available) func aWorkerKilledMidDeliveryLosesNothingAndEveryMessageCarriesItsId(kind: RaceStore) async throws {
        try await Self.withScannedWorld(kind) { dir, ws in
            let hooks = try LoopbackSink("webhook_sink.py", in: dir, name: "hooks", arguments: ["--secret", Self.secret, "--stall-first", "600"])
            let mail = try LoopbackSink("smtp_sink.py", in: dir, name: "mail")
            #expect(hooks.port > 0 && mail.port > 0)
            for q in RoutingEndToEndTests.quadrants {
                let phone = String(q.head.split(separator: ":")[1])
                try ws.run(["grid", "contact", phone, "--name", String(q.head.split(separator: ":")[0]), "--channel", "webhook",
                            "--address", "http://127.0.0.1:\(hooks.port)/hook"])
            }
            try ws.run(["grid", "contact", "13900000001", "--name", "赵甲", "--channel", "email", "--address", "zhaojia@example.org"])
            try ws.run(["grid", "contact", "13900000002", "--name", "钱乙", "--channel", "sms"])
            let queued = try await Self.outbox(ws)
            let cases = try ws.cases()
            #expect(queued.count == cases.count * 3, "each new case tells its head and both staff")
            #expect(queued.allSatisfy { $0.notice.kind == .newCase })

            let common = ["notify", "--webhook-secret", Self.secret, "--smtp", "127.0.0.1:\(mail.port)", "--smtp-from", "shanshui@example.org",
                          "--sms-gateway", "http://127.0.0.1:\(hooks.port)/sms", "--lease", "2", "--backoff", "0",
                          "--timeout", "600"]  // the stalled delivery never times out before the kill, however loaded the machine
            // The first worker is killed while the webhook receiver holds its first delivery.
            let doomed = try ShanshuiCommand.Background(common + ["--poll", "0.2"], in: dir, environment: ["SHANSHUI_DB": ws.db])
            let end = Date().addingTimeInterval(120)
            while !FileManager.default.fileExists(atPath: hooks.log + ".stalling"), Date() < end { try await Task.sleep(nanoseconds: 50_000_000) }
            #expect(FileManager.default.fileExists(atPath: hooks.log + ".stalling"), "\(doomed.stderr)")
            doomed.kill()
            #expect(try await Self.outbox(ws).contains { $0.state == .sending }, "the killed worker held a notice")
            try await Task.sleep(nanoseconds: 2_500_000_000)  // its lease runs out
            let second = try ws.run(common + ["--once"])
            #expect(second.stdout.contains("0 dead"), "\(second.stdout) \(second.stderr)")

            let after = try await Self.outbox(ws)
            #expect(after.allSatisfy { $0.state == .sent }, "\(after.filter { $0.state != .sent }.map(\.lastError))")
            #expect(try ws.run(["notify", "status"]).stdout.contains("pending 0, failed 0, sending 0, sent \(queued.count), dead 0"))
            // Every notice arrived at least once, each delivery carrying the notice's id.
            let posts = hooks.records
            #expect(posts.allSatisfy { $0["signature_ok"] == true && $0["id"] == $0["idempotency"] })
            #expect(posts.allSatisfy { $0["id"] == $0["body"]?["id"] })
            let emails = mail.records
            #expect(emails.allSatisfy { $0["to"] == .array(["zhaojia@example.org"]) && ($0["data"]?.stringValue ?? "").contains("Subject: =?UTF-8?B?") })
            let mailed = emails.compactMap { e in
                (e["data"]?.stringValue ?? "").split(separator: "\r\n").first { $0.hasPrefix("X-Shanshui-Id: ") }.map { String($0.dropFirst(15)) }
            }
            var arrived: [String: Int] = [:]
            for id in posts.compactMap({ $0["id"]?.stringValue }) + mailed { arrived[id, default: 0] += 1 }
            for e in queued { #expect(arrived[e.notice.id, default: 0] >= 1, "notice \(e.notice.id) to \(e.notice.recipient) never arrived") }
            #expect(arrived.values.contains { $0 >= 2 }, "the notice held by the killed worker came again, with the same id")
            #expect(posts.contains { $0["path"] == "/sms" && $0["body"]?["to"] == "13900000002" })
            #expect(posts.contains { $0["path"] == "/hook" && $0["body"]?["case"]?["number"] != nil })
        }
    }

    @Test func contactsComeFromTheSheetsChannelAndAddressColumns() async throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (ws, _) = try RoutingEndToEndTests.unassignedWorld(in: dir)
        let cell = RoutingEndToEndTests.quadrants[0].code
        let sheet = """
            cell_code,unit,person,phone,role,channel,address,汇总
            \(cell),西北村村委会,王一,13800000001,网格长,email,wangyi@example.org,是
            \(cell),西北村村委会,赵甲,13900000001,网格员,webhook,https://oa.example.org/hook,
            \(cell),西北村村委会,钱乙,13900000002,网格员,短信,,否
            """
        try Data(sheet.utf8).write(to: URL(fileURLWithPath: ws.path("people.csv")))
        let run = try ws.run(["grid", "assign", "--csv", ws.path("people.csv")])
        #expect(run.stdout.contains("3 notification contact(s) set"), "\(run.stdout)")
        let contacts = try await SpatiaLiteStore(path: ws.db).contacts()
        #expect(contacts.map(\.channel) == [.email, .webhook, .sms])
        #expect(contacts.map(\.address) == ["wangyi@example.org", "https://oa.example.org/hook", "13900000002"])
        #expect(contacts.map(\.digest) == [true, false, false], "the digest column: 是 asks for a daily digest")
        let set = try ws.run(["grid", "contact", "13900000001", "--channel", "sms", "--digest"])
        #expect(set.stdout.contains("daily digest"), "\(set.stdout)")
        #expect(try await SpatiaLiteStore(path: ws.db).contacts().first { $0.phone == "13900000001" }?.digest == true)
        try Data(sheet.replacingOccurrences(of: ",是", with: ",sometimes").utf8).write(to: URL(fileURLWithPath: ws.path("maybe.csv")))
        let maybe = try ws.run(["grid", "assign", "--csv", ws.path("maybe.csv")], expectSuccess: false)
        #expect(maybe.status != 0 && maybe.stderr.contains("row 1") && maybe.stderr.contains("sometimes"), "\(maybe.stderr)")
        try Data(sheet.replacingOccurrences(of: "短信", with: "pigeon").utf8).write(to: URL(fileURLWithPath: ws.path("bad.csv")))
        let bad = try ws.run(["grid", "assign", "--csv", ws.path("bad.csv")], expectSuccess: false)
        #expect(bad.status != 0 && bad.stderr.contains("row 3") && bad.stderr.contains("pigeon"), "\(bad.stderr)")
    }

    @Test(arguments: RaceStore.available) func aReceiverThatIsDownGetsRetriesThenADeadLetterInStatus(kind: RaceStore) async throws {
        try await Self.withScannedWorld(kind) { _, ws in
            let down = "http://127.0.0.1:1/hook"  // nothing listens on port 1
            for phone in RoutingEndToEndTests.quadrants.map({ String($0.head.split(separator: ":")[1]) }) + ["13900000001", "13900000002"] {
                try ws.run(["grid", "contact", phone, "--channel", "webhook", "--address", down])
            }
            let cases = try ws.cases().count
            let notices = cases * 3
            #expect(notices > 0)

            // One failed try each, the next one a second away: `notify status` counts them as failed, not pending.
            let first = try ws.run(["notify", "--once", "--max-attempts", "3", "--backoff", "1", "--webhook-secret", Self.secret])
            #expect(first.stdout.contains("0 sent, \(notices) to try again, 0 dead"), "\(first.stdout) \(first.stderr)")
            #expect(try ws.run(["notify", "status"]).stdout.contains("pending 0, failed \(notices), sending 0, sent 0, dead 0"))
            let waiting = try JSONValue.parse(Array(try ws.run(["notify", "status", "--json"]).stdout.utf8))
            #expect(waiting["failed"] == .int(Int64(notices)) && waiting["pending"] == 0)
            let failed = waiting["problems"]?.arrayValue ?? []
            #expect(failed.count == notices && failed.allSatisfy { $0["state"] == "failed" && $0["attempts"] == 1 })
            #expect(failed.first?["error"]?.stringValue?.contains("POST \(down)") == true)
            #expect(try await Self.outbox(ws).allSatisfy { $0.state == .pending && $0.attempts == 1 })

            try await Task.sleep(nanoseconds: 1_500_000_000)  // the wait runs out
            let run = try ws.run(["notify", "--once", "--max-attempts", "3", "--backoff", "0", "--webhook-secret", Self.secret])
            #expect(run.stderr.contains("attempt 2 of") && run.stderr.contains("dead letter"), "\(run.stderr)")
            let status = try JSONValue.parse(Array(try ws.run(["notify", "status", "--json"]).stdout.utf8))
            #expect(status["dead"] == .int(Int64(notices)))
            #expect(status["sent"] == 0 && status["failed"] == 0)
            let dead = try #require(status["problems"]?.arrayValue?.first)
            #expect(dead["attempts"] == 3 && dead["state"] == "dead")
            #expect(dead["error"]?.stringValue?.contains("POST \(down)") == true)
            #expect(try ws.run(["notify", "status"]).stdout.contains("dead \(notices)"))
        }
    }

    @Test func serveDeliversTheOutboxAsItFillsAndNoNotifyDeliversNothing() async throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ws = try Self.scannedWorld(in: dir)
        let hooks = try LoopbackSink("webhook_sink.py", in: dir, name: "hooks", arguments: ["--secret", Self.secret])
        for phone in RoutingEndToEndTests.quadrants.map({ String($0.head.split(separator: ":")[1]) }) + ["13900000001", "13900000002"] {
            try ws.run(["grid", "contact", phone, "--channel", "webhook", "--address", "http://127.0.0.1:\(hooks.port)/hook"])
        }
        let queued = try await Self.outbox(ws).count
        let numbers = try ws.cases().compactMap { $0["number"]?.stringValue }
        #expect(queued > 0 && numbers.count >= 2)
        let env = ["SHANSHUI_DB": ws.db]
        func serve(_ extra: [String]) throws -> ShanshuiCommand.Background {
            let s = try ShanshuiCommand.Background(["serve", "--port", "0", "--webhook-secret", Self.secret] + extra, in: dir, environment: env)
            #expect(s.wait(for: "serving", timeout: 120), "\(s.stderr)")
            return s
        }
        /// Waits until `count` notices are sent (or a minute passes).
        func sent(_ count: Int) async throws -> Int {
            let end = Date().addingTimeInterval(60)
            var n = 0
            repeat {
                n = try await Self.outbox(ws).filter { $0.state == .sent }.count
                if n >= count { break }
                try await Task.sleep(nanoseconds: 200_000_000)
            } while Date() < end
            return n
        }

        // --no-notify: the service runs, the outbox stays as it is (its worker would poll every 2 s).
        let quiet = try serve(["--no-notify"])
        try ws.run(["cases", "dispatch", numbers[0], "--by", "区局"])
        try await Task.sleep(nanoseconds: 5_000_000_000)
        quiet.kill()
        #expect(hooks.records.isEmpty && !quiet.stderr.contains("notify:"), "\(quiet.stderr)")
        let waiting = try await Self.outbox(ws)
        #expect(waiting.count == queued + 3 && waiting.allSatisfy { $0.state == .pending })

        // By default the service's own worker delivers what is queued, and what the ledger queues while it runs.
        let service = try serve([])
        #expect(try await sent(queued + 3) == queued + 3, "\(service.stderr)")
        try ws.run(["cases", "dispatch", numbers[1], "--by", "区局"])
        #expect(try await sent(queued + 6) == queued + 6, "\(service.stderr)")
        service.kill()
        let posts = hooks.records
        #expect(posts.allSatisfy { $0["signature_ok"] == true })
        #expect(posts.filter { $0["body"]?["kind"] == "dispatch" && $0["body"]?["case"]?["number"]?.stringValue == numbers[1] }.count == 3)
        #expect(service.stderr.contains("notify: delivering"), "\(service.stderr)")
    }
}
