import ArgumentParser
import Foundation
import GeoKit
import Shanshui

/// `shanshui report`: the periodic statistics report with tables, CSVs and an overview map.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the period report in Chinese: PDF, HTML, Markdown, a CSV per table, an XLSX workbook and an overview map (PNG).",
        discussion: """
            A case belongs to the period holding its detection day, a patch to the period holding its scan's \
            after-epoch date; statuses are counted as they stand today, as `shanshui cases list` shows them.
            """)

    @OptionGroup var workspace: WorkspaceOptions
    @Option(help: "The period: 2026Q3 (quarter), 2026H1 (half year) or 2026 (year).") var period: String
    @Option(help: "Only cases of this grid cell (a county code, or any cell).") var county: String?
    @Option(help: "Only this protected area (id or code).") var reserve: String?
    @Option(name: .shortAndLong, help: "The folder to write into (created if needed).") var output: String
    @Flag(help: "Print the headline figures as JSON.") var json = false

    func run() async throws {
        try await reportingFailure {
            let store = try workspace.open()
            let builder = PeriodReportBuilder(ledger: try workspace.ledger(), scans: store, registry: Registry(store: store), grid: Grid(store: store))
            let report = try await builder.build(period: try ReportPeriod(parsing: period), county: county, reserve: reserve,
                                                today: try workspace.clock.today)
            try ReportRenderer.write(report, to: output)
            let map = URL(fileURLWithPath: output).appendingPathComponent(ReportRenderer.mapFile).path
            var pdf = "report.pdf, "
            do {
                try OverviewMap().writePrint(report, to: map)
                try ReportRenderer.writePDF(in: output)
            } catch {
                // Without a browser: the map drawn by our own canvas (Latin labels), and no PDF.
                printError("warning: \(error); the map is drawn without Chinese labels and no PDF is written")
                try OverviewMap().write(report, to: map)
                pdf = ""
            }
            let t = report.totals
            if json {
                let members: [(String, JSONValue)] = [("period", .string(report.period.label)), ("cases", .int(Int64(t.cases))),
                    ("by_status", .object(CaseStatus.allCases.map { ($0.rawValue, .int(Int64(t.byStatus[$0, default: 0]))) })),
                    ("overdue", .int(Int64(t.overdue))), ("supervised", .int(Int64(t.supervised))),
                    ("new_patches", .int(Int64(t.newPatches))), ("closure_rate", .double((t.closureRate * 1000).rounded() / 1000))]
                print(JSONValue.object(members).serialized(pretty: true))
                return
            }
            print("report \(report.period) for \(report.scope): \(t.cases) case(s), \(t.byStatus[.closed, default: 0]) closed "
                + String(format: "(%.1f%%)", t.closureRate * 100) + ", \(t.overdue) overdue, \(t.newPatches) new patch(es)")
            print("wrote \(output)/\(pdf)report.html, report.md, \(ReportRenderer.workbookFile), \(ReportRenderer.mapFile) and \(report.tables.count) CSV table(s)")
        }
    }
}
