import ArgumentParser
import Foundation
import GeoKit
import Shanshui

/// `shanshui epochs tiles EPOCH --zoom A-B`: renders an epoch's map tiles into the tile cache
/// `shanshui serve` serves them from, so the first visitors of a zoom range wait for nothing.
struct EpochsTiles: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tiles", abstract: "Pre-render an epoch's map tiles (XYZ, EPSG:3857) into the tile cache the server uses.")
    @OptionGroup var workspace: WorkspaceOptions
    @Argument(help: "The epoch (name or id).") var epoch: String
    @Option(help: "Zoom levels, e.g. 8-14 or 12.") var zoom: String
    @Option(help: "Only tiles meeting this box: minLon,minLat,maxLon,maxLat (default: the epoch's footprint).") var bbox: String?
    @Option(help: "true (true colour), false (false colour) or both.") var style: String = "both"

    func run() async throws {
        try await reportingFailure {
            let bounds = zoom.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
            guard (1...2).contains(bounds.count), let low = bounds.first ?? nil, let high = bounds.last ?? nil, low <= high,
                  (0...TileAddress.maxZoom).contains(low), (0...TileAddress.maxZoom).contains(high) else {
                throw ValidationError("--zoom '\(zoom)': give A-B or one zoom, each 0 to \(TileAddress.maxZoom)")
            }
            let styles = style == "both" ? TileStyle.allCases : [try TileStyle(parsing: style)]
            guard let e = try await workspace.open().epoch(epoch) else { throw ValidationError("no epoch '\(epoch)'") }
            guard let footprint = e.footprint.envelope else { throw ValidationError("epoch \(e.name) has no footprint") }
            let box = try bbox.map { try QueryText.bbox($0) } ?? footprint
            let tiles = EpochTiles(directory: EpochTiles.directory(besideEvidence: workspace.evidenceDirectory))
            var rendered = 0
            for z in low...high {
                for address in TileAddress.covering(box, zoom: z) {
                    for s in styles where try tiles.tile(e, style: s, at: address) != nil { rendered += 1 }
                }
            }
            print("epoch \(e.name): \(rendered) tile(s) of zoom \(low)–\(high) in \(tiles.directory)")
        }
    }
}
