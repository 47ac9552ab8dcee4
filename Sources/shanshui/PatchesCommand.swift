import ArgumentParser
import Foundation
import GeoKit
import Shanshui

/// `shanshui patches import`: interpreted patches (下发图斑) from elsewhere into the ledger.
struct PatchesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "patches", abstract: "Bring interpreted patches (下发图斑) from elsewhere into the ledger.",
                                                    subcommands: [PatchesImport.self])
}

struct PatchesImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import patches from any vector file as a scan of their own: flagged, routed and chipped like detected ones.")
    @OptionGroup var workspace: WorkspaceOptions
    @Argument(help: "The vector file (Shapefile, GeoPackage, GeoJSON, KML...; any CRS).") var file: String
    @Option(help: "The before epoch (name or id).") var before: String
    @Option(help: "The after epoch (name or id).") var after: String
    @Option(help: "Field holding each patch's source id (图斑编号); default: the feature's position.") var idField: String?
    @Option(help: "Field holding the activity (采矿, 交通, 水利, 建设... or mining, road...); default: other.") var activityField: String?
    @Option(help: "Who interpreted them, e.g. \"国家卫星应用中心 2026H1\".") var source: String?
    @Option(help: "The layer to read (default: the first).") var layer: String?
    @Option(help: "CRS of the coordinates when the file has none or a wrong one, e.g. EPSG:4490, EPSG:4547.") var sourceCRS: String?
    @Flag(name: .customLong("from-gcj02"), help: "Coordinates are GCJ-02 (Amap, DataV, Tencent): convert to WGS84.") var fromGCJ02 = false

    func run() async throws {
        try await reportingFailure {
            var options = PatchImport.Options(before: before, after: after)
            options.idField = idField
            options.activityField = activityField
            options.source = source
            options.layer = layer
            options.sourceCRS = try sourceCRS.map { try CRS($0) }
            options.datum = fromGCJ02 ? .gcj02 : .wgs84
            let (rows, fingerprint, warnings) = try PatchImport.read(file, options: options)
            for warning in warnings { printError("warning: \(warning)") }
            let summary = try await Workspace.scanner(workspace, threads: nil).importPatches(rows, fingerprint: fingerprint, options: options, file: file)
            for warning in summary.warnings { printError("warning: \(warning)") }
            if !summary.outside.isEmpty {
                printError("warning: \(summary.outside.count) patch(es) lie in no protected area in force then and were not stored: "
                    + summary.outside.prefix(10).joined(separator: ", ") + (summary.outside.count > 10 ? "…" : ""))
            }
            if summary.unchanged {
                print("nothing changed: scan \(summary.scanID) already holds \(file) (\(summary.cases.count) case(s))")
                return
            }
            print("scan \(summary.scanID): \(rows.count) patch(es) read from \(file), \(summary.patches) stored in protected areas, "
                + "\(summary.cases.count) new case(s) flagged")
            if let message = CaseRouting.unrouted(summary.cases).message { print("warning: " + message) }
        }
    }
}
