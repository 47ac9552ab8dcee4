import CGDAL
import Foundation

extension VectorSource {
    /// GDAL reads GeoJSON through json-c, which takes what RFC 8259 refuses (`01`, `.5`, `+1`,
    /// `NaN`, bytes that are not UTF-8), and reads a `crs` member it does not understand as
    /// WGS84. So a local GeoJSON file is first checked with Shanshui's strict parser, the one the
    /// HTTP uploads go through, and its legacy `crs` member must name a CRS PROJ knows.
    /// - Throws: `GDALError` naming the file, line and column, or the `crs` member at fault.
    static func checkGeoJSON(_ path: String) throws {
        guard !path.hasPrefix("/vsi"), !GDALPath.isRemote(path), let data = FileManager.default.contents(atPath: path) else { return }
        let root: JSONValue
        do {
            // The top three levels hold the crs member; deeper levels are checked, not kept.
            root = try JSONValue.check(data, keepingDepth: 3)
        } catch let error as JSONError {
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

    /// True when the dataset was opened by GDAL's GeoJSON driver.
    static func isGeoJSON(_ h: GDALDatasetH) -> Bool {
        GDALGetDatasetDriver(h).flatMap { GDALGetDriverShortName($0) }.map { String(cString: $0) } == "GeoJSON"
    }
}
