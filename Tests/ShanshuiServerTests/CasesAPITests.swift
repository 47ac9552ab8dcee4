import Foundation
import GeoKit
import Shanshui
import ShanshuiServer
import ShanshuiTestSupport
import Testing

/// A scan started over HTTP (202 + Location, progress until finished) and officers moving its
/// cases with ETag / If-Match: a stale version gets 412, never a silent overwrite.
@Suite("HTTP scans and cases", .serialized)
struct CasesAPITests {
    @Test func scanStartedOverHTTPFlagsCasesThatOfficersMoveWithIfMatch() async throws {
        let world = try await ScannedCounty.build(scan: false)
        defer { try? FileManager.default.removeItem(at: world.county.dir) }
        try await LiveServer.with(db: world.db, evidence: world.evidence) { server in
            let analyst = try await server.token(.analyst), officer = try await server.token(.officer, name: "李科长")
            let other = try await server.token(.officer, name: "周科员")
            let started = try await server.send("POST", "/api/v1/scans", token: analyst,
                                                json: .object([("before", "E1"), ("after", "E2"), ("buffer_m", 200)]))
            #expect(started.status == 202)
            #expect(SchemaCheck.problems(started.json, Schema31.ref("ScanStart"), in: ShapeSchemaTests.components, at: "ScanStart").isEmpty)
            let location = try #require(started.header("Location"))
            var scan = JSONValue.null
            for _ in 0..<600 {
                scan = try await server.send("GET", location, token: analyst).json
                if scan["status"] != "running" { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(scan["status"] == "finished")
            #expect(scan["progress"]?["areas_done"] == scan["progress"]?["areas_total"])
            let cases = try await server.send("GET", "/api/v1/cases?limit=2", token: officer).json
            let total = try #require(cases["total"]?.intValue)
            let planted = try SupervisedCounty.expectations(world.county.scene).count
            #expect(total >= Int64(planted))
            #expect(cases["cases"]?.arrayValue?.count == 2)
            #expect(cases["next"]?.stringValue?.contains("offset=2") == true)
            let id = try #require(cases["cases"]?.arrayValue?.first?["id"]?.intValue)

            let got = try await server.send("GET", "/api/v1/cases/\(id)", token: officer)
            let etag = try #require(got.header("ETag"))
            #expect(got.json["allowed_actions"]?.arrayValue?.contains("dispatch") == true)
            #expect(got.json["head"]?.stringValue?.contains(":138") == true)
            #expect(got.json["chips"]?.arrayValue?.isEmpty == false)
            if let chip = got.json["chips"]?.arrayValue?.first?.stringValue {
                let png = try await server.send("GET", chip, token: officer)
                #expect(png.status == 200)
                #expect(png.header("Content-Type") == "image/png")
            }
            // No If-Match: 428.
            let blind = try await server.send("POST", "/api/v1/cases/\(id)/transitions", token: officer, json: .object([("action", "dispatch")]))
            #expect(blind.status == 428)
            // Two officers act on the same version: the first wins, the second gets 412.
            let first = try await server.send("POST", "/api/v1/cases/\(id)/transitions", token: officer, headers: ["If-Match": etag],
                                              json: .object([("action", "dispatch"), ("note", "去现场")]))
            #expect(first.status == 200)
            #expect(first.json["status"] == "dispatched")
            #expect(first.header("ETag") != etag)
            let second = try await server.send("POST", "/api/v1/cases/\(id)/transitions", token: other, headers: ["If-Match": etag],
                                               json: .object([("action", "transfer"), ("department", "自然资源局"), ("receipt", "R1")]))
            #expect(second.status == 412)
            #expect(second.isProblem)
            #expect(second.json["current_revision"]?.intValue != nil)
            // Acting on the fresh version works; a verdict needs its fields.
            let fresh = try #require(first.header("ETag"))
            let missing = try await server.send("POST", "/api/v1/cases/\(id)/transitions", token: other, headers: ["If-Match": fresh],
                                                json: .object([("action", "verify")]))
            #expect(missing.status == 400)
            let verified = try await server.send("POST", "/api/v1/cases/\(id)/transitions", token: other, headers: ["If-Match": fresh],
                                                 json: .object([("action", "verify"), ("verdict", "confirmed")]))
            #expect(verified.status == 200)
            // Not allowed in this state: 409 naming the allowed actions.
            let wrong = try await server.send("POST", "/api/v1/cases/\(id)/transitions", token: other,
                                              headers: ["If-Match": try #require(verified.header("ETag"))], json: .object([("action", "dispatch")]))
            #expect(wrong.status == 409)
            #expect(wrong.json["detail"]?.stringValue?.contains("rectify") == true)
            let history = try await server.send("GET", "/api/v1/cases/\(id)", token: officer).json["history"]?.arrayValue ?? []
            let actors = history.compactMap { $0["actor"]?.stringValue }
            #expect(actors.contains("周科员"))
            #expect(history.map { $0["action"]?.stringValue ?? "" } == ["flag", "dispatch", "verify"])  // flagged by the scan, then two transitions
            // Filters.
            let dispatched = try await server.send("GET", "/api/v1/cases?status=verified", token: officer).json
            #expect(dispatched["total"] == 1)
            #expect(try await server.send("GET", "/api/v1/cases?status=nonsense", token: officer).status == 400)
            // Overdue is filtered, counted and paged by the store: the same cases as the full listing's
            // overdue ones; and listing, however overdue the cases, escalates none of them.
            // The scan's cases are due weeks ahead: move all but one into the past.
            _ = try ChildProcess.run("/usr/bin/sqlite3", [world.db, #"UPDATE "case" SET due_on = '2020-01-01' WHERE id <> (SELECT min(id) FROM "case")"#],
                                     timeout: 120)
            let all = try await server.send("GET", "/api/v1/cases?limit=1000", token: officer).json["cases"]?.arrayValue ?? []
            let overdueIDs = all.filter { $0["overdue"] == true }.compactMap { $0["id"]?.intValue }
            let overdue = try await server.send("GET", "/api/v1/cases?overdue=true&limit=1000", token: officer).json
            #expect(!overdueIDs.isEmpty, "\(all.count) cases")
            #expect(overdue["total"]?.intValue == Int64(overdueIDs.count))
            #expect(overdue["cases"]?.arrayValue?.compactMap { $0["id"]?.intValue } == overdueIDs)
            let page = try await server.send("GET", "/api/v1/cases?overdue=true&limit=1&offset=1", token: officer).json
            #expect(page["cases"]?.arrayValue?.compactMap { $0["id"]?.intValue } == Array(overdueIDs.dropFirst().prefix(1)))
            #expect(try await server.send("GET", "/api/v1/cases?limit=1000", token: officer).json["cases"]?.arrayValue?
                .allSatisfy { $0["supervised"] == false } == true, "a listing only reads")
            let metrics = String(decoding: try await server.send("GET", "/metrics").body, as: UTF8.self)
            #expect(metrics.contains("shanshui_cases{status=\"verified\"} 1"))
        }
    }
}
