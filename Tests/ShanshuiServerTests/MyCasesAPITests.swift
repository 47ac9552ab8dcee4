import Foundation
import GeoKit
import Shanshui
import ShanshuiServer
import ShanshuiStore
import ShanshuiTestSupport
import Testing

/// "My cases" over real HTTP with a session cookie: a village head sees their cell's cases, grid
/// staff of every village see all, an account without a grid person is told why it has none; the
/// session names each person and their cells.
@Suite("My cases for people in the field")
struct MyCasesAPITests {
    @Test func headStaffAndUnlinkedUsersSeeTheirCellsCasesByDueDateThenDistance() async throws {
        let (dir, db, evidence) = try await ScannedCounty.copy()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await LiveServer.with(db: db, evidence: evidence) { server in
            let accounts = Accounts(store: server.store)
            try await accounts.add(name: "wang.yi", role: .viewer, password: "head password", personPhone: "13800000001")
            try await accounts.add(name: "zhao.jia", role: .officer, password: "staff password", personPhone: "13900000001")
            try await accounts.add(name: "desk.analyst", role: .analyst, password: "desk password")
            let open = try await server.store.cases(CaseFilter()).filter(\.status.isOpen)
            let inHeadsCell = try await server.store.cases(CaseFilter(cellCode: "321202001001")).filter(\.status.isOpen)
            try #require(!inHeadsCell.isEmpty && inHeadsCell.count < open.count, "the county's cases lie in several cells")
            let position = "lat=31.6&lon=116.0"  // beside the county (UTM 50N, about 31.6°N 116°E)

            let head = try await SessionSignInTests.signIn(server, "wang.yi", "head password")
            // The session names the person as the grid's assignments write them, with their cells today.
            let headName = try #require(try await server.store.assignments(asOf: WallClock.system.today).first { $0.head.phone == "13800000001" }?.head.name)
            #expect(head.answer.json["person"]?["name"]?.stringValue == headName)
            #expect(head.answer.json["person"]?["cells"] == .array([.object([("code", "321202001001"), ("role", "head")])]))
            #expect(try await server.send("GET", "/api/v1/session", headers: ["Cookie": head.cookie]).json["person"] == head.answer.json["person"])
            let mine = try await server.send("GET", "/api/v1/me/cases?\(position)", headers: ["Cookie": head.cookie])
            #expect(mine.status == 200, "\(mine.json)")
            #expect(mine.json["cells"] == .array([.object([("code", "321202001001"), ("role", "head")])]))
            let headCases = mine.json["cases"]?.arrayValue ?? []
            let headIDs: Set<Int64> = Set(headCases.compactMap { $0["id"]?.intValue })
            #expect(headIDs == Set(inHeadsCell.map(\.id)))

            let staff = try await SessionSignInTests.signIn(server, "zhao.jia", "staff password")
            #expect(staff.answer.json["person"]?["cells"]?.arrayValue?.count == 4 && staff.answer.json["person"]?["name"]?.stringValue?.isEmpty == false)
            let theirs = try await server.send("GET", "/api/v1/me/cases?\(position)", headers: ["Cookie": staff.cookie])
            let staffCells = theirs.json["cells"]?.arrayValue ?? []
            #expect(staffCells.count == 4 && staffCells.allSatisfy { $0["role"]?.stringValue == "staff" })
            let staffCases = theirs.json["cases"]?.arrayValue ?? []
            #expect(staffCases.count > headCases.count)
            let staffIDs: Set<Int64> = Set(staffCases.compactMap { $0["id"]?.intValue })
            #expect(staffIDs.isSuperset(of: headIDs))
            // Sorted by due day, then by the distance included in each item, with a bearing and a geo: link.
            let keys: [(String, Double)] = staffCases.map { ($0["due_on"]?.stringValue ?? "", $0["distance_m"]?.doubleValue ?? -1) }
            #expect(keys.allSatisfy { $0.1 >= 0 })
            let inOrder = zip(keys, keys.dropFirst()).allSatisfy { (a: (String, Double), b: (String, Double)) -> Bool in a.0 < b.0 || (a.0 == b.0 && a.1 <= b.1) }
            #expect(inOrder, "\(keys)")
            let bearings: [Double] = staffCases.compactMap { $0["bearing_deg"]?.doubleValue }
            #expect(bearings.count == staffCases.count && bearings.allSatisfy { $0 >= 0 && $0 < 360 })
            let links: [String] = staffCases.compactMap { $0["geo_uri"]?.stringValue }
            #expect(links.count == staffCases.count && links.allSatisfy { $0.hasPrefix("geo:31.") })
            // The same cases are all there nearest first when they fall due together.
            let far = try await server.send("GET", "/api/v1/me/cases?lat=40&lon=116", headers: ["Cookie": staff.cookie]).json["cases"]?.arrayValue ?? []
            #expect((far.first?["distance_m"]?.doubleValue ?? 0) > 800_000, "Beijing is far from the county")

            // The case page tells the phone where to navigate and what this person may do now.
            let id = try #require(staffCases.first?["id"]?.intValue)
            let page = try await server.send("GET", "/api/v1/cases/\(id)", headers: ["Cookie": staff.cookie]).json
            #expect(page["geo_uri"]?.stringValue?.hasPrefix("geo:") == true)
            #expect(page["your_actions"] == page["allowed_actions"] && page["your_actions"]?.arrayValue?.isEmpty == false, "an officer may act")
            let viewerPage = try await server.send("GET", "/api/v1/cases/\(id)", headers: ["Cookie": head.cookie]).json
            #expect(viewerPage["your_actions"] == .array([]), "a viewer may not")

            let desk = try await SessionSignInTests.signIn(server, "desk.analyst", "desk password")
            #expect(desk.answer.json["person"] == .null, "an account linked to nobody")
            let none = try await server.send("GET", "/api/v1/me/cases", headers: ["Cookie": desk.cookie])
            #expect(none.status == 404 && none.isProblem && none.json["detail"]?.stringValue?.contains("--person") == true)
            #expect(try await server.send("GET", "/api/v1/me/cases?lat=91&lon=0", headers: ["Cookie": staff.cookie]).status == 400)
            #expect(try await server.send("GET", "/api/v1/me/cases").status == 401)
        }
    }
}
