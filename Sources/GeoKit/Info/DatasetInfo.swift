import Foundation

/// What `shanshui info` reports about a file: gdalinfo and ogrinfo in one (and NumPy arrays,
/// which GDAL does not read but EO pipelines keep bands in).
public enum DatasetInfo: Sendable {
    case raster(RasterSummary)
    case vector(VectorSummary)
    case array(ArraySummary)

    /// Describes any raster or vector file GDAL can open, local or at a URL.
    /// - Throws: `GDALError` with one line naming the file and the reason (missing, unreadable,
    ///   not a raster or vector format).
    public static func describe(_ path: String) throws -> DatasetInfo {
        try VectorSource.checkExists(path)
        if let array = ArraySummary(path: path) { return .array(array) }
        do {
            let raster = try Raster.open(path)
            if raster.bandCount > 0 { return .raster(RasterSummary(raster)) }
        } catch let error as GDALError where GDALPath.isRemote(path) && error.message.contains("not reachable") {
            throw error   // the server's answer says more than "not a vector format" would
        } catch {}
        do {
            return .vector(try VectorSummary(VectorSource(path: path)))
        } catch let error as GDALError where error.message.contains("not a vector format") {
            throw GDALError(code: 4, message: "'\(path)' is not a raster or vector format GDAL recognises")
        }
    }

    /// The description as JSON, for scripts (`--json`).
    public var json: JSONValue {
        switch self {
        case .raster(let r): r.json
        case .vector(let v): v.json
        case .array(let a): a.json
        }
    }

    /// The description as aligned text for a terminal.
    public var text: String {
        switch self {
        case .raster(let r): r.text
        case .vector(let v): v.text
        case .array(let a): a.text
        }
    }
}

/// A CRS as reported: name, EPSG code when known, and whether it is geographic.
public struct CRSSummary: Sendable, Hashable {
    public var name: String
    public var epsg: Int?
    public var isGeographic: Bool

    init(_ crs: CRS) {
        name = crs.name
        epsg = crs.epsg
        isGeographic = crs.isGeographic
    }

    var json: JSONValue {
        .object([("name", .string(name)), ("epsg", epsg.map { .int(Int64($0)) } ?? .null),
                 ("geographic", .bool(isGeographic))])
    }

    var text: String { epsg.map { "\(name) (EPSG:\($0))" } ?? name }
}

extension Envelope {
    /// `[minX, minY, maxX, maxY]` as JSON.
    var json: JSONValue { .array([.double(minX), .double(minY), .double(maxX), .double(maxY)]) }

    /// The box in lon/lat, or nil when it cannot be transformed.
    func lonLat(from crs: CRS?) -> Envelope? {
        guard let crs else { return nil }
        return try? Transformer(from: crs, to: .wgs84).transform(self)
    }

    func text(decimals: Int) -> String {
        let f = { (v: Double) in String(format: "%.\(decimals)f", v) }
        return "\(f(minX)), \(f(minY)) – \(f(maxX)), \(f(maxY))"
    }
}

/// Text rows `label: value` with the labels padded to one width.
struct InfoLines {
    private var rows: [(String, String)] = []
    mutating func add(_ label: String, _ value: String) { rows.append((label, value)) }
    var text: String {
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0.isEmpty ? $0.1 : "\($0.0):".padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.1 }
            .joined(separator: "\n")
    }
}
