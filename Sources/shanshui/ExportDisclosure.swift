import ArgumentParser
import GeoKit
import Shanshui

/// `shanshui export disclosure`: closed and transferred cases for the public, without personal data.
struct ExportDisclosure: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disclosure", abstract: "Export closed and transferred cases for public disclosure (no personal data).")
    @OptionGroup var workspace: WorkspaceOptions
    @Option(name: .shortAndLong, help: "Output file: .geojson, .csv or .xlsx (.gpkg and .shp work too).") var output: String
    @OptionGroup var table: TableOptions
    @Option(help: "Only cases detected in this period (2026Q3, 2026H1, 2026).") var period: String?

    func run() async throws {
        try await reportingFailure {
            let features = try await Disclosure.features(try workspace.ledger(), period: try period.map(ReportPeriod.init(parsing:)))
            try table.write(features, to: output)
            print("wrote \(features.count) disclosed case(s) to \(output)")
        }
    }
}
