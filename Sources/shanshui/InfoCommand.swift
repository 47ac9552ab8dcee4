import ArgumentParser
import GeoKit

/// `shanshui info FILE`: what gdalinfo and ogrinfo would say, in one command.
struct InfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Describe a raster or vector file: driver, size or layers, CRS, extent, bands or fields.",
        discussion: "Any format GDAL reads: GeoTIFF, COG, ENVI, JP2, VRT, Shapefile (also zipped), GeoPackage, GeoJSON, KML, CSV; /vsizip/ and /vsicurl/ paths and https://, s3://, gs:// URLs too.")

    @Argument(help: "The file (or URL) to describe.") var file: String
    @Flag(help: "Print JSON instead of text.") var json = false

    func run() async throws {
        try await reportingFailure {
            let info = try DatasetInfo.describe(file)
            print(json ? info.json.serialized(pretty: true) : info.text)
        }
    }
}
