/// The vector formats Shanshui writes, chosen by file extension as users expect of GIS tools.
public enum VectorFormat: String, Sendable, CaseIterable {
    /// RFC 7946 GeoJSON (`.geojson`, `.json`), written by GeoKit's own encoder.
    case geojson
    /// OGC GeoPackage (`.gpkg`).
    case geopackage
    /// ESRI Shapefile (`.shp` plus sidecars, or all in one `.shp.zip`), UTF-8 attributes.
    case shapefile
    /// CSV with the geometry as WKT in a `WKT` column (`.csv`).
    case csv

    /// The format for `path`'s extension.
    /// - Throws: `GDALError` listing the accepted extensions.
    public init(path: String) throws {
        let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        switch ext {
        case "geojson", "json": self = .geojson
        case "gpkg": self = .geopackage
        case "shp": self = .shapefile
        case "zip" where path.lowercased().hasSuffix(".shp.zip"): self = .shapefile
        case "csv": self = .csv
        default:
            throw GDALError(message: "cannot tell the output format of '\(path)': use .geojson, .gpkg, .shp, .shp.zip or .csv")
        }
    }

    /// The OGR driver that writes it.
    var driverName: String {
        switch self {
        case .geojson: "GeoJSON"
        case .geopackage: "GPKG"
        case .shapefile: "ESRI Shapefile"
        case .csv: "CSV"
        }
    }
}
