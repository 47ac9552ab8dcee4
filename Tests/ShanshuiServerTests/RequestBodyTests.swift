import Foundation
import GeoKit
import Shanshui
import ShanshuiServer
import ShanshuiTestSupport
import Testing

/// Request bodies decoded as typed bodies: a missing field, a field of the wrong type or a
/// refused value is a problem naming the field, and people are sent as `{name, phone}`.
@Suite("Request bodies")
struct RequestBodyTests {
    @Test func problemsNameTheFieldAndPeopleAreStructured() async throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await LiveServer.with(db: try LiveServer.workspace(in: dir)) { server in
            var cells = GridBatch()
            cells.newCells = [GridCell(code: "321202001001", name: "一村", level: .village, parentCode: nil,
                                       geometry: .polygon(ReserveScene.square(Coordinate(119.95, 32.48), half: 0.01)))]
            try await server.store.commit(cells)
            let analyst = try await server.token(.analyst), admin = try await server.token(.gridAdmin)
            func problem(_ path: String, _ token: String, _ body: JSONValue) async throws -> (status: Int, field: String?, detail: String) {
                let answer = try await server.send("POST", path, token: token, json: body)
                #expect(answer.isProblem)
                return (answer.status, answer.json["field"]?.stringValue, answer.json["detail"]?.stringValue ?? "")
            }
            let missing = try await problem("/api/v1/epochs", analyst, .object([("paths", .array(["/x.tif"])), ("date", "2026-01-01")]))
            #expect(missing.status == 400 && missing.field == "name" && missing.detail.contains("required"), "\(missing)")
            let wrongType = try await problem("/api/v1/epochs", analyst, .object([("name", "E"), ("paths", "/x.tif"), ("date", "2026-01-01")]))
            #expect(wrongType.status == 400 && wrongType.field == "paths", "\(wrongType)")
            let badDay = try await problem("/api/v1/epochs", analyst, .object([("name", "E"), ("paths", .array(["/x.tif"])), ("date", "2026-13-01")]))
            #expect(badDay.status == 422 && badDay.field == "date", "\(badDay)")
            let badScan = try await problem("/api/v1/scans", analyst, .object([("before", "E1"), ("after", "E2"), ("buffer_m", "wide")]))
            #expect(badScan.status == 400 && badScan.field == "buffer_m", "\(badScan)")

            let path = "/api/v1/grid/cells/321202001001/assignments"
            let person: (String, String) -> JSONValue = { .object([("name", .string($0)), ("phone", .string($1))]) }
            let badStaff = try await problem(path, admin, .object([("unit", "一村村委会"), ("head", person("王伟", "13800000001")),
                                                                  ("staff", .array([person("李娜", "13800000002"), .object([("name", "赵六"), ("phone", 13800000003)])])),
                                                                  ("effective", "2026-07-01")]))
            #expect(badStaff.status == 400 && badStaff.field == "staff[1].phone", "\(badStaff)")
            let badPhone = try await problem(path, admin, .object([("unit", "一村村委会"), ("head", person("王伟", "123")), ("effective", "2026-07-01")]))
            #expect(badPhone.status == 422 && badPhone.field == "head", "\(badPhone)")
            let assigned = try await server.send("POST", path, token: admin, json: .object([
                ("unit", "一村村委会"), ("head", person("王伟", "13800000001")), ("staff", .array([person("李娜", "13800000002")])),
                ("effective", "2026-07-01"),
            ]))
            #expect(assigned.status == 201)
            #expect(assigned.json["head"] == person("王伟", "13800000001"), "the answer's head is the shape it was sent in")
            #expect(assigned.json["staff"] == .array([person("李娜", "13800000002")]))
            let shown = try await server.send("GET", "/api/v1/grid/cells/321202001001", token: admin).json
            #expect(shown["assignments"]?.arrayValue?.first?["head"] == person("王伟", "13800000001"))
        }
    }
}
