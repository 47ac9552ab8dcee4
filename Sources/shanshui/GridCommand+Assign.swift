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
    @Option(name: [.customLong("csv"), .customLong("sheet")],
            help: ArgumentHelp("A sheet: cell_code,unit,head,staff[,phone][,effective] or cell_code,unit,person,phone[,role][,channel,address] (channel: webhook, email, sms); CSV in UTF-8, else GB18030/GBK as Excel saves it, or the first worksheet of an .xlsx, .xls or .ods workbook.", valueName: "file")) var csv: String?
    @Option(help: "The sheet's encoding, instead of detecting it: utf-8 or gb18030 (gbk).") var encoding: String?
    @Option(help: "First day in force, YYYY-MM-DD (default: today; a CSV's effective column wins, in YYYY-MM-DD or as Excel writes dates: 2025/3/1).") var effective: String?

    func run() async throws {
        try await reportingFailure {
            let day = try effective.map(Day.init) ?? workspace.clock.today
            let grid = try workspace.grid()
            let assignments: [Assignment]
            var labels: [String]? = nil
            var contacts: [Contact] = []
            if let csv {
                guard code == nil, unit == nil, head == nil, staff == nil else {
                    throw ValidationError("with --csv give no CODE, --unit, --head or --staff: the sheet holds them")
                }
                let table = try SheetFile.read(csv, encoding: try encoding.map(TextEncoding.init(parsing:)))
                if let note = table.note { printError(note) }
                let sheet = try AssignmentSheet.parse(table.csv, source: csv, effective: day)
                (assignments, labels) = (sheet.assignments, sheet.labels)
                contacts = try AssignmentSheet.contacts(table.csv, source: csv)
            } else {
                guard let code, let unit, let head else { throw ValidationError("give CODE --unit U --head NAME:PHONE --staff NAME:PHONE,NAME:PHONE, or --csv FILE") }
                assignments = [try Assignment(cellCode: code, unit: unit, head: try Person(parsing: head),
                                              staff: try Person.list(parsing: staff ?? ""), validFrom: day)]
            }
            let outcomes = try await grid.assign(assignments, labels: labels)
            if !contacts.isEmpty {
                try await (grid.store as? any OutboxStore)?.setContacts(contacts)
                print("\(contacts.count) notification contact(s) set from the sheet")
            }
            for a in assignments where a.staff.count < 2 {
                printError("warning: cell \(a.cellCode) has \(a.staff.count) grid staff; at least 2 are expected")
            }
            var table = TextTable("cell", "unit", "head", "staff", "from", "result")
            for (a, outcome) in zip(assignments, outcomes) {
                table.add(a.cellCode, a.unit, a.head.description, a.staff.map(\.description).joined(separator: ", "), a.validFrom.description,
                          outcome == .unchanged ? "unchanged" : "recorded")
            }
            print(table.text)
            let recorded = outcomes.filter { $0 != .unchanged }.count
            print("\n\(recorded) assignment(s) recorded, \(outcomes.count - recorded) unchanged")
            if recorded == 0 { print("nothing changed: the workspace already holds exactly these assignments") }
            // Open cases go to whoever is responsible now: route them again (also catches up after an interrupted run).
            let rerouted = try await workspace.ledger().reroute(grid: grid)
            if !rerouted.isEmpty { print("\(rerouted.count) open case(s) routed to the people now responsible") }
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
            let r = try await workspace.grid().responsibility(of: code, on: try asOf.map(Day.init) ?? workspace.clock.today)
            json ? JSONOutput.print(ResponsibilityShape(r, audience: .signedIn)) : print(GridJSON.text(r))
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
                return JSONOutput.print(CellHistoryShape(cell, assignments, audience: .signedIn))
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

/// The text form of grid answers (`--json` prints `ResponsibilityShape`).
enum GridJSON {

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
