/// The vector formats Shanshui writes, chosen by file extension as users expect of GIS tools.
public enum VectorFormat: String, Sendable, CaseIterable {
    /// RFC 7946 GeoJSON (`.geojson`, `.json`), written by GeoKit's own encoder.
    case geojson
    /// OGC GeoPackage (`.gpkg`).
    case geopackage
    /// ESRI Shapefile (`.shp` plus sidecars, or all in one `.shp.zip`), UTF-8 attributes.
    case shapefile
    /// CSV for spreadsheets (`.csv`): UTF-8 with a byte-order mark, a point's `lon`/`lat`
    /// (the geometry as WKT on request), no sidecar files.
    case csv
    /// An Excel workbook (`.xlsx`, Office Open XML), one sheet, a point's `lon`/`lat`.
    case xlsx

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
        case "xlsx": self = .xlsx
        default:
            throw GDALError(message: "cannot tell the output format of '\(path)': use .geojson, .gpkg, .shp, .shp.zip, .csv or .xlsx")
        }
    }

    /// The OGR driver that writes it.
    var driverName: String {
        switch self {
        case .geojson: "GeoJSON"
        case .geopackage: "GPKG"
        case .shapefile: "ESRI Shapefile"
        case .csv: "CSV"
        case .xlsx: "XLSX"
        }
    }

    /// True for tables read by spreadsheets (CSV, XLSX), which hold a point's lon/lat, not shapes.
    var isTable: Bool { self == .csv || self == .xlsx }
}
