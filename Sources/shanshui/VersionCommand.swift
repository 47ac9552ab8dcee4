import ArgumentParser
import GeoKit

/// `shanshui version`: Shanshui's version and the C libraries it runs on.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version", abstract: "Print Shanshui's version and the GDAL, GEOS, PROJ, SpatiaLite and SQLite versions.")

    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let v = LibraryVersions.current
        if json {
            let doc: JSONValue = .object([("shanshui", .string(ShanshuiVersion.string)), ("gdal", .string(v.gdal)),
                                          ("geos", .string(v.geos)), ("proj", .string(v.proj)),
                                          ("spatialite", .string(v.spatialite)), ("sqlite", .string(v.sqlite))])
            print(doc.serialized(pretty: true))
        } else {
            print("""
                shanshui   \(ShanshuiVersion.string)
                GDAL       \(v.gdal)
                GEOS       \(v.geos)
                PROJ       \(v.proj)
                SpatiaLite \(v.spatialite)
                SQLite     \(v.sqlite)
                """)
        }
    }
}
