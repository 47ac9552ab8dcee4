import ArgumentParser
import Foundation
import GeoKit
import Shanshui

struct GridAssignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign", abstract: "Make a unit, a grid head and grid staff responsible for a cell from a date on (or many, from a CSV).")

    @OptionGroup var workspace: WorkspaceOptions
    @Argument(help: "The cell's code (not with --csv).") var code: String?
    @Option(help: "The responsible unit (责任单位).") var unit: String?
    @Option(help: "The grid head (网格长) as NAME:PHONE.") var head: String?
    @Option(help: "The grid staff (网格员) as NAME:PHONE,NAME:PHONE.") var staff: String?
    @Option(help: "A CSV sheet: cell_code,unit,head,staff[,phone][,effective] or cell_code,unit,person,phone[,role]; UTF-8, else GB18030/GBK as Excel saves it.") var csv: String?
    @Option(help: "The sheet's encoding, instead of detecting it: utf-8 or gb18030 (gbk).") var encoding: String?
    @Option(help: "First day in force, YYYY-MM-DD (default: today; a CSV's effective column wins).") var effective: String?

    func run() async throws {
        try await reportingFailure {
            let day = try effective.map(Day.init) ?? .today
            let grid = try workspace.grid()
            let assignments: [Assignment]
            var labels: [String]? = nil
            if let csv {
                guard code == nil, unit == nil, head == nil, staff == nil else {
                    throw ValidationError("with --csv give no CODE, --unit, --head or --staff: the sheet holds them")
                }
                guard let data = FileManager.default.contents(atPath: csv) else { throw ValidationError("cannot read '\(csv)'") }
                let text = try DecodedText.decode([UInt8](data), source: csv, forcing: try encoding.map(TextEncoding.init(parsing:)))
                if let note = text.note(for: csv) { printError(note) }
                let sheet = try AssignmentSheet.parse(text.utf8, source: csv, effective: day)
                (assignments, labels) = (sheet.assignments, sheet.labels)
            } else {
                guard let code, let unit, let head else { throw ValidationError("give CODE --unit U --head NAME:PHONE --staff NAME:PHONE,NAME:PHONE, or --csv FILE") }
                assignments = [try Assignment(cellCode: code, unit: unit, head: try Person(parsing: head),
                                              staff: try Person.list(parsing: staff ?? ""), validFrom: day)]
            }
            try await grid.assign(assignments, labels: labels)
            for a in assignments where a.staff.count < 2 {
                printError("warning: cell \(a.cellCode) has \(a.staff.count) grid staff; at least 2 are expected")
            }
            var table = TextTable("cell", "unit", "head", "staff", "from")
            for a in assignments {
                table.add(a.cellCode, a.unit, a.head.description, a.staff.map(\.description).joined(separator: ", "), a.validFrom.description)
            }
            print(table.text)
            print("\n\(assignments.count) assignment(s) recorded")
        }
    }
}

struct GridShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a cell's chain (village → township → county) with who was responsible on a day.")

    @OptionGroup var workspace: WorkspaceOptions
    @Argument(help: "The cell's code.") var code: String
    @Option(help: "The day, YYYY-MM-DD (default: today).") var asOf: String?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await reportingFailure {
            let r = try await workspace.grid().responsibility(of: code, on: try asOf.map(Day.init) ?? .today)
            print(json ? GridJSON.responsibility(r).serialized(pretty: true) : GridJSON.text(r))
        }
    }
}

struct GridHistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "List every assignment a cell ever had.")

    @OptionGroup var workspace: WorkspaceOptions
    @Argument(help: "The cell's code.") var code: String
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await reportingFailure {
            let (cell, assignments) = try await workspace.grid().history(code)
            if json {
                print(JSONValue.array(assignments.map(GridJSON.assignment)).serialized(pretty: true))
                return
            }
            print("\(cell.name) [\(cell.code), \(cell.level)]")
            var table = TextTable("from", "to", "unit", "head", "staff")
            for a in assignments {
                table.add(a.validFrom.description, a.validTo?.description ?? "–", a.unit, a.head.description,
                          a.staff.map(\.description).joined(separator: ", "))
            }
            print(assignments.isEmpty ? "no assignments" : table.text)
        }
    }
}

/// JSON and text shapes of grid answers.
enum GridJSON {
    static func responsibility(_ r: CellResponsibility) -> JSONValue {
        .object([("day", .string(r.day.description)), ("chain", .array(r.chain.map { link in
            JSONValue.object([("code", .string(link.cell.code)), ("name", .string(link.cell.name)), ("level", .string(link.cell.level.name)),
                     ("assignment", link.assignment.map(assignment) ?? .null)])
        }))])
    }

    static func assignment(_ a: Assignment) -> JSONValue {
        func person(_ p: Person) -> JSONValue { .object([("name", .string(p.name)), ("phone", .string(p.phone))]) }
        return .object([("unit", .string(a.unit)), ("head", person(a.head)), ("staff", .array(a.staff.map(person))),
                        ("valid_from", .string(a.validFrom.description)), ("valid_to", a.validTo.map { .string($0.description) } ?? .null)])
    }

    static func text(_ r: CellResponsibility) -> String {
        var lines = ["\(r.cell.name) [\(r.cell.code)] on \(r.day)"]
        for link in r.chain {
            let who = link.assignment.map { a in
                "\(a.unit); head \(a.head); staff \(a.staff.map(\.description).joined(separator: ", ")) (from \(a.validFrom))"
            } ?? "nobody assigned"
            lines.append("  \(link.cell.level.name.padding(toLength: 9, withPad: " ", startingAt: 0)) \(link.cell.code) \(link.cell.name): \(who)")
        }
        return lines.joined(separator: "\n")
    }
}
