import GeoKit

/// Reads where and when a field photo was taken from its EXIF tags (through GDAL's JPEG driver).
public enum PhotoLocation {
    /// When the camera says the photo was taken (EXIF DateTimeOriginal, else DateTime), as
    /// "2026-06-20 10:11:12" in the camera's local time (EXIF has no zone); nil without it.
    public static func time(of path: String) -> String? {
        guard let raster = try? Raster.open(path) else { return nil }
        let tags = raster.metadata()
        guard let text = tags["EXIF_DateTimeOriginal"] ?? tags["EXIF_DateTime"] else { return nil }
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: " ")
        guard parts.count == 2, parts[0].count == 10, parts[1].count == 8, !parts[0].hasPrefix("0000") else { return nil }
        return parts[0].replacingOccurrences(of: ":", with: "-") + " " + parts[1]
    }

    /// The lon/lat in the photo's EXIF, or nil when it has none or is not an image GDAL reads.
    public static func position(of path: String) -> Coordinate? {
        guard let raster = try? Raster.open(path) else { return nil }
        let tags = raster.metadata()
        guard let lat = degrees(tags["EXIF_GPSLatitude"]), let lon = degrees(tags["EXIF_GPSLongitude"]) else { return nil }
        let south = tags["EXIF_GPSLatitudeRef"]?.uppercased().hasPrefix("S") == true
        let west = tags["EXIF_GPSLongitudeRef"]?.uppercased().hasPrefix("W") == true
        return Coordinate(west ? -lon : lon, south ? -lat : lat)
    }

    /// Parses GDAL's rendering of an EXIF rational triple, "(32) (29) (12.34)", as degrees.
    static func degrees(_ text: String?) -> Double? {
        guard let text else { return nil }
        let parts = text.split(whereSeparator: { $0 == "(" || $0 == ")" || $0 == " " }).compactMap { Double($0) }
        guard parts.count == 3 else { return nil }
        return parts[0] + parts[1] / 60 + parts[2] / 3600
    }
}
