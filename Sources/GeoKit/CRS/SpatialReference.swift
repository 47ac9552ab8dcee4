import CGDAL

/// Owns an `OGRSpatialReferenceH` (GDAL's CRS object), for handing CRSs to GDAL and reading them back.
final class SpatialReference {
    let handle: OGRSpatialReferenceH

    /// A GDAL spatial reference for `crs`, in traditional GIS (x = lon, y = lat) axis order.
    init(_ crs: CRS) throws {
        GDAL.ensureRegistered()
        guard let h = OSRNewSpatialReference(nil) else { throw GDALError(message: "cannot make a spatial reference") }
        handle = h
        OSRSetAxisMappingStrategy(h, OAMS_TRADITIONAL_GIS_ORDER)
        let imported: OGRErr
        if let code = crs.epsg { imported = OSRImportFromEPSG(h, Int32(code)) } else {
            imported = OSRSetFromUserInput(h, crs.wkt)
        }
        guard imported == OGRERR_NONE else {
            OSRDestroySpatialReference(h)
            throw GDALError.last("GDAL cannot use the CRS \(crs)")
        }
    }

    deinit { OSRDestroySpatialReference(handle) }

    /// Converts a GDAL-owned spatial reference (not freed here) to a `CRS`, nil when it has none.
    static func crs(of srs: OGRSpatialReferenceH?) -> CRS? {
        guard let srs else { return nil }
        var text: UnsafeMutablePointer<CChar>?
        let options = CStringList(["FORMAT=WKT2_2019"])
        guard OSRExportToWktEx(srs, &text, options.constPointer) == OGRERR_NONE, let text else { return nil }
        defer { VSIFree(text) }
        return try? CRS(String(cString: text))
    }

    /// Converts a WKT projection string as GDAL datasets report it, nil when empty.
    static func crs(wkt: String?) -> CRS? {
        guard let wkt, !wkt.isEmpty else { return nil }
        return try? CRS(wkt)
    }
}
