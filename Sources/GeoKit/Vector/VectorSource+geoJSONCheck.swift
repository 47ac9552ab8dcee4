import CGDAL
import Foundation

extension VectorSource {
    /// Most properties (fields) one feature or layer may have: GDAL looks fields up by name one
    /// by one, so reading grows with the square of their number (100,000 took minutes).
    public static let maximumFields = 10_000

    /// GDAL reads GeoJSON through json-c, which takes what RFC 8259 refuses (`01`, `.5`, `+1`,
    /// `NaN`, bytes that are not UTF-8), and reads a `crs` member it does not understand as
    /// WGS84. So a local GeoJSON file is first checked with Shanshui's strict parser, the one the
    /// HTTP uploads go through, and its legacy `crs` member must name a CRS PROJ knows. No
    /// object may have more than `maximumFields` members.
    /// - Throws: `GDALError` naming the file, line and column, or the `crs` member at fault.
    static func checkGeoJSON(_ path: String) throws {
        guard !path.hasPrefix("/vsi"), !GDALPath.isRemote(path), let data = FileManager.default.contents(atPath: path) else { return }
        let root: JSONValue
        do {
            // The top three levels hold the crs member; deeper levels are checked, not kept.
            root = try JSONValue.check(data, keepingDepth: 3, maxMembers: maximumFields)
        } catch let error as JSONError {
            if case .tooManyMembers = error.reason { throw GDALError(message: "'\(path)': \(error); refused") }
            throw GDALError(message: "'\(path)' is not valid JSON (RFC 8259): \(error)")
        }
        let name: String?
        do { name = try GeoJSON.legacyCRS(in: root) } catch {
            throw GDALError(message: "'\(path)': \(error); fix or remove the crs member (and give --source-crs)")
        }
        guard let name else { return }
        let upper = name.uppercased()
        if upper.hasSuffix("CRS84") || upper == "CRS:84" { return }
        do { _ = try CRS(name) } catch {
            throw GDALError(message: "'\(path)': its crs member names '\(name)', a CRS PROJ does not know; "
                + "fix or remove the crs member (and give --source-crs)")
        }
    }

    /// True when GDAL would open `gdalPath` with its GeoJSON driver (checked before opening,
    /// which is where GDAL's own reading costs).
    static func isGeoJSON(_ gdalPath: String) -> Bool {
        guard let driver = GDALIdentifyDriverEx(gdalPath, UInt32(GDAL_OF_VECTOR), nil, nil) else { return false }
        return GDALGetDriverShortName(driver).map { String(cString: $0) } == "GeoJSON"
    }
}
