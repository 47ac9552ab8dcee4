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

    /// The `--source-crs` to suggest for coordinates whose file names no CRS, judged by their
    /// size: lon/lat degrees; Gauss-Krüger with the zone number in front of x (8 digits: 6-degree
    /// zones 13–23, 3-degree zones 25–45, CGCS2000's EPSG:4491–4501 and 4513–4533), which names
    /// the zone; or Gauss-Krüger without it (6 digits), whose central meridian the data alone
    /// cannot tell.
    public static func suggestion(forUnknownCRS extent: Envelope) -> String {
        let x = (extent.minX + extent.maxX) / 2, zone = Int((x / 1_000_000).rounded(.down))
        let sameZone = Int((extent.minX / 1_000_000).rounded(.down)) == Int((extent.maxX / 1_000_000).rounded(.down))
        if extent.minX >= -180, extent.maxX <= 180, extent.minY >= -90, extent.maxY <= 90 {
            return "its coordinates look like lon/lat degrees: give --source-crs EPSG:4490 (CGCS2000; EPSG:4326 for WGS 84)"
        }
        if sameZone, extent.minY > 0, extent.maxY < 10_000_000, let epsg = (13...23).contains(zone) ? 4491 + zone - 13
            : (25...45).contains(zone) ? 4513 + zone - 25 : nil, let crs = try? CRS(epsg: epsg) {
            return "its x values (\(range(extent.minX, extent.maxX))) carry Gauss-Krüger zone \(zone) in front: "
                + "give --source-crs EPSG:\(epsg) (\(crs.name)), or the same zone of the datum the file was surveyed in"
        }
        if extent.minX > 0, extent.maxX < 1_000_000, extent.minY > 0, extent.maxY < 10_000_000 {
            return "its coordinates look like Gauss-Krüger metres without the zone in x: give --source-crs with the zone's "
                + "central meridian, e.g. EPSG:4549 (CGCS2000 / 3-degree Gauss-Kruger CM 120E; EPSG:4534–4554 for CM 75E–135E)"
        }
        return "give the source CRS, e.g. --source-crs EPSG:4490"
    }

    private static func range(_ low: Double, _ high: Double) -> String {
        func text(_ v: Double) -> String { abs(v) >= 1000 ? String(Int(v.rounded())) : String((v * 1000).rounded() / 1000) }
        return text(low) + "…" + text(high)
    }
}
