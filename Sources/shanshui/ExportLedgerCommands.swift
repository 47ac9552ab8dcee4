import ArgumentParser
import GeoKit
import Shanshui

struct ExportPatches: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "patches", abstract: "Export detected patches.")
    @OptionGroup var workspace: WorkspaceOptions
    @Option(name: .shortAndLong, help: "Output file: .geojson, .gpkg, .shp, .csv or .xlsx.") var output: String
    @OptionGroup var table: TableOptions
    @Option(help: "Only this scan.") var scan: Int64?

    func run() async throws {
        try await reportingFailure {
            let store = try workspace.open()
            let features = try await store.patches(scanID: scan).map(PatchRecordShape.feature)
            try table.write(features, to: output)
            print("wrote \(features.count) patch(es) to \(output)")
        }
    }
}

struct ExportCases: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cases", abstract: "Export cases with their fields.")
    @OptionGroup var workspace: WorkspaceOptions
    @Option(name: .shortAndLong, help: "Output file: .geojson, .gpkg, .shp, .csv or .xlsx.") var output: String
    @OptionGroup var table: TableOptions
    @Option(help: "Only this scan.") var scan: Int64?
    @Option(help: "Only this status: \(CaseFilter.statusWords.joined(separator: ", ")).") var status: String?

    func run() async throws {
        try await reportingFailure {
            var filter = CaseFilter(scanID: scan)
            if let status { try filter.status(parsing: status) }
            let cases = try await workspace.ledger().list(filter)
            let today = try workspace.clock.today
            try table.write(cases.map { CaseFields.feature($0, today: today) }, to: output)
            print("wrote \(cases.count) case(s) to \(output)")
        }
    }
}
