import Foundation
import GeoKit
import Shanshui
import ShanshuiServer
import ShanshuiStore
import ShanshuiTestSupport
import Testing

/// A service given a fixed clock stamps what it does with that moment, and judges "today" by it
/// (overdue cases, the as-of day of OGC pages), as a test fixes the day.
@Suite("A service on a fixed clock")
struct ServiceClockTests {
    @Test func transitionsAndOGCPagesCarryTheClocksMoment() async throws {
        let (dir, db, evidence) = try await ScannedCounty.copy()
        defer { try? FileManager.default.removeItem(at: dir) }
        let moment = try Timestamp("2031-05-06T07:08:09Z")
        let flagged = try #require(try await SpatiaLiteStore(path: db).cases(CaseFilter(status: .flagged), offset: 0, limit: 1).first)
        try await LiveServer.with(db: db, evidence: evidence, configure: { $0.clock = .fixed(moment) }) { server in
            let officer = try await server.token(.officer)
            let answer = try await server.send("POST", "/api/v1/cases/\(flagged.id)/transitions", token: officer,
                                               headers: ["If-Match": "\"\(flagged.revision)\""], json: .object([("action", "dispatch")]))
            #expect(answer.status == 200)
            let history = answer.json["history"]?.arrayValue ?? []
            #expect(history.last?["action"]?.stringValue == "dispatch")
            #expect(history.last?["at"]?.stringValue == "2031-05-06T07:08:09Z")
            // The scan flagged the case on the machine's day, due weeks later: in 2031 it is overdue.
            #expect(answer.json["overdue"] == true, "judged on the service clock's day")
            let overdue = try await server.send("GET", "/api/v1/cases?overdue=true&limit=1", token: officer)
            #expect(overdue.json["total"]?.intValue == Int64(try await server.store.cases(CaseFilter()).filter { $0.isOverdue(on: moment.day) }.count))
            let page = try await server.send("GET", "/ogc/collections/cells/items?limit=1", token: officer)
            #expect(page.json["timeStamp"]?.stringValue == "2031-05-06T07:08:09Z")
        }
    }
}
