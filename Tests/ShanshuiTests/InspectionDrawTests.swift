import Foundation
import GeoKit
import Shanshui
import Testing

/// The double-random draw: reproducible from seed and inputs alone, indifferent to row order,
/// and never sending inspectors to what they answer for.
@Suite("double-random inspection draw")
struct InspectionDrawTests {
    static let roster = """
        name,phone,unit,cells
        王伟,13800000001,县执法大队,321202001001
        李娜,13800000002,县执法大队,
        张强,13800000003,市执法支队,321202001002
        赵敏,13900000011,市执法支队,
        钱进,13900000012,县林业局,
        孙丽,13900000013,县林业局,321202001003;321202001004
        """

    static func targets() -> [DrawTarget] {
        (1...4).map { i in
            DrawTarget(id: "32120200100\(i)", cells: ["321202", "32120200100\(i)"], people: i == 2 ? ["钱进:13900000012"] : [])
        } + [DrawTarget(id: "321202002001", cells: ["321202", "321202002001"], people: ["赵敏:13900000011"])]
    }

    static func inputs(_ csv: String = roster, targets: [DrawTarget] = targets(), n: Int = 3) throws -> DrawInputs {
        try DrawInputs(kind: .cells, targets: targets, inspectors: InspectorRoster.parse(Array(csv.utf8), source: "roster.csv"),
                       count: n, perTarget: 2)
    }

    @Test func theGeneratorIsTheDocumentedSHA256Counter() {
        // Computed independently with Python's hashlib from the algorithm in DrawRandom's documentation.
        var r = DrawRandom(seed: "2026-07-01 福彩3D 123")
        #expect([r.next(), r.next(), r.next()] == [0xcacd_229c_d716_7fc0, 0x1e14_67f6_180d_562b, 0xfe4b_7f3a_9238_7ccf])
        var s = DrawRandom(seed: "2026-07-01 福彩3D 123")
        #expect(s.sample(3, of: 10) == [8, 0, 9])
    }

    @Test func theSameSeedAndInputsGiveTheSameDrawAcrossRuns() throws {
        let a = try DoubleRandomDraw.run(Self.inputs(), seed: "seed-1")
        let b = try DoubleRandomDraw.run(Self.inputs(), seed: "seed-1")
        #expect(a == b)
        #expect(a.count == 3)
        let others = try (2...9).map { try DoubleRandomDraw.run(Self.inputs(), seed: "seed-\($0)") }
        #expect(others.contains { $0 != a }, "other seeds should draw differently")
    }

    @Test func reorderingRosterRowsAndTargetsChangesNothing() throws {
        var lines = Self.roster.split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        let shuffled = ([header] + lines.reversed()).joined(separator: "\r\n")
        let a = try Self.inputs()
        let b = try Self.inputs(shuffled, targets: Self.targets().reversed())
        #expect(a.canonicalText == b.canonicalText)
        #expect(a.hash == b.hash)
        #expect(try DoubleRandomDraw.run(a, seed: "2026Q3") == DoubleRandomDraw.run(b, seed: "2026Q3"))
    }

    @Test func anInspectorIsNeverDrawnForWhatHeOrSheAnswersFor() throws {
        let inputs = try Self.inputs(n: 5)
        for seed in 0..<200 {
            for pick in try DoubleRandomDraw.run(inputs, seed: "s\(seed)") {
                let target = try #require(inputs.targets.first { $0.id == pick.target })
                #expect(pick.inspectors.count == 2)
                #expect(Set(pick.inspectors.map(\.key)).count == 2)
                for i in pick.inspectors {
                    #expect(!target.excludes(i), "\(i.name) drawn for \(pick.target)")
                    #expect(!(pick.target == "321202001001" && i.name == "王伟"))
                    #expect(!(pick.target == "321202001002" && (i.name == "张强" || i.name == "钱进")))
                    #expect(!(pick.target == "321202002001" && i.name == "赵敏"))
                }
            }
        }
    }

    @Test func tooFewEligibleInspectorsIsAnError() throws {
        let csv = "name,phone,unit,cells\n王伟,13800000001,大队,X\n李娜,13800000002,大队,\n"
        let inputs = try Self.inputs(csv, targets: [DrawTarget(id: "X", cells: ["X"])], n: 1)
        #expect(throws: DomainError.self) { try DoubleRandomDraw.run(inputs, seed: "1") }
    }

    @Test func canonicalInputsReadBackAndReplay() throws {
        let draw = try DoubleRandomDraw.draw(Self.inputs(), seed: "abc", filter: [], inspectorSource: "roster.csv", at: "2026-07-01T00:00:00Z")
        #expect(try DrawInputs(canonicalText: draw.inputs).canonicalText == draw.inputs)
        #expect(try DoubleRandomDraw.replay(draw) == nil)
        var forged = draw
        forged.picks.reverse()
        #expect(try DoubleRandomDraw.replay(forged) != nil)
        var tampered = draw
        tampered.inputs = draw.inputs.replacingOccurrences(of: "县林业局", with: "县公安局")
        #expect(try DoubleRandomDraw.replay(tampered) != nil)
    }

    @Test func rosterErrorsNameTheLine() {
        #expect(throws: DomainError.self) { try InspectorRoster.parse(Array("name,unit\n王伟,队\n".utf8), source: "r.csv") }
        #expect(throws: DomainError.self) { try InspectorRoster.parse(Array("name,phone,unit\n王伟,123,队\n".utf8), source: "r.csv") }
        #expect(throws: DomainError.self) {
            try InspectorRoster.parse(Array("name,phone,unit\n王伟,13800000001,队\n王伟,13800000001,队\n".utf8), source: "r.csv")
        }
    }

    @Test func periodsParse() throws {
        let q = try ReportPeriod(parsing: "2026Q3")
        #expect(q.first == Day(year: 2026, month: 7, day: 1) && q.last == Day(year: 2026, month: 9, day: 30))
        let h = try ReportPeriod(parsing: "2026h1")
        #expect(h.first == Day(year: 2026, month: 1, day: 1) && h.last == Day(year: 2026, month: 6, day: 30))
        let y = try ReportPeriod(parsing: "2026")
        #expect(y.last == Day(year: 2026, month: 12, day: 31))
        for bad in ["2026Q5", "2026H3", "26Q1", "2026-01", ""] { #expect(throws: DomainError.self) { try ReportPeriod(parsing: bad) } }
    }
}
