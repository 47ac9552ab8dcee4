import Foundation
import GeoKit
import Shanshui
import ShanshuiServer
import ShanshuiStore
import ShanshuiTestSupport
import Testing

/// The shapes as the OpenAPI document declares them: real instances read from a scanned
/// workspace, encoded, have exactly the properties their schema declares (every required one,
/// none undeclared); and a case printed by `shanshui cases show --json` is the case
/// `GET /api/v1/cases/{id}` answers.
@Suite("Shapes and their schemas")
struct ShapeSchemaTests {
    /// The component schemas of the service's OpenAPI 3.1 document.
    static let components = OpenAPIDocument(endpoints: []).json(version: "3.1.0")["components"]?["schemas"] ?? .null

    /// A copy of the scanned county of its own for a test (it writes tokens and users, and a
    /// CLI process opens it).
    static func ownCopy(in dir: URL) async throws -> (db: String, evidence: String) {
        try PrivacyCrawlTests.copy(world: try await ScannedCounty.shared.value, to: dir)
    }

    @Test func everyShapeHasExactlyThePropertiesItsSchemaDeclares() async throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let world = try await Self.ownCopy(in: dir)
        let store = try SpatiaLiteStore(path: world.db)
        let registry = Registry(store: store), grid = Grid(store: store), ledger = Ledger(store: store)
        let today = ledger.clock.today
        var instances: [(schema: String, value: JSONValue)] = []
        func add(_ schema: String, _ shape: some Shape) { instances.append((schema, shape.json)) }

        let areas = try await registry.list(asOf: today)
        let area = try #require(areas.first)
        for item in areas { add("AreaSummary", AreaSummaryShape(item)) }
        add("Area", AreaShape(area.area))
        let (detailArea, version, versions) = try await registry.version(of: area.area.code, asOf: today)
        add("AreaDetail", AreaDetailShape(detailArea, asOf: today, version: version, versions: versions))
        add("AreaDetail", AreaDetailShape(detailArea, asOf: try Day("1990-01-01"), version: nil, versions: versions))
        let (historyArea, history) = try await registry.history(area.area.code)
        add("AreaHistory", AreaHistoryShape(historyArea, history))
        add("RegistryCheck", RegistryCheckShape(try RegistryCheck().report(areas), areasChecked: areas.count))

        let cases = try await ledger.list(CaseFilter(), today: today)
        let routed = try #require(cases.first { $0.responsibility?.cell != nil })
        let cellCode = try #require(routed.responsibility?.cell?.code)
        let (cell, assignments) = try await grid.history(cellCode)
        #expect(!assignments.isEmpty, "the county's village cells are assigned")
        add("Cell", CellShape(cell))
        add("CellHistory", CellHistoryShape(cell, assignments, audience: .signedIn))
        add("CellHistory", CellHistoryShape(cell, assignments, audience: .anonymous))
        for a in assignments {
            add("Assignment", AssignmentShape(a))
            add("AssignmentPublic", PublicView(AssignmentShape(a)))
        }
        let responsibility = try await grid.responsibility(of: cellCode, on: today)
        add("Responsibility", ResponsibilityShape(responsibility, audience: .signedIn))
        add("Responsibility", ResponsibilityShape(responsibility, audience: .anonymous))
        let snapshot = try await grid.snapshot(on: today)
        add("GridCheck", GridCheckShape(try GridCheck().run(snapshot)))
        for o in try GridIndex(snapshot).overlaps(routed.geometry) {
            add("CellOverlap", CellOverlapShape(o, responsibility: snapshot.responsibility(o.index)))
        }

        for e in try await store.epochs() { add("Epoch", EpochShape(e)) }
        for s in try await store.scans() {
            add("Scan", ScanShape(s))
            var filter = CaseFilter()
            filter.scanID = s.id
            add("Scan", ScanShape(s, cases: try await store.cases(filter)))
        }
        for p in try await store.patches(PatchQuery(), offset: 0, limit: 5) { add("PatchRecord", PatchRecordShape(p)) }

        for c in cases.prefix(5) {
            add("CaseRecord", CaseRecordShape(c, today: today))
            add("CaseRecordPublic", PublicView(CaseRecordShape(c, today: today)))
            let (_, events, _) = try await ledger.history(String(c.id))
            // A field photo as `cases attach` records it (not written to the shared workspace).
            let photo = Attachment(caseID: c.id, path: "photos/1.jpg", sha256: String(repeating: "a", count: 64), by: "李科长",
                                   at: "2026-07-01T08:00:00Z", position: nil, distanceM: 12)
            add("CaseDetail", CaseDetailShape(c, events: events, attachments: [photo], audience: .signedIn, evidence: world.evidence, today: today))
            add("CaseDetailPublic", CaseDetailShape(c, events: events, attachments: [photo], audience: .anonymous, evidence: world.evidence, today: today))
            for e in events {
                add("CaseEvent", CaseEventShape(e))
                add("CaseEventPublic", PublicView(CaseEventShape(e)))
            }
            add("Attachment", AttachmentShape(photo))
        }
        add("CasePage", PageShape.cases(Array(cases.prefix(3)), audience: .signedIn, today: today, total: cases.count, limit: 3, offset: 0,
                                        next: "/api/v1/cases?offset=3"))
        add("CasePage", PageShape.cases(Array(cases.prefix(3)), audience: .anonymous, today: today, total: 3, limit: 3, offset: 0, next: nil))
        add("AreaPage", PageShape.areas(areas, total: areas.count, limit: 100, offset: 0, next: nil))

        let token = try await TokenService(store: store).create(name: "形状检查", role: .viewer).token
        add("Token", TokenShape(token))
        let user = try await Accounts(store: store).add(name: "shape.\(UUID().uuidString.prefix(6))", role: .viewer, password: "pass-shape-1")
        add("User", UserShape(user))

        // The field officer's answers: who is signed in (a cookie session, a bearer token) and their cases.
        let head = try #require(assignments.last?.head)
        let mine = MyCases(grid: store, cases: store)
        let (name, cells) = try await mine.duty(of: head.phone, on: today)
        #expect(!cells.isEmpty, "the head of a village cell is on duty there")
        let duty = PersonDutyShape(phone: head.phone, name: name, cells: cells)
        add("DutyCell", duty.cells[0])
        add("PersonDuty", duty)
        add("PersonDuty", PersonDutyShape(phone: "13900000000", name: nil, cells: []))
        let officer = try await Accounts(store: store).add(name: "shape.head.\(UUID().uuidString.prefix(6))", role: .officer,
                                                           password: "pass-shape-2", personPhone: head.phone)
        let signIns = SignIns(accounts: Accounts(store: store))
        let started = try await signIns.signIn(name: officer.name, password: "pass-shape-2")
        add("Session", SessionShape(started.user, started.session, person: duty, policy: signIns.policy))
        add("Session", SessionShape(user, started.session, person: nil, policy: signIns.policy))
        add("Session", SessionShape(name: token.name, role: token.role))
        let near = try await mine.items(of: head.phone, on: today, from: Coordinate(119.95, 32.48), includeClosed: true)
        #expect(!near.isEmpty, "the head's cell has cases")
        add("MyCases", MyCasesShape(phone: head.phone, on: today, cells: cells, items: near))
        add("MyCases", MyCasesShape(phone: head.phone, on: today, cells: cells,
                                    items: try await mine.items(of: head.phone, on: today, from: nil)))
        for item in near.prefix(3) { add("MyCase", MyCaseShape(item, today: today)) }

        for (schema, value) in instances {
            let problems = SchemaCheck.problems(value, Schema31.ref(schema), in: Self.components, at: schema)
            #expect(problems.isEmpty, "\(schema): \(problems.prefix(5).joined(separator: "; "))")
        }
        // A schema that declared too little or too much would be caught above; one never checked would not.
        let checked = Set(instances.map(\.schema))
        let expected: Set<String> = ["Area", "AreaSummary", "AreaDetail", "AreaHistory", "RegistryCheck", "Cell", "CellHistory", "Assignment",
                                     "AssignmentPublic", "Responsibility", "GridCheck", "CellOverlap", "Epoch", "Scan", "PatchRecord",
                                     "CaseRecord", "CaseRecordPublic", "CaseDetail", "CaseDetailPublic", "CaseEvent", "CaseEventPublic",
                                     "Attachment", "CasePage", "AreaPage", "Token", "User", "DutyCell", "PersonDuty", "Session",
                                     "MyCase", "MyCases"]
        #expect(expected.isSubset(of: checked), "not checked: \(expected.subtracting(checked).sorted())")
    }

    @Test func aSchemaCatchesAMissingAndAnUndeclaredProperty() {
        var members = CellShape(GridCell(code: "1", name: "一村", level: .village, parentCode: nil,
                                         geometry: .polygon(ReserveScene.square(Coordinate(119.95, 32.48), half: 0.01)))).json.objectValue ?? []
        #expect(SchemaCheck.problems(.object(members), Schema31.ref("Cell"), in: Self.components, at: "Cell").isEmpty)
        members.append(("secret", "x"))
        #expect(SchemaCheck.problems(.object(members), Schema31.ref("Cell"), in: Self.components, at: "Cell").contains { $0.contains("secret") })
        members.removeAll { $0.key == "secret" || $0.key == "name" }
        #expect(SchemaCheck.problems(.object(members), Schema31.ref("Cell"), in: Self.components, at: "Cell").contains { $0.contains("name") })
    }

    @Test func aCaseShownByTheCLIIsTheCaseTheAPIAnswersForAnOfficer() async throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let world = try await Self.ownCopy(in: dir)
        try await LiveServer.with(db: world.db, evidence: world.evidence) { server in
            // A case with before/after chips, so the evidence links are compared too.
            let cases = try await server.store.cases(CaseFilter(), offset: 0, limit: 1000)
            let c = try #require(cases.first { FileManager.default.fileExists(atPath: world.evidence + "/" + $0.number) })
            let cli = try ShanshuiCommand.run(["cases", "show", c.number, "--json", "--db", world.db])
            #expect(cli.status == 0, "\(cli.stderr)")
            let printed = try JSONValue.parse(Array(cli.stdout.utf8))
            let officer = try await server.token(.officer, name: "形状科长")
            let answer = try await server.send("GET", "/api/v1/cases/\(c.id)", token: officer)
            #expect(answer.status == 200)
            #expect(answer.json["number"]?.stringValue == c.number)
            #expect(printed["chips"]?.arrayValue?.isEmpty == false)
            #expect(answer.json == printed, "CLI \(printed.serialized()) ≠ API \(answer.json.serialized())")
        }
    }
}

/// References into the 3.1 document's components.
enum Schema31 {
    static func ref(_ name: String) -> JSONValue { .object([("$ref", .string("#/components/schemas/" + name))]) }
}

/// Checks a JSON value against an OpenAPI 3.1 schema: types (with null), required and declared
/// properties (an undeclared one is a problem where `additionalProperties` is false), items,
/// `$ref`, `anyOf`/`oneOf` (some branch fits) and `allOf` (every branch fits).
enum SchemaCheck {
    static func problems(_ value: JSONValue, _ schema: JSONValue, in components: JSONValue, at path: String) -> [String] {
        if let ref = schema["$ref"]?.stringValue {
            let name = String(ref.split(separator: "/").last ?? "")
            guard let target = components[name] else { return ["\(path): no schema \(name)"] }
            return problems(value, target, in: components, at: path)
        }
        if let branches = (schema["anyOf"] ?? schema["oneOf"])?.arrayValue {
            let tried = branches.map { problems(value, $0, in: components, at: path) }
            return tried.contains { $0.isEmpty } ? [] : ["\(path): fits no branch"] + (tried.min { $0.count < $1.count } ?? [])
        }
        if let all = schema["allOf"]?.arrayValue {
            return all.flatMap { problems(value, $0, in: components, at: path) }
        }
        let types: [String] = schema["type"]?.stringValue.map { [$0] } ?? schema["type"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if value == .null { return types.isEmpty || types.contains("null") ? [] : ["\(path): null where \(types) is declared"] }
        if !types.isEmpty, !types.contains(where: { fits(value, $0) }) { return ["\(path): \(value.serialized().prefix(40)) is not \(types)"] }
        var found: [String] = []
        if case .object(let members) = value, let declared = schema["properties"]?.objectValue {
            let names = Set(members.map(\.key)), declaredNames = Set(declared.map(\.key))
            for name in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where !names.contains(name) {
                found.append("\(path).\(name): required but missing")
            }
            if schema["additionalProperties"] == false {
                for name in names.subtracting(declaredNames).sorted() { found.append("\(path).\(name): not declared") }
            }
            for (name, member) in members {
                if let property = declared.first(where: { $0.key == name })?.value {
                    found += problems(member, property, in: components, at: "\(path).\(name)")
                }
            }
        }
        if case .array(let items) = value, let itemSchema = schema["items"] {
            for (i, item) in items.enumerated() { found += problems(item, itemSchema, in: components, at: "\(path)[\(i)]") }
        }
        return found
    }

    static func fits(_ value: JSONValue, _ type: String) -> Bool {
        switch (type, value) {
        case ("string", .string), ("boolean", .bool), ("integer", .int), ("number", .int), ("number", .double),
             ("array", .array), ("object", .object): true
        default: false
        }
    }
}
