import ArgumentParser
import Foundation
import GeoKit
import Shanshui

/// `shanshui detect BEFORE AFTER -o OUT`: change patches between two imagery epochs.
struct DetectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Find change patches (mining, construction, roads, water works, reclamation…) between two imagery epochs.",
        discussion: """
            BEFORE and AFTER are a raster (GeoTIFF, COG, ENVI, JP2…) or a comma-separated list of single-band rasters, \
            as paths or URLs (https://, s3://, gs://; read in place, by byte ranges). \
            AFTER is warped onto BEFORE's grid when needed; only the overlap is compared. OUT's extension picks \
            GeoJSON (.geojson, RFC 7946, provenance as a foreign member) or GeoPackage (.gpkg, provenance in OUT.provenance.json).
            """)

    @Argument(help: "The earlier epoch: a raster or comma-separated single-band rasters.") var before: String
    @Argument(help: "The later epoch, likewise.") var after: String
    @Option(name: .shortAndLong, help: "Patches file: .geojson or .gpkg.") var output: String
    @Option(help: "Band roles, e.g. blue=1,green=2,red=3,nir=4,swir1=5,swir2=6 (default: from band names, else the first four).")
    var bands: String?
    @Option(help: "BEFORE cloud/invalid mask (non-zero = masked), any grid.") var beforeMask: String?
    @Option(help: "AFTER cloud/invalid mask (non-zero = masked), any grid.") var afterMask: String?
    @Option(help: "Minimum patch area in m².") var minArea: Double = 1000
    @Option(help: "Write the change raster here: 1 change, 0 no change, 255 not assessed.") var maskOut: String?
    @Option(help: "Change magnitude threshold (default: chosen per scene by Otsu's method).") var threshold: Float?
    @Option(help: "Simplify outlines with this tolerance in the grid's CRS units (metres for UTM).") var simplify: Double?
    @Option(help: "Only detect inside this lon/lat box: minLon,minLat,maxLon,maxLat.") var region: String?
    @Flag(help: "Do not screen clouds and shadows automatically.") var noCloudScreen = false
    @Option(help: "Worker threads (default: all cores).") var threads: Int?
    @Flag(help: "No progress on stderr.") var quiet = false

    func run() async throws {
        try await reportingFailure {
            _ = try VectorFormat(path: output)
            for path in [output, maskOut].compactMap({ $0 }) {
                let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
                guard FileManager.default.fileExists(atPath: directory) else {
                    throw ValidationError("cannot write '\(path)': the folder '\(directory)' does not exist")
                }
            }
            var configuration = DetectionConfiguration()
            configuration.bandRoles = try bands.map { try BandRoles(parsing: $0) }
            configuration.minimumArea = minArea
            configuration.changeRasterPath = maskOut
            configuration.threshold = threshold
            configuration.simplifyTolerance = simplify
            configuration.cloudScreen = !noCloudScreen
            if let threads { configuration.threads = threads }
            let box = try region.map(parseRegion)
            let quiet = self.quiet
            let result = try ChangeDetector(configuration, clock: try WallClock.command()).detect(
                before: EpochSource(argument: before, mask: beforeMask), after: EpochSource(argument: after, mask: afterMask),
                region: box, progress: { progress in
                    if !quiet { FileHandle.standardError.write(Data("\(progress.line)\n".utf8)) }
                })
            try result.write(to: output)
            print(result.summary.text)
            print("wrote \(result.patches.count) patches to \(output)")
        }
    }

    private func parseRegion(_ text: String) throws -> Envelope {
        let v = text.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard v.count == 4, v[0] < v[2], v[1] < v[3] else {
            throw ValidationError("--region wants minLon,minLat,maxLon,maxLat with min < max, got '\(text)'")
        }
        return Envelope(minX: v[0], minY: v[1], maxX: v[2], maxY: v[3])
    }
}
