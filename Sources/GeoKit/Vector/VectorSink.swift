import CGDAL
import Foundation

/// Writes features to GeoJSON, GeoPackage, Shapefile, CSV or XLSX, picked by the file's extension.
///
/// Writing goes to a temporary folder beside the target and is moved into place only when
/// complete, so a failure never leaves a half-written file (or a half-replaced old one).
///
/// Tables (CSV, XLSX) are written for spreadsheets: no geometry column and no sidecar files, but
/// the `lon`/`lat` of a representative point (a point inside each polygon); CSV is UTF-8 with a
/// byte-order mark so Excel and WPS on Chinese Windows read it right. Shapefiles get unique
/// field names of at most 10 bytes with `NAME.fields.csv` beside them mapping them to the full
/// names, and Date fields for day values (also in GeoPackage and XLSX).
public enum VectorSink {
    /// How to write tables and headers; the defaults suit spreadsheets on Chinese Windows.
    public struct Options: Sendable {
        /// CSV: start with a UTF-8 byte-order mark (Excel needs it to read UTF-8).
        public var byteOrderMark = true
        /// CSV: also write each geometry as WKT in a first `WKT` column.
        public var wkt = false
        /// Column headers to write instead of property names (e.g. Chinese ones), by property name.
        public var headers: [String: String] = [:]

        /// The defaults: BOM, lon/lat, property names as headers.
        public init() {}
    }

    /// The longest text Excel keeps in one cell.
    public static let spreadsheetCellLimit = 32_767

    /// Writes `features` (coordinates in `crs`, WGS84 lon/lat by default) to `path`, replacing it.
    /// - Parameters:
    ///   - layerName: the layer name inside GeoPackage (the sheet name in XLSX); defaults to the file's base name.
    /// - Returns: warnings, each naming a feature (a WKT cell longer than Excel keeps).
    /// - Throws: `GDALError` naming the file, and the feature when one cannot be written.
    @discardableResult
    public static func write(_ features: [Feature], to path: String, layerName: String? = nil, crs: CRS = .wgs84,
                             options: Options = Options()) throws -> [String] {
        let format = try VectorFormat(path: path)
        let target = URL(fileURLWithPath: path)
        let directory = target.deletingLastPathComponent()
        let base = target.lastPathComponent.split(separator: ".").first.map(String.init) ?? "layer"
        let staging = directory.appendingPathComponent(".shanshui-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: staging) }
        let staged = staging.appendingPathComponent(target.lastPathComponent)
        var warnings: [String] = []
        if format == .geojson {
            try GeoJSON.encode(features).write(to: staged)
        } else if format.isTable {
            let rows = try tableRows(features, keepGeometry: format == .csv && options.wkt)
            if format == .csv && options.wkt {
                for (i, f) in rows.enumerated() {
                    if let g = f.geometry, let count = try? g.wkt.utf8.count, count > spreadsheetCellLimit {
                        warnings.append("\(path), feature \(i): its WKT has \(count) characters, more than the \(spreadsheetCellLimit) Excel keeps in a cell")
                    }
                }
            }
            try writeWithOGR([(layerName ?? base, rows)], to: staged.path, format: format, crs: nil, options: options)
        } else {
            try writeWithOGR([(layerName ?? base, features)], to: staged.path, format: format, crs: crs, options: options)
        }
        for name in try FileManager.default.contentsOfDirectory(atPath: staging.path) {
            let final = directory.appendingPathComponent(name)
            _ = try? FileManager.default.removeItem(at: final)
            try FileManager.default.moveItem(at: staging.appendingPathComponent(name), to: final)
        }
        return warnings
    }

    /// Features for a table: `lon`, `lat` of a representative point appended (7 decimals) unless
    /// the properties have them already, the geometry kept only when asked (for WKT).
    static func tableRows(_ features: [Feature], keepGeometry: Bool, location: Bool = true) throws -> [Feature] {
        try features.enumerated().map { i, feature in
            var row = Feature(id: feature.id, geometry: keepGeometry ? feature.geometry : nil, properties: feature.properties)
            var point: Coordinate?
            if let g = feature.geometry, !g.isEmpty {
                do {
                    if case .point(let c) = g { point = c } else { point = try g.pointOnSurface().allCoordinates.first }
                } catch {
                    throw GDALError(message: "feature \(i): cannot find a point inside its geometry: \(error)")
                }
            }
            if !location || (feature.properties["lon"] != nil && feature.properties["lat"] != nil) { return row }
            func rounded(_ v: Double) -> JSONValue { .double((v * 1e7).rounded() / 1e7) }
            row.properties["lon"] = point.map { rounded($0.x) } ?? .null
            row.properties["lat"] = point.map { rounded($0.y) } ?? .null
            return row
        }
    }

    /// Writes several tables into one XLSX workbook (or GeoPackage), one sheet (layer) each, replacing the file.
    /// - Parameter sheets: sheet names (cut to Excel's 31 characters) and their rows; geometry is not written.
    /// - Throws: `GDALError` naming the file, sheet and feature that could not be written.
    public static func writeSheets(_ sheets: [(name: String, features: [Feature])], to path: String, options: Options = Options()) throws {
        let format = try VectorFormat(path: path)
        guard format == .xlsx || format == .geopackage else {
            throw GDALError(message: "'\(path)': several sheets go into .xlsx or .gpkg only")
        }
        let target = URL(fileURLWithPath: path)
        let staging = target.deletingLastPathComponent().appendingPathComponent(".shanshui-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: staging) }
        let staged = staging.appendingPathComponent(target.lastPathComponent)
        let rows = try sheets.map { (name: $0.name, features: try tableRows($0.features, keepGeometry: false, location: false)) }
        try writeWithOGR(rows, to: staged.path, format: format, crs: nil, options: options)
        _ = try? FileManager.default.removeItem(at: target)
        try FileManager.default.moveItem(at: staged, to: target)
    }

    private static func writeWithOGR(_ layers: [(name: String, features: [Feature])], to path: String, format: VectorFormat,
                                      crs: CRS?, options: Options) throws {
        GDAL.ensureRegistered()
        guard let driver = GDALGetDriverByName(format.driverName) else {
            throw GDALError(message: "GDAL has no \(format.driverName) driver")
        }
        guard let ds = GDALCreate(driver, path, 0, 0, 0, GDT_Unknown, nil) else {
            throw GDALError.last("cannot create '\(path)'")
        }
        defer { GDALClose(ds) }
        let srs = try crs.map { try SpatialReference($0) }
        for (layerName, features) in layers {
            let schema = FieldSchema(features, dates: format != .csv, headers: options.headers,
                                     maxNameBytes: format == .shapefile ? 10 : nil)
            var layerOptions: [String] = []
            if format == .shapefile { layerOptions.append("ENCODING=UTF-8") }
            if format == .csv {
                layerOptions += ["CREATE_CSVT=NO", "WRITE_BOM=\(options.byteOrderMark ? "YES" : "NO")"]
                if options.wkt { layerOptions.append("GEOMETRY=AS_WKT") }
            }
            let hasGeometry = features.contains { $0.geometry.map { !$0.isEmpty } ?? false }
            let geometryType = format.isTable && !hasGeometry ? wkbNone : try commonType(features, format: format)
            let layerOptionList = CStringList(layerOptions)
            let name = format == .xlsx ? String(layerName.prefix(31)) : layerName
            guard let layer = GDALDatasetCreateLayer(ds, name, srs?.handle, geometryType, layerOptionList.pointer) else {
                throw GDALError.last("cannot create layer '\(layerName)' in '\(path)'")
            }
            try schema.create(on: layer)
            let transaction = GDALDatasetStartTransaction(ds, 0) == OGRERR_NONE
            for (index, feature) in features.enumerated() {
                do {
                    try write(feature, to: layer, schema: schema, promoteToMulti: geometryType != wkbUnknown && geometryType != wkbNone)
                } catch {
                    throw GDALError(message: "cannot write feature \(index) of '\(layerName)' to '\(path)': \(error)")
                }
            }
            if transaction, GDALDatasetCommitTransaction(ds) != OGRERR_NONE {
                throw GDALError.last("cannot commit '\(path)'")
            }
            if format == .shapefile {
                let mapping = "short_name,full_name,type\r\n" + schema.fields.map { field in
                    "\(field.stored),\(field.name),\(field.kind)"
                }.joined(separator: "\r\n") + "\r\n"
                let sidecar = URL(fileURLWithPath: path).deletingPathExtension().path + ".fields.csv"
                try Data([0xEF, 0xBB, 0xBF] + Array(mapping.utf8)).write(to: URL(fileURLWithPath: sidecar))
            }
        }
    }

    private static func write(_ feature: Feature, to layer: OGRLayerH, schema: FieldSchema, promoteToMulti: Bool) throws {
        guard let f = OGR_F_Create(OGR_L_GetLayerDefn(layer)) else { throw GDALError.last("cannot make a feature") }
        defer { OGR_F_Destroy(f) }
        schema.set(feature.properties, on: f)
        if var geometry = feature.geometry, !geometry.isEmpty {
            if promoteToMulti {
                switch geometry {
                case .polygon(let p): geometry = .multiPolygon([p])
                case .lineString(let l): geometry = .multiLineString([l])
                default: break
                }
            }
            var bytes = try geometry.wkb
            var g: OGRGeometryH?
            guard OGR_G_CreateFromWkb(&bytes, nil, &g, Int32(bytes.count)) == OGRERR_NONE, let g else {
                throw GDALError.last("cannot convert geometry")
            }
            OGR_F_SetGeometryDirectly(f, g)
        }
        guard OGR_L_CreateFeature(layer, f) == OGRERR_NONE else { throw GDALError.last("OGR refused the feature") }
    }

    /// One declared type for the layer: multi-polygon for polygonal data, point, multi-line, or unknown.
    private static func commonType(_ features: [Feature], format: VectorFormat) throws -> OGRwkbGeometryType {
        let geometries = features.compactMap(\.geometry).filter { !$0.isEmpty }
        if geometries.allSatisfy(\.isPolygonal) { return wkbMultiPolygon }
        if geometries.allSatisfy({ if case .point = $0 { true } else { false } }) { return wkbPoint }
        if geometries.allSatisfy({
            switch $0 { case .lineString, .multiLineString: true; default: false }
        }) { return wkbMultiLineString }
        if format == .shapefile {
            throw GDALError(message: "a Shapefile holds one geometry type; these features mix \(Set(geometries.map(\.typeName)).sorted())")
        }
        return wkbUnknown
    }
}
