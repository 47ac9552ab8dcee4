extension CRS {
    /// Checks that coordinates declared in this CRS are where such coordinates can be, so a
    /// file with the wrong CRS is refused instead of stored in the wrong place: degrees read
    /// as metres (a file declaring EPSG:3857 over lon/lat put every reserve, 0 km² each, near
    /// (0, 0)), or a Gauss-Krüger zone that is not the data's.
    /// - Parameters:
    ///   - extent: The bounding box of the coordinates as written, in this CRS.
    ///   - lonLat: The same coordinates' bounding box after reprojection to lon/lat degrees.
    ///   - source: The file (and layer) for the message.
    /// - Throws: `GDALError` naming the file, the CRS and where the coordinates fell.
    public func checkPlausible(extent: Envelope, lonLat: Envelope?, source: String) throws {
        if !isGeographic, extent.minX >= -180, extent.maxX <= 180, extent.minY >= -90, extent.maxY <= 90 {
            throw GDALError(message: "\(source): its coordinates (x \(Self.range(extent.minX, extent.maxX)), y \(Self.range(extent.minY, extent.maxY))) "
                + "look like lon/lat degrees, but it declares \(self) (\(name)), which counts in metres: give --source-crs EPSG:4490 (or EPSG:4326)")
        }
        guard let use = areaOfUse, let lonLat else { return }
        // Data often runs a little past a zone's edge; a margin keeps that, not a wrong zone.
        let margin = max(1, 0.25 * max(use.extent.maxX - use.extent.minX, use.extent.maxY - use.extent.minY))
        guard lonLat.minX < use.extent.minX - margin || lonLat.maxX > use.extent.maxX + margin
                || lonLat.minY < use.extent.minY - margin || lonLat.maxY > use.extent.maxY + margin else { return }
        throw GDALError(message: "\(source): its coordinates fall at lon \(Self.range(lonLat.minX, lonLat.maxX)), lat \(Self.range(lonLat.minY, lonLat.maxY)), "
            + "outside where \(self) (\(name)) is used (\(use.name): lon \(Self.range(use.extent.minX, use.extent.maxX)), "
            + "lat \(Self.range(use.extent.minY, use.extent.maxY))): the declared CRS is probably wrong; give --source-crs")
    }

    private static func range(_ low: Double, _ high: Double) -> String {
        func text(_ v: Double) -> String { abs(v) >= 1000 ? String(Int(v.rounded())) : String((v * 1000).rounded() / 1000) }
        return text(low) + "…" + text(high)
    }
}
