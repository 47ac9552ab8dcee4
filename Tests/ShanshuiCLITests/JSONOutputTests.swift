import Foundation
import GeoKit
import Shanshui
import ShanshuiTestSupport
import Testing

/// `--json` on every list and show command, printing the shapes the REST API answers with.
@Suite("--json on every list and show")
struct JSONOutputTests {
    @Test func listsAndShowsPrintTheirShapes() async throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let world = try await SupervisionWorld.make(in: dir)
        func json(_ args: [String]) throws -> JSONValue { try JSONValue.parse(Array(try world.run(args + ["--json"]).stdout.utf8)) }

        let epochs = try #require(try json(["epochs", "list"]).arrayValue)
        #expect(epochs.compactMap { $0["date"]?.stringValue } == ["2025-12-31", "2026-06-30", "2026-09-30"])
        #expect(epochs.allSatisfy { $0["band_count"] == 4 && $0["footprint"]?["type"] == "Polygon" })

        let scans = try #require(try json(["scans", "list"]).arrayValue)
        #expect(scans.count == 2)
        #expect(scans.allSatisfy { $0["status"] == "finished" && $0["cases"] == .null })
        let scanID = try #require(scans.first?["id"]?.intValue)
        let scan = try json(["scans", "show", String(scanID)])
        #expect(scan["id"]?.intValue == scanID)
        #expect(scan["cases"]?.arrayValue?.isEmpty == false, "a shown scan lists the cases it opened")

        let history = try json(["reserves", "history", "NR1"])
        #expect(history["code"] == "NR1")
        #expect(history["versions"]?.arrayValue?.first?["zones"]?.arrayValue?.compactMap { $0["kind"]?.stringValue }.isEmpty == false)
        let check = try JSONValue.parse(Array(try world.run(["reserves", "check", "--json"], expectSuccess: false).stdout.utf8))
        #expect(check["areas_checked"] == 1)
        #expect(check["findings"]?.arrayValue != nil)
        let shown = try json(["reserves", "show", "NR1"])
        #expect(shown["in_force"] == true)
        #expect(shown["versions"]?.arrayValue?.count == history["versions"]?.arrayValue?.count)

        // People are structured: {name, phone}, in a cell's history as in its chain.
        let cell = SupervisionWorld.villages[0]
        let cellHistory = try json(["grid", "history", cell.code])
        #expect(cellHistory["code"]?.stringValue == cell.code)
        let head = try Person(parsing: cell.head)
        #expect(cellHistory["assignments"]?.arrayValue?.first?["head"] == .object([("name", .string(head.name)), ("phone", .string(head.phone))]))
        let chain = try json(["grid", "show", cell.code])["chain"]?.arrayValue
        #expect(chain?.first?["assignment"]?["head"]?["name"]?.stringValue == head.name)
        let gridCheck = try JSONValue.parse(Array(try world.run(["grid", "check", "--json"], expectSuccess: false).stdout.utf8))
        #expect(gridCheck["errors"]?.intValue != nil && gridCheck["findings"]?.arrayValue != nil)

        try Data("name,phone,unit,cells\n孙丽,13700000001,县执法大队,\n周明,13700000002,市执法支队,\n".utf8)
            .write(to: URL(fileURLWithPath: world.path("inspectors.csv")))
        let drawn = try json(["inspect", "draw", "--targets", "cells", "--filter", "level=village", "--n", "2",
                              "--inspectors", world.path("inspectors.csv"), "--per-target", "1", "--seed", "s"])
        let draws = try #require(try json(["inspect", "list"]).arrayValue)
        #expect(draws == [drawn], "the listed draw is the drawn one, in the same shape")

        #expect(try world.run(["tokens", "create", "--role", "viewer", "--name", "看板"]).status == 0)
        let tokens = try #require(try json(["tokens", "list"]).arrayValue)
        #expect(tokens.count == 1)
        #expect(tokens[0].objectValue?.map(\.key) == ["id", "name", "role", "created_at", "revoked_at"], "never the hash")
        let added = try ShanshuiCommand.run(["users", "add", "zhou", "--role", "officer", "--password-stdin"], in: dir,
                                            environment: ["SHANSHUI_DB": world.db], input: "a long password 1\n")
        #expect(added.status == 0, "\(added.stderr)")
        let users = try #require(try json(["users", "list"]).arrayValue)
        #expect(users.compactMap { $0["name"]?.stringValue } == ["zhou"])
        #expect(users[0]["password_hash"] == nil)

        let cases = try world.cases()
        let number = try #require(cases.first?["number"]?.stringValue)
        let detail = try json(["cases", "show", number])
        #expect(detail["number"]?.stringValue == number)
        #expect(detail["revision"]?.intValue != nil && detail["geometry"]?["coordinates"] != nil)
        #expect(detail["history"]?.arrayValue?.first?["actor"] != nil, "the CLI is signed in: actors are shown")
    }

    @Test func statusAndVerdictWordsAreParsedOnceForCLIAndServer() async throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let world = try await SupervisionWorld.make(in: dir)
        let wrong = try world.run(["cases", "list", "--status", "flaged"], expectSuccess: false)
        #expect(wrong.status != 0)
        #expect(wrong.stderr.contains("unknown status 'flaged'") && wrong.stderr.contains("supervised"), "\(wrong.stderr)")
        let number = try #require(try world.cases().first?["number"]?.stringValue)
        let verdict = try world.run(["cases", "verify", number, "--by", "李科长", "--verdict", "false_positive"], expectSuccess: false)
        #expect(verdict.status != 0)
        #expect(verdict.stderr.contains("needs a reason"), "\(verdict.stderr)")
    }
}
