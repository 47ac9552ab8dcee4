import ArgumentParser
import Foundation
import GeoKit
import Shanshui

/// `shanshui grid ...`: grid cells, their responsible units and people, lookups and checks.
struct GridCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grid",
        abstract: "Grid responsibility: import, dissolve and generate cells; assign units and people; show, history, lookup, check.",
        subcommands: [GridImportCommand.self, GridDissolveCommand.self, GridGenerateCommand.self, GridAssignCommand.self,
                      GridShowCommand.self, GridHistoryCommand.self, GridLookupCommand.self, GridCheckCommand.self,
                      GridBenchCommand.self])
}

extension WorkspaceOptions {
    /// The grid over the workspace.
    func grid() throws -> Grid {
        Grid(store: try open())
    }
}

/// `--from-gcj02` / `--from-bd09`, shared by the commands that read web-map coordinates.
struct DatumOptions: ParsableArguments {
    @Flag(name: .customLong("from-gcj02"), help: "Coordinates are GCJ-02 (Amap, DataV, Tencent): convert to WGS84.") var fromGCJ02 = false
    @Flag(name: .customLong("from-bd09"), help: "Coordinates are BD-09 (Baidu): convert to WGS84.") var fromBD09 = false

    func datum() throws -> ChinaOffset.Datum {
        guard !(fromGCJ02 && fromBD09) else { throw ValidationError("give --from-gcj02 or --from-bd09, not both") }
        return fromGCJ02 ? .gcj02 : fromBD09 ? .bd09 : .wgs84
    }
}

struct GridImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import grid cells of one level from any vector file (administrative polygons, grid schemes).")

    @OptionGroup var workspace: WorkspaceOptions
    @Argument(help: "The file with the cells.") var file: String
    @Option(help: "The level of every cell: county, township, village, or a custom name.") var level: String
    @Option(help: "Field holding the cell code (GB/T 2260 code plus sequence digits).") var codeField: String
    @Option(help: "Field holding the name (default: name, NAME, 名称...; else the code).") var nameField: String?
    @Option(help: "Field holding the parent's code (default: the cell whose code prefixes this one).") var parentField: String?
    @Option(help: "The layer to read (default: the first).") var layer: String?
    @Option(help: "CRS of the coordinates when the file has none or a wrong one, e.g. EPSG:4490, EPSG:4549.") var sourceCRS: String?
    @OptionGroup var datum: DatumOptions
    @Option(help: "Text encoding of a Shapefile without .cpg: utf-8 or gb18030 (gbk); default: detected.") var encoding: String?

    func run() async throws {
        try await reportingFailure {
            var options = GridImportOptions(level: try GridLevel(parsing: level), codeField: codeField)
            options.encoding = try encoding.map(TextEncoding.init(parsing:))
            options.nameField = nameField
            options.parentField = parentField
            options.layer = layer
            options.sourceCRS = try sourceCRS.map { try CRS($0) }
            options.datum = try datum.datum()
            let plan = try GridImport.read(file, options: options)
            for note in plan.notes { printError(note) }
            let summary = try await workspace.grid().apply(plan)
            for warning in summary.warnings { printError("warning: \(warning)") }
            var table = TextTable("code", "name", "level", "parent", "area km²", "result")
            for (cell, outcome) in summary.rows {
                table.add(cell.code, cell.name, cell.level.name, cell.parentCode ?? "–", Format.km2(cell.areaKm2), outcome.rawValue)
            }
            print(table.text)
            let counts = Dictionary(grouping: summary.rows, by: \.outcome.rawValue).mapValues(\.count)
            print("\n\(summary.rows.count) cell(s): " + ["created", "updated", "unchanged"].map { "\(counts[$0] ?? 0) \($0)" }.joined(separator: ", "))
        }
    }
}

struct GridDissolveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dissolve", abstract: "Build missing parent cells by dissolving their children by parent code.")

    @OptionGroup var workspace: WorkspaceOptions
    @Option(help: "The level of the cells to build, e.g. township.") var level: String
    @Option(help: "The level of the children, e.g. village.") var from: String

    func run() async throws {
        try await reportingFailure {
            let created = try await workspace.grid().dissolve(level: try GridLevel(parsing: level), from: try GridLevel(parsing: from))
            guard !created.isEmpty else {
                print("nothing to dissolve: every \(from) cell's parent code already names a cell")
                return
            }
            print(CellTable.render(created))
            print("\n\(created.count) \(level) cell(s) created")
        }
    }
}

struct GridGenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate", abstract: "Divide a cell into square cells (local Gauss-Krüger metres), clipped to it, with deterministic codes.")

    @OptionGroup var workspace: WorkspaceOptions
    @Option(help: "The code of the cell to divide.") var within: String
    @Option(help: "The side of the squares in metres.") var size: Double
    @Option(help: "The level of the new cells, e.g. village.") var level: String

    func run() async throws {
        try await reportingFailure {
            let cells = try await workspace.grid().generate(within: within, size: size, level: try GridLevel(parsing: level))
            print("\(cells.count) \(level) cell(s) of \(Int(size)) m created in \(within): \(cells.first?.code ?? "–") … \(cells.last?.code ?? "–")")
        }
    }
}

/// The cell table shared by the grid commands.
enum CellTable {
    static func render(_ cells: [GridCell]) -> String {
        var table = TextTable("code", "name", "level", "parent", "area km²")
        for cell in cells {
            table.add(cell.code, cell.name, cell.level.name, cell.parentCode ?? "–", Format.km2(cell.areaKm2))
        }
        return table.text
    }
}
