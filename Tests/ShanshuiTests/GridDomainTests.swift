import Foundation
import GeoKit
import Shanshui
import ShanshuiTestSupport
import Testing

/// The grid's values and pure planning steps, without a store.
@Suite("Grid domain")
struct GridDomainTests {
    @Test func phoneNumbersSayWhatIsWrong() throws {
        #expect(try Person(parsing: "张伟:138 1234 5678").phone == "13812345678")
        #expect(try Person(parsing: "王芳：0523-86881234").phone == "0523-86881234")
        // Stored people (already in written form) and typed ones with spaces or +86 come out the same.
        let typed = try Person(name: " 张伟\t", phone: " +86 13812345678 "), stored = try Person(name: "张伟", phone: "13812345678")
        #expect(typed == stored && stored.name == "张伟" && stored.phone == "13812345678")
        #expect { try Person(name: " ", phone: "13812345678") } throws: { "\($0)".contains("empty name") }
        // A name copied from an Excel cell with a full-width space around it, and two people typed as one name.
        #expect(try Person(name: "\u{3000}张伟\u{3000}", phone: "13812345678") == stored)
        for joined in ["张伟，李娜", "张伟;李娜", "张伟：138"] {
            #expect { try Person(name: joined, phone: "13812345678") } throws: { "\($0)".contains("is not a name") }
        }
        let cases: [(String, String)] = [
            ("张伟:1381234567", "has 11 digits, this one has 10"),
            ("张伟:12812345678", "starts with 13 to 19"),
            ("张伟:0523-8688", "must have 7 or 8 digits"),
            ("张伟:86881234", "a landline with its area code"),
            ("张伟:138abc", "only digits"),
            ("张伟 13812345678", "not NAME:PHONE"),
        ]
        for (text, message) in cases {
            #expect { try Person(parsing: text) } throws: { "\($0)".contains(message) }
        }
        #expect(try Person.list(parsing: "李娜:13912345678，赵强:0523-86880001").count == 2)
    }

    @Test func codesLevelsAndPrefixes() throws {
        #expect(CellCode.extends("321202", parent: "321200"))
        #expect(CellCode.extends("321202001", parent: "321202"))
        #expect(!CellCode.extends("321302001", parent: "321202"))
        #expect(!CellCode.extends("321200", parent: "321200"))
        #expect(throws: DomainError.self) { try CellCode.validate("3212") }
        #expect(try GridLevel(parsing: "乡镇") == .township)
        #expect(try GridLevel(parsing: "Block").name == "block")
        #expect(GridLevel.county.mayBeParent(of: .village))
        #expect(!GridLevel.village.mayBeParent(of: .township))
    }

    @Test func assignmentSheetsInBothLayoutsNameTheBadRow() throws {
        let perCell = """
            cell_code,unit,head,staff
            321202001,城东街道办事处,张伟:13812345678,"李娜:13912345678,赵强:0523-86880001"
            """
        let a = try AssignmentSheet.parse(Array(perCell.utf8), source: "a.csv", effective: try Day("2025-01-01"))
        #expect(a.assignments.count == 1)
        #expect(a.assignments[0].staff.map(\.name) == ["李娜", "赵强"])
        let perPerson = """
            网格编码,责任单位,姓名,电话,职务,生效日期
            321202001,城东街道,张伟,13812345678,网格长,2025-03-01
            321202001,城东街道,李娜,13912345678,网格员,2025-03-01
            321202001,城东街道,赵强,13712345678,网格员,2025-03-01
            """
        let b = try AssignmentSheet.parse(Array(perPerson.utf8), source: "b.csv", effective: try Day("2025-01-01"))
        #expect(b.assignments.count == 1)
        #expect(b.assignments[0].head.name == "张伟")
        #expect(b.assignments[0].staff.count == 2)
        #expect(b.assignments[0].validFrom == (try Day("2025-03-01")))
        let badPhone = perCell + "\n321202002,城西街道,王五:1234,\n"
        #expect { try AssignmentSheet.parse(Array(badPhone.utf8), source: "c.csv", effective: try Day("2025-01-01")) } throws: {
            "\($0)".contains("c.csv, row 2 (line 3)") && "\($0)".contains("王五")
        }
        // Excel on Chinese Windows saves dates as 2025/3/1; a day-first date reads two ways.
        let excel = perPerson.replacingOccurrences(of: "2025-03-01", with: "2025/3/1")
        #expect(try AssignmentSheet.parse(Array(excel.utf8), source: "e.csv", effective: try Day("2025-01-01")).assignments
            .map(\.validFrom) == [try Day("2025-03-01")])
        let badDate = perPerson.replacingOccurrences(of: "2025-03-01\n321202001,城东街道,李娜", with: "01/03/2025\n321202001,城东街道,李娜")
        #expect { try AssignmentSheet.parse(Array(badDate.utf8), source: "d.csv", effective: try Day("2025-01-01")) } throws: {
            "\($0)".contains("row 1 (line 2)") && "\($0)".contains("YYYY-MM-DD")
        }
        // Typed with a Chinese input method in full-width mode: the code and numbers come out ASCII, names as typed.
        let fullWidth = perCell.replacingOccurrences(of: "321202001,城东街道办事处,张伟:13812345678", with: "３２１２０２００１,城东街道办事处（东）,张伟：１３８１２３４５６７８")
            .replacingOccurrences(of: "赵强:0523-86880001", with: "赵强:０５２３－８６８８０００１")
        let typed = try AssignmentSheet.parse(Array(fullWidth.utf8), source: "g.csv", effective: try Day("2025-01-01")).assignments
        #expect(typed.map(\.cellCode) == ["321202001"])
        #expect(typed.first?.unit == "城东街道办事处（东）")
        #expect(typed.first?.head.phone == "13812345678")
        #expect(typed.first?.staff.map(\.phone) == ["13912345678", "0523-86880001"])
        let shortened = perCell.replacingOccurrences(of: "张伟:13812345678", with: "张伟:1.38123E+10")
        #expect { try AssignmentSheet.parse(Array(shortened.utf8), source: "f.csv", effective: try Day("2025-01-01")) } throws: {
            "\($0)".contains("f.csv, row 1 (line 2)") && "\($0)".contains("张伟") && "\($0)".contains("scientific notation")
        }
    }

    @Test func generatedSquaresAreDeterministicAndCoverTheParent() throws {
        let hailing = GridCell(code: "321202", name: "海陵区", level: .county, parentCode: "321200", geometry: try GridScene.geometry("321202"))
        let cells = try GridGenerator.cells(within: hailing, size: 2000, level: .village)
        let again = try GridGenerator.cells(within: hailing, size: 2000, level: .village)
        #expect(cells == again)
        #expect(cells.first?.code == "321202000001")
        #expect(Set(cells.map(\.code)).count == cells.count)
        let total = cells.reduce(0) { $0 + $1.areaKm2 }
        #expect(abs(total - hailing.areaKm2) / hailing.areaKm2 < 1e-4)
        // Whole squares are 2 km × 2 km in the Gauss-Krüger plane: about 4 km² on the ground.
        let largest = cells.map(\.areaKm2).max() ?? 0
        #expect(abs(largest - 4) < 0.01)
    }

    @Test func sharedEdgesResolveToTheSmallestCodeWithAndWithoutTheInteriorTree() throws {
        let hailing = GridCell(code: "321202", name: "海陵区", level: .county, parentCode: nil, geometry: try GridScene.geometry("321202"))
        let cells = try GridGenerator.cells(within: hailing, size: 2000, level: .village)
        let grid = GridSnapshot(day: try Day("2025-01-01"), cells: [hailing] + cells, assignments: [])
        let plain = try GridIndex(grid), fast = try GridIndex(grid, accelerated: true)
        // Every vertex is on the edge of the cells that share it; the smallest code among them wins.
        for cell in cells.prefix(40) {
            for vertex in cell.geometry.polygons[0].exterior {
                let sharing = try cells.filter { try $0.geometry.covers(.point(vertex)) }.map(\.code)
                let expected = sharing.min()
                #expect(expected != nil)
                let a = try plain.cellIndex(at: vertex).map { grid.cells[$0].code }
                let b = try fast.cellIndex(at: vertex).map { grid.cells[$0].code }
                #expect(a == expected)
                #expect(b == expected)
            }
        }
        // Outside every village but inside nothing else: no answer.
        #expect(try fast.cellIndex(at: Coordinate(100, 30)) == nil)
    }

    /// Routing's answer for an outline is the first of all its overlaps measured on the ellipsoid,
    /// whether the planar ranking decides it or the pieces are too close to call: outlines across
    /// shared edges and corners (split evenly, and by a few per mille), inside one cell, and too
    /// wide for the planar ranking.
    @Test func aPatchGoesToTheCellItOverlapsMostOnTheEllipsoid() throws {
        let hailing = GridCell(code: "321202", name: "海陵区", level: .county, parentCode: nil, geometry: try GridScene.geometry("321202"))
        let cells = try GridGenerator.cells(within: hailing, size: 2000, level: .village)
        let grid = GridSnapshot(day: try Day("2025-01-01"), cells: [hailing] + cells, assignments: [])
        let index = try GridIndex(grid)
        func square(_ centre: Coordinate, halfWidth w: Double, halfHeight h: Double) -> Geometry {
            .polygon(Polygon(exterior: [Coordinate(centre.x - w, centre.y - h), Coordinate(centre.x + w, centre.y - h),
                                        Coordinate(centre.x + w, centre.y + h), Coordinate(centre.x - w, centre.y + h),
                                        Coordinate(centre.x - w, centre.y - h)]))
        }
        var outlines: [Geometry] = []
        for cell in cells.prefix(30) {
            let ring = cell.geometry.polygons[0].exterior
            for (a, b) in zip(ring, ring.dropFirst()) {
                let middle = Coordinate((a.x + b.x) / 2, (a.y + b.y) / 2)
                for shift in [0.0, 0.000_002, -0.000_004, 0.000_03, 0.0003] {
                    outlines.append(square(Coordinate(middle.x + shift, middle.y + shift), halfWidth: 0.001, halfHeight: 0.0008))
                }
                outlines.append(square(a, halfWidth: 0.0005, halfHeight: 0.0005))
            }
            if let inside = try? cell.geometry.pointOnSurface().allCoordinates.first {
                outlines.append(square(inside, halfWidth: 0.0002, halfHeight: 0.0002))
                outlines.append(square(inside, halfWidth: 0.09, halfHeight: 0.07))
            }
        }
        var routed = 0
        for outline in outlines {
            let expected = try index.overlaps(outline).first?.cell.code
            #expect(try index.responsibility(for: outline)?.cell.code == expected, "\(outline)")
            if expected != nil { routed += 1 }
        }
        #expect(routed > 500)
    }
}
