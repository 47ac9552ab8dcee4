import ArgumentParser
import GeoKit
import Shanshui

struct ReservesAdjust: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adjust", abstract: "Give a protected area a new boundary (and zones) from a file, from a date on.")

    @OptionGroup var workspace: WorkspaceOptions
    @Argument(help: "The area's id or code.") var id: String
    @Argument(help: "The file with the new boundary (all features are dissolved into it).") var file: String
    @Option(help: "First day of the new boundary, YYYY-MM-DD.") var effective: String
    @Option(help: "adjust, upgrade, downgrade, merge or split.") var change: String = "adjust"
    @Option(help: "Legal instrument: \"NUMBER\" or \"NUMBER: text\".") var instrument: String
    @OptionGroup var source: BoundarySourceOptions

    func run() async throws {
        try await reportingFailure {
            let registry = try workspace.registry()
            let area = try await registry.area(id)
            var options = try source.options(effective: try Day(effective), instrument: instrument)
            options.kind = area.kind
            options.codeField = nil
            if options.nameField == nil { options.nameField = try nameFieldOrNone(file, options) }
            let plan = try RegistryImport.read(file, options: options)
            for note in plan.notes { printError(note) }
            for warning in plan.warnings { printError("warning: \(warning)") }
            let version = try await registry.adjust(id, with: plan, effective: try Day(effective),
                                                    change: try BoundaryChange(parsing: change), instrument: options.recordedInstrument,
                                                    forced: options.forceReason != nil)
            let fileZones = Set(plan.areas.flatMap(\.zones).map(\.kind))
            let kept = version.zones.filter { !fileZones.contains($0.kind) }.map(\.kind.rawValue)
            if !kept.isEmpty {
                printError("note: kept zones \(kept.joined(separator: ", ")) from the previous boundary, within the new one; the file carries \(fileZones.isEmpty ? "no zones" : "only " + fileZones.map(\.rawValue).sorted().joined(separator: ", ")) (give --zone-field to replace them)")
            }
            print("\(area.code) (\(area.name)): new boundary from \(version.validFrom), \(Format.km2(version.areaKm2)) km², \(version.zones.count) zone(s), change \(version.change.rawValue)")
        }
    }

    /// Adjustment files often have no name field: fall back to the first string field, which only labels warnings.
    private func nameFieldOrNone(_ file: String, _ options: RegistryImportOptions) throws -> String? {
        let layer = try VectorSource(path: file, encoding: options.encoding).layer(options.layer)
        let fields = layer.fields
        let known = ["name", "NAME", "Name", "名称"]
        return fields.first { known.contains($0.name) }?.name ?? fields.first?.name
    }
}

struct ReservesWithdraw: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "withdraw", abstract: "Withdraw a protected area from a date on (its history is kept).")

    @OptionGroup var workspace: WorkspaceOptions
    @Argument(help: "The area's id or code.") var id: String
    @Option(help: "First day it no longer exists, YYYY-MM-DD.") var effective: String
    @Option(help: "Legal instrument: \"NUMBER\" or \"NUMBER: text\".") var instrument: String

    func run() async throws {
        try await reportingFailure {
            let registry = try workspace.registry()
            let area = try await registry.area(id)
            try await registry.withdraw(id, effective: try Day(effective), instrument: LegalInstrument(parsing: instrument))
            print("\(area.code) (\(area.name)) withdrawn from \(effective)")
        }
    }
}

struct ReservesCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Check zoning and overlaps: zone overlaps, zones outside their reserve, gaps, slivers, overlapping areas.")

    @OptionGroup var workspace: WorkspaceOptions
    @Option(help: "The day, YYYY-MM-DD (default: today).") var asOf: String?
    @Option(help: "Ignore findings smaller than this many m².") var tolerance: Double = 1
    @Option(help: "Examine at most this many pairs of areas with overlapping extents for overlaps; more are counted.") var maxOverlaps = 50_000
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await reportingFailure {
            let areas = try await workspace.registry().list(asOf: try asOf.map(Day.init) ?? workspace.clock.today)
            var check = RegistryCheck()
            check.tolerance = tolerance
            check.maxOverlapFindings = max(0, maxOverlaps)
            let report = try check.report(areas)
            let findings = report.findings
            let errors = findings.filter(\.isError).count
            if json {
                JSONOutput.print(RegistryCheckShape(report, areasChecked: areas.count))
                if errors > 0 { throw ExitCode(2) }
                return
            }
            var table = TextTable("finding", "areas", "zones", "area m²", "location (lon lat)")
            for f in findings {
                table.add(f.kind.rawValue, f.areas.joined(separator: " × "), f.zones.map(\.rawValue).joined(separator: " × "),
                          String(format: "%.1f", f.areaM2), String(format: "%.6f %.6f", f.location.x, f.location.y))
            }
            if !findings.isEmpty { print(table.text) }
            if report.unmeasuredOverlaps > 0 {
                print("\(report.unmeasuredOverlaps) more pair(s) of areas with overlapping extents past --max-overlaps \(check.maxOverlapFindings): not examined (raise it to list their overlaps)")
            }
            print("\(areas.count) area(s) checked: \(errors) error(s), \(findings.count - errors) note(s)")
            if errors > 0 { throw ExitCode(2) }
        }
    }
}

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Export layers as GeoJSON, GeoPackage, Shapefile or CSV.",
                                                    subcommands: [ExportReserves.self, ExportCells.self, ExportPatches.self, ExportCases.self, ExportDisclosure.self])
}

struct ExportReserves: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reserves", abstract: "Export protected areas (or their zones) in force on a day.")

    @OptionGroup var workspace: WorkspaceOptions
    @Option(name: .shortAndLong, help: "Output file; the extension picks the format: .geojson, .gpkg, .shp, .csv, .xlsx.") var output: String
    @OptionGroup var table: TableOptions
    @Option(help: "The day, YYYY-MM-DD (default: today).") var asOf: String?
    @Flag(help: "One feature per zone instead of per area.") var zones = false

    func run() async throws {
        try await reportingFailure {
            let features = try await workspace.registry().features(asOf: try asOf.map(Day.init) ?? workspace.clock.today, zones: zones)
            try table.write(features, to: output)
            print("wrote \(features.count) feature(s) to \(output)")
        }
    }
}
