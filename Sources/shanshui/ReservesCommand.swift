import ArgumentParser
import Foundation
import GeoKit
import Shanshui

/// `shanshui reserves ...`: the protected-area registry.
struct ReservesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reserves",
        abstract: "Manage protected areas: import, list, show, adjust, withdraw, history, check.",
        subcommands: [ReservesImport.self, ReservesList.self, ReservesShow.self, ReservesAdjust.self,
                      ReservesWithdraw.self, ReservesHistory.self, ReservesCheck.self])
}

/// How to read a boundary file: layer, CRS, web-map datum, field names.
struct BoundarySourceOptions: ParsableArguments {
    @Option(help: "The layer to read (default: the first).") var layer: String?
    @Option(help: "Field holding the area name (default: name, NAME, 名称...).") var nameField: String?
    @Option(help: "Field holding the area code; areas are grouped by code, else by name.") var codeField: String?
    @Option(help: "Field holding the area kind.") var kindField: String?
    @Option(help: "The kind of every area: \(ProtectedAreaKind.allCases.map(\.rawValue).joined(separator: ", ")).") var kind: String?
    @Option(help: "Field holding the zone (core/buffer/experimental, core_protection/general_control, or 核心区...).") var zoneField: String?
    @Option(help: "Field holding the administrative level.") var levelField: String?
    @Option(help: "CRS of the coordinates when the file has none or a wrong one, e.g. EPSG:4490, EPSG:4547.") var sourceCRS: String?
    @Flag(name: .customLong("from-gcj02"), help: "Coordinates are GCJ-02 (Amap, DataV, Tencent): convert to WGS84.") var fromGCJ02 = false
    @Flag(name: .customLong("from-bd09"), help: "Coordinates are BD-09 (Baidu): convert to WGS84.") var fromBD09 = false
    @Option(help: "Text encoding of a Shapefile without .cpg: utf-8 or gb18030 (gbk); default: detected.") var encoding: String?
    @Flag(help: "Accept a boundary or zone that grows or shrinks more than ×10 (or collapses) in one version; needs --reason.") var force = false
    @Option(help: "Why a forced change is real; kept in the new version's instrument text.") var reason: String?

    func options(effective: Day, instrument: String?) throws -> RegistryImportOptions {
        guard !(fromGCJ02 && fromBD09) else { throw ValidationError("give --from-gcj02 or --from-bd09, not both") }
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        guard force == (reason?.isEmpty == false) else {
            throw ValidationError(force ? "--force needs --reason \"why the change is real\"" : "--reason goes with --force")
        }
        var o = RegistryImportOptions(effective: effective, instrument: LegalInstrument(parsing: instrument))
        o.forceReason = force ? reason : nil
        o.layer = layer
        o.nameField = nameField
        o.codeField = codeField
        o.kindField = kindField
        o.kind = try kind.map(ProtectedAreaKind.init(parsing:))
        o.zoneField = zoneField
        o.levelField = levelField
        o.sourceCRS = try sourceCRS.map { try CRS($0) }
        o.datum = fromGCJ02 ? .gcj02 : fromBD09 ? .bd09 : .wgs84
        o.encoding = try encoding.map(TextEncoding.init(parsing:))
        return o
    }
}

struct ReservesImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import protected areas and zones from any vector file (Shapefile, GeoPackage, GeoJSON, KML...).")

    @OptionGroup var workspace: WorkspaceOptions
    @Argument(help: "The boundary file.") var file: String
    @OptionGroup var source: BoundarySourceOptions
    @Option(help: "First day the boundaries are in force, YYYY-MM-DD (default: an unknown start for new areas, so imagery of any year can be scanned; an import that changes a stored area needs it).") var effective: String?
    @Option(help: "Legal instrument: \"NUMBER\" or \"NUMBER: text\".") var instrument: String?

    func run() async throws {
        try await reportingFailure {
            let options = try source.options(effective: try effective.map(Day.init) ?? .unknownStart, instrument: instrument)
            let registry = try workspace.registry()
            let plan = try RegistryImport.read(file, options: options)
            for note in plan.notes { printError(note) }
            let summary = try await registry.apply(plan, options: options)
            for warning in summary.warnings { printError("warning: \(warning)") }
            for note in summary.notes { printError("note: \(note)") }
            var table = TextTable("code", "name", "kind", "zones (km²)", "area km²", "result")
            for (item, outcome) in summary.rows {
                let zones = item.zones.map { "\($0.kind.rawValue) \(Format.km2($0.areaKm2))" }.joined(separator: ", ")
                table.add(item.area.code, item.area.name, item.area.kind.rawValue, zones.isEmpty ? "–" : zones,
                          Format.km2(item.boundary.geodesicArea / 1e6), outcome.rawValue)
            }
            print(table.text)
            let zoneCount = summary.rows.reduce(0) { $0 + $1.area.zones.count }
            print("\n\(summary.rows.count) protected area(s), \(zoneCount) zone(s), \(summary.warnings.count) warning(s)")
            if summary.changedNothing { print("nothing changed: the workspace already holds exactly this data") }
        }
    }
}

struct ReservesList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the protected areas in force on a day.")

    @OptionGroup var workspace: WorkspaceOptions
    @Option(help: "Only this kind.") var kind: String?
    @Option(help: "The day, YYYY-MM-DD (default: today).") var asOf: String?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await reportingFailure {
            let day = try asOf.map(Day.init) ?? workspace.clock.today
            let items = try await workspace.registry().list(kind: try kind.map(ProtectedAreaKind.init(parsing:)), asOf: day)
            if json {
                JSONOutput.print(items.map(AreaSummaryShape.init))
                return
            }
            var table = TextTable("id", "code", "name", "kind", "level", "zones", "area km²", "valid from")
            for item in items {
                table.add(String(item.area.id), item.area.code, item.area.name, item.area.kind.rawValue, item.area.level ?? "–",
                          item.version.zones.map(\.kind.rawValue).joined(separator: ","), Format.km2(item.version.areaKm2),
                          item.version.validFrom.shown)
            }
            print(table.text)
            print("\n\(items.count) protected area(s) in force on \(day)")
        }
    }
}

struct ReservesShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one protected area: zones with areas, and its versions.")

    @OptionGroup var workspace: WorkspaceOptions
    @Argument(help: "The area's id or code.") var id: String
    @Option(help: "The day, YYYY-MM-DD (default: today).") var asOf: String?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await reportingFailure {
            let day = try asOf.map(Day.init) ?? workspace.clock.today
            let (area, version, versions) = try await workspace.registry().version(of: id, asOf: day)
            if json {
                JSONOutput.print(AreaDetailShape(area, asOf: day, version: version, versions: versions))
                return
            }
            print("\(area.name)  [\(area.code), id \(area.id)]")
            print("kind: \(area.kind.rawValue) (\(area.kind.chineseName))\(area.level.map { ", level \($0)" } ?? "")")
            if let version {
                print("boundary on \(day): \(Format.km2(version.areaKm2)) km², in force from \(version.validFrom.shown) (\(version.change.rawValue))")
                for zone in version.zones {
                    print("  \(zone.kind.rawValue) \(zone.kind.chineseName): \(Format.km2(zone.areaKm2)) km²")
                }
            } else {
                print("not in force on \(day)")
            }
            print("\nversions:")
            print(HistoryTable.render(versions))
        }
    }
}

struct ReservesHistory: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "List every boundary version of a protected area.")

    @OptionGroup var workspace: WorkspaceOptions
    @Argument(help: "The area's id or code.") var id: String
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await reportingFailure {
            let (area, versions) = try await workspace.registry().history(id)
            if json { return JSONOutput.print(AreaHistoryShape(area, versions)) }
            print("\(area.name) [\(area.code)]")
            print(HistoryTable.render(versions))
        }
    }
}

/// The versions table shared by `show` and `history`.
enum HistoryTable {
    static func render(_ versions: [BoundaryVersion]) -> String {
        var table = TextTable("from", "to", "change", "area km²", "zones", "instrument")
        for v in versions {
            table.add(v.validFrom.shown, v.validTo?.description ?? "–", v.change.rawValue,
                      v.geometry == nil ? "–" : Format.km2(v.areaKm2), v.zones.map(\.kind.rawValue).joined(separator: ","),
                      v.instrument.summary.isEmpty ? "–" : v.instrument.summary)
        }
        return table.text
    }
}

/// Number formats for the terminal.
enum Format {
    static func km2(_ v: Double) -> String { String(format: "%.2f", v) }
}
