import ArgumentParser
import Foundation
import GeoKit
import Shanshui

struct GridCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the grid: gaps and overlaps, cells outside their parent, codes and levels, missing parents, assignments. Exit 2 on errors.")

    @OptionGroup var workspace: WorkspaceOptions
    @Option(help: "The day, YYYY-MM-DD (default: today).") var asOf: String?
    @Option(help: "Ignore gaps and overlaps smaller than this many m².") var tolerance: Double = 1
    @Flag(help: "Check geometry and codes only, not who is assigned.") var noAssignments = false
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await reportingFailure {
            let snapshot = try await workspace.grid().snapshot(on: try asOf.map(Day.init) ?? workspace.clock.today)
            var check = GridCheck()
            check.tolerance = tolerance
            check.assignments = !noAssignments
            let findings = try check.run(snapshot)
            let errors = findings.filter(\.isError).count
            if json {
                JSONOutput.print(GridCheckShape(findings))
            } else {
                var table = TextTable("finding", "cells", "area m²", "location (lon lat)", "detail")
                for f in findings {
                    table.add(f.kind.rawValue, f.cells.joined(separator: " × "), f.areaM2.map { String(format: "%.1f", $0) } ?? "–",
                              f.location.map { String(format: "%.6f %.6f", $0.x, $0.y) } ?? "–", f.detail)
                }
                if !findings.isEmpty { print(table.text) }
                print("\(snapshot.cells.count) cell(s) checked: \(errors) error(s), \(findings.count - errors) note(s)")
            }
            if errors > 0 { throw ExitCode(2) }
        }
    }
}

struct ExportCells: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cells", abstract: "Export grid cells with the responsible unit, head and staff in force on a day.")

    @OptionGroup var workspace: WorkspaceOptions
    @Option(name: .shortAndLong, help: "Output file; the extension picks the format: .geojson, .gpkg, .shp, .csv, .xlsx.") var output: String
    @OptionGroup var table: TableOptions
    @Option(help: "Only cells of this level.") var level: String?
    @Option(help: "The day, YYYY-MM-DD (default: today).") var asOf: String?
    @Flag(help: "Leave out the head and staff (personal data).") var noPeople = false

    func run() async throws {
        try await reportingFailure {
            let features = try await workspace.grid().features(level: try level.map(GridLevel.init(parsing:)),
                                                               asOf: try asOf.map(Day.init) ?? workspace.clock.today, people: !noPeople)
            try table.write(features, to: output)
            print("wrote \(features.count) cell(s) to \(output)")
        }
    }
}
