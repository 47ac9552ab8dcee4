import Foundation
import GeoKit

/// Grid test data built from the Taizhou fixtures (bare GCJ-02 geometries named by adcode):
/// features with the code, name and parent fields a grid import needs.
public enum GridScene {
    /// Taizhou (泰州市) and its six districts by GB/T 2260 code.
    public static let taizhou = "321200"
    public static let districts: [(code: String, name: String)] = [
        ("321202", "海陵区"), ("321203", "高港区"), ("321204", "姜堰区"),
        ("321281", "兴化市"), ("321282", "靖江市"), ("321283", "泰兴市"),
    ]

    /// The fixture geometry of `code`, in GCJ-02 as stored, or converted to WGS84.
    public static func geometry(_ code: String, wgs84: Bool = true) throws -> Geometry {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixture.path("admin_cn/\(code).geojson")))
        let g = try GeoJSON.read([UInt8](data))[0].geometry!
        return wgs84 ? g.converted(from: .gcj02) : g
    }

    /// The city as one feature (code, name), GCJ-02 or WGS84.
    public static func city(wgs84: Bool = true) throws -> Feature {
        Feature(geometry: try geometry(taizhou, wgs84: wgs84), properties: ["code": .string(taizhou), "name": "泰州市"])
    }

    /// The six districts as features (code, name, parent), GCJ-02 or WGS84.
    public static func districtFeatures(wgs84: Bool = true) throws -> [Feature] {
        try districts.map { d in
            Feature(geometry: try geometry(d.code, wgs84: wgs84),
                    properties: ["code": .string(d.code), "name": .string(d.name), "parent": .string(taizhou)])
        }
    }

    /// A feature of a grid cell for import files.
    public static func cell(_ code: String, _ name: String, parent: String?, _ geometry: Geometry) -> Feature {
        Feature(geometry: geometry, properties: ["code": .string(code), "name": .string(name), "parent": parent.map(JSONValue.string) ?? .null])
    }
}
