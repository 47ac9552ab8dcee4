import Foundation
import GeoKit

/// Field photos with EXIF GPS, made with GDAL's JPEG driver.
public enum Photo {
    /// A 16×16 green JPEG named `name` in `dir` whose EXIF GPS says it was taken at `c` (WGS 84),
    /// and, given `time` ("2026:06:20 10:11:12", EXIF's form), its EXIF DateTimeOriginal.
    public static func make(in dir: URL, name: String, at c: Coordinate, time: String? = nil) throws -> String {
        let png = dir.appendingPathComponent(name + ".png").path
        try Canvas(width: 16, height: 16, fill: RGB(40, 120, 40)).writePNG(to: png)
        func dms(_ v: Double) -> String {
            let d = Int(v), m = Int((v - Double(d)) * 60), s = ((v - Double(d)) * 60 - Double(m)) * 60
            return "(\(d)) (\(m)) (\(String(format: "%.4f", s)))"
        }
        let out = dir.appendingPathComponent(name).path
        _ = try ChildProcess.run("/usr/bin/gdal_translate", ["-q", "-of", "JPEG", "-mo", "EXIF_GPSLatitude=\(dms(c.y))", "-mo", "EXIF_GPSLatitudeRef=N",
                       "-mo", "EXIF_GPSLongitude=\(dms(c.x))", "-mo", "EXIF_GPSLongitudeRef=E"]
            + (time.map { ["-mo", "EXIF_DateTimeOriginal=\($0)"] } ?? []) + [png, out], timeout: 120)
        try? FileManager.default.removeItem(atPath: out + ".aux.xml")
        return out
    }
}
