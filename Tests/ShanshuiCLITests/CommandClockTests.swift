import Foundation
import GeoKit
import Shanshui
import ShanshuiTestSupport
import Testing

/// One clock per command, from its composition root down: `SHANSHUI_NOW` stops it at a moment,
/// so what a command stamps (a token's creation and revocation) is that moment.
@Suite("The command's clock")
struct CommandClockTests {
    @Test func shanshuiNowStampsWhatACommandWritesAndABadOneIsNamed() throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("ws.db").path
        func run(_ args: [String], now: String) throws -> ShanshuiCommand.Result {
            try ShanshuiCommand.run(args, in: dir, environment: ["SHANSHUI_DB": db, "SHANSHUI_NOW": now])
        }
        #expect(try run(["init"], now: "").status == 0)
        #expect(try run(["tokens", "create", "--name", "field tablet", "--role", "viewer"], now: "2026-07-01T08:00:00Z").status == 0)
        #expect(try run(["tokens", "revoke", "1"], now: "2026-07-02T03:04:05Z").status == 0)
        let listed = try run(["tokens", "list", "--json"], now: "")
        let token = try #require(try JSONValue.parse(Array(listed.stdout.utf8)).arrayValue?.first)
        #expect(token["created_at"] == "2026-07-01T08:00:00Z" && token["revoked_at"] == "2026-07-02T03:04:05Z", "\(token)")

        let bad = try run(["tokens", "revoke", "1"], now: "yesterday")
        #expect(bad.status != 0 && bad.stderr.contains("SHANSHUI_NOW 'yesterday'"), "\(bad.stderr)")
    }
}
