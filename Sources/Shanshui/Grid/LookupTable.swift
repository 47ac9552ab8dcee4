import Foundation
import GeoKit

/// The records of a lookup input file: a CSV of lon,lat (read directly, fast) or any OGR layer
/// of points or polygons, with each record's own fields kept for the output.
public struct LookupTable: Sendable {
    /// The input's column names.
    public var header: [String]
    /// Each record's fields, as text.
    public var rows: [[String]]
    /// Each record's geometry in lon/lat (WGS84): points, or polygons for overlap lookups.
    public var geometries: [Geometry?]
    /// For a CSV read as GB18030, the line saying so (`SheetFile.read`); nil otherwise.
    public var note: String?

    /// The names a longitude or latitude column may have in a CSV.
    static let lonNames: Set<String> = ["lon", "lng", "long", "longitude", "x", "经度"]
    static let latNames: Set<String> = ["lat", "latitude", "y", "纬度"]

    /// Reads `path`: a `.csv` or a workbook (`SheetFile`: `.xlsx`, `.xls`, `.ods`) with lon/lat
    /// columns (or two unnamed numeric columns first), or any vector file GDAL reads, reprojected
    /// to WGS84 and out of GCJ-02/BD-09 when told.
    /// - Throws: `DomainError` naming the line or feature whose coordinates are unusable.
    public static func read(_ path: String, datum: ChinaOffset.Datum = .wgs84, sourceCRS: CRS? = nil) throws -> LookupTable {
        var table = path.lowercased().hasSuffix(".csv") || SheetFile.isWorkbook(path) ? try csv(path) : try ogr(path, sourceCRS: sourceCRS)
        if datum != .wgs84 { table.geometries = table.geometries.map { $0?.converted(from: datum) } }
        return table
    }

    /// The point of each record (nil for other shapes).
    public var points: [Coordinate?] {
        geometries.map { if case .point(let c)? = $0 { c } else { nil } }
    }

    private static func csv(_ path: String) throws -> LookupTable {
        let sheet = try SheetFile.read(path)
        var table = LookupTable(header: [], rows: [], geometries: [], note: sheet.note)
        var columns: (lon: Int, lat: Int)?
        try CSV.forEachRecord(sheet.csv, source: path) { line, fields in
            if columns == nil {
                let names = fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                if let x = names.firstIndex(where: lonNames.contains), let y = names.firstIndex(where: latNames.contains) {
                    columns = (x, y)
                    table.header = fields
                    return
                }
                guard fields.count >= 2, Double(names[0]) != nil, Double(names[1]) != nil else {
                    throw DomainError.invalidInput("\(path): no lon and lat columns in the header (\(fields.joined(separator: ","))); name them lon,lat or put them first without a header")
                }
                columns = (0, 1)
                table.header = ["lon", "lat"] + (2..<max(2, fields.count)).map { "field\($0 + 1)" }
            }
            let (x, y) = columns!
            func number(_ text: String) -> Double? { Double(text) ?? Double(text.trimmingCharacters(in: .whitespaces)) }
            guard x < fields.count, y < fields.count, let lon = number(fields[x]), let lat = number(fields[y]) else {
                throw DomainError.invalidInput("\(path), line \(line): no numeric lon,lat in '\(fields.joined(separator: ","))'")
            }
            guard abs(lon) <= 180, abs(lat) <= 90 else {
                throw DomainError.invalidInput("\(path), line \(line): (\(lon), \(lat)) is not a lon/lat position")
            }
            table.rows.append(fields)
            table.geometries.append(.point(Coordinate(lon, lat)))
        }
        return table
    }

    private static func ogr(_ path: String, sourceCRS: CRS?) throws -> LookupTable {
        let layer = try VectorSource(path: path).layer()
        let header = layer.fields.map(\.name)
        let features = try layer.features(to: .wgs84, sourceCRS: sourceCRS)
        return LookupTable(header: header, rows: features.map { f in
            header.map { key in
                switch f.properties[key] {
                case nil, .null?: ""
                case .string(let s)?: s
                case let other?: other.serialized()
                }
            }
        }, geometries: features.map(\.geometry))
    }
}
