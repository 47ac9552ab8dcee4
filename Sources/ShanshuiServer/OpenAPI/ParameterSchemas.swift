import GeoKit
import Shanshui

/// The type of every query and path parameter by name, one table for both documents, so
/// `limit` is an integer and `bbox` four numbers wherever they appear. Unknown names are strings.
enum ParameterSchemas {
    /// The schema of a parameter, and for `bbox` its serialisation (comma-separated, not exploded).
    static func schema(_ name: String, path: String) -> (schema: JSONValue, explode: Bool?) {
        switch name {
        case "bbox":
            return (Schema.array(Schema.number, minItems: 4, maxItems: 6), false)
        case "limit":
            if path.hasPrefix("/ogc") { return (Schema.integer(minimum: 1, default: OGCFeaturesController.defaultLimit), nil) }
            // Features (patches, cells) come 1,000 a page up to 10,000; listings (cases, areas) 100 up to 1,000.
            return path == "/api/v1/patches" || path == "/api/v1/grid/cells" ? (Schema.integer(minimum: 1, maximum: 10_000, default: 1000), nil)
                : (Schema.integer(minimum: 1, maximum: 1000, default: 100), nil)
        case "offset": return (Schema.integer(minimum: 0, default: 0), nil)
        case "as_of", "effective", "due_by": return (Schema.date, nil)
        case "activity": return (Schema.enumeration(Activity.allCases.map(\.rawValue)), nil)
        case "severity": return (Schema.enumeration(Severity.allCases.map(\.rawValue)), nil)
        case "confidence": return (Schema.number(0...1), nil)
        case "sort": return (Schema.enumeration(CaseSort.Key.allCases.flatMap { [$0.rawValue, "-" + $0.rawValue] }), nil)
        case "lang": return (Schema.enumeration(["zh-CN", "en"]), nil)
        case "lon": return (Schema.number(-180...180), nil)
        case "lat": return (Schema.number(-90...90), nil)
        case "overdue": return (Schema.boolean, nil)
        case "scan": return (Schema.integer(minimum: 1), nil)
        case "f": return (Schema.enumeration(["json", "geojson"]), nil)
        case "bbox-crs": return (Schema.enumeration([OGCFeaturesController.crs84]), nil)
        case "datetime": return (Schema.string, nil)
        case "collectionId", "layer": return (Schema.enumeration(MapLayer.allCases.map(\.rawValue)), nil)
        case "format":
            return (Schema.enumeration(path == "/api/v1/downloads/cases" ? ["csv", "gpkg"] : ["geojson", "gpkg", "csv"]), nil)
        case "style": return (Schema.enumeration(["true", "false"]), nil)
        case "z": return (Schema.integer(minimum: 0, maximum: TileAddress.maxZoom), nil)
        case "x", "y": return (Schema.integer(minimum: 0), nil)
        default: return (Schema.string, nil)
        }
    }

    /// Query parameters a route cannot do without (all others are optional).
    static func isRequired(_ name: String, path: String) -> Bool {
        (path == "/api/v1/grid/lookup" && (name == "lon" || name == "lat")) || (path == "/api/v1/search" && name == "q")
    }
}
