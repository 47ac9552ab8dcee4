import CGDAL
import Foundation

/// Writes features to GeoJSON, GeoPackage, Shapefile or CSV, picked by the file's extension.
///
/// Writing goes to a temporary folder beside the target and is moved into place only when
/// complete, so a failure never leaves a half-written file (or a half-replaced old one).
public enum VectorSink {
    /// Writes `features` (coordinates in `crs`, WGS84 lon/lat by default) to `path`, replacing it.
    /// - Parameters:
    ///   - layerName: the layer name inside GeoPackage; defaults to the file's base name.
    /// - Throws: `GDALError` naming the file, and the feature when one cannot be written.
    public static func write(_ features: [Feature], to path: String, layerName: String? = nil, crs: CRS = .wgs84) throws {
        let format = try VectorFormat(path: path)
        let target = URL(fileURLWithPath: path)
        let directory = target.deletingLastPathComponent()
        let base = target.lastPathComponent.split(separator: ".").first.map(String.init) ?? "layer"
        let staging = directory.appendingPathComponent(".shanshui-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: staging) }
        let staged = staging.appendingPathComponent(target.lastPathComponent)
        if format == .geojson {
            try GeoJSON.encode(features).write(to: staged)
        } else {
            try writeWithOGR(features, to: staged.path, format: format, layerName: layerName ?? base, crs: crs)
        }
        for name in try FileManager.default.contentsOfDirectory(atPath: staging.path) {
            let final = directory.appendingPathComponent(name)
            _ = try? FileManager.default.removeItem(at: final)
            try FileManager.default.moveItem(at: staging.appendingPathComponent(name), to: final)
        }
    }

    private static func writeWithOGR(_ features: [Feature], to path: String, format: VectorFormat,
                                      layerName: String, crs: CRS) throws {
        GDAL.ensureRegistered()
        guard let driver = GDALGetDriverByName(format.driverName) else {
            throw GDALError(message: "GDAL has no \(format.driverName) driver")
        }
        guard let ds = GDALCreate(driver, path, 0, 0, 0, GDT_Unknown, nil) else {
            throw GDALError.last("cannot create '\(path)'")
        }
        defer { GDALClose(ds) }
        let srs = try SpatialReference(crs)
        let schema = FieldSchema(features)
        var layerOptions: [String] = []
        if format == .shapefile { layerOptions.append("ENCODING=UTF-8") }
        if format == .csv { layerOptions += ["GEOMETRY=AS_WKT", "CREATE_CSVT=YES"] }
        let geometryType = try commonType(features, format: format)
        let options = CStringList(layerOptions)
        guard let layer = GDALDatasetCreateLayer(ds, layerName, srs.handle, geometryType, options.pointer) else {
            throw GDALError.last("cannot create layer '\(layerName)' in '\(path)'")
        }
        try schema.create(on: layer)
        let transaction = GDALDatasetStartTransaction(ds, 0) == OGRERR_NONE
        for (index, feature) in features.enumerated() {
            do {
                try write(feature, to: layer, schema: schema, promoteToMulti: geometryType != wkbUnknown)
            } catch {
                throw GDALError(message: "cannot write feature \(index) to '\(path)': \(error)")
            }
        }
        if transaction, GDALDatasetCommitTransaction(ds) != OGRERR_NONE {
            throw GDALError.last("cannot commit '\(path)'")
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

/// The attribute fields of a layer, inferred from the features' properties in first-seen order.
struct FieldSchema {
    enum Kind { case integer, real, string }
    private(set) var fields: [(name: String, kind: Kind)] = []

    init(_ features: [Feature]) {
        var order: [String] = []
        var kinds: [String: Kind] = [:]
        for feature in features {
            for (key, value) in feature.properties {
                let kind: Kind? = switch value {
                case .null: nil
                case .int, .bool: .integer
                case .double: .real
                default: .string
                }
                if kinds[key] == nil, !order.contains(key) { order.append(key) }
                guard let kind else { continue }
                switch (kinds[key], kind) {
                case (nil, _): kinds[key] = kind
                case (.integer, .real): kinds[key] = .real
                case (let old?, let new) where old != new && !(old == .real && new == .integer): kinds[key] = .string
                default: break
                }
            }
        }
        fields = order.map { ($0, kinds[$0] ?? .string) }
    }

    func create(on layer: OGRLayerH) throws {
        for field in fields {
            let type: OGRFieldType = switch field.kind {
            case .integer: OFTInteger64
            case .real: OFTReal
            case .string: OFTString
            }
            guard let defn = OGR_Fld_Create(field.name, type) else { throw GDALError.last("cannot make field") }
            defer { OGR_Fld_Destroy(defn) }
            guard OGR_L_CreateField(layer, defn, 1) == OGRERR_NONE else {
                throw GDALError.last("cannot create field '\(field.name)'")
            }
        }
    }

    func set(_ properties: Properties, on feature: OGRFeatureH) {
        for (i, field) in fields.enumerated() {
            let index = Int32(i)
            switch properties[field.name] {
            case nil, .null?: OGR_F_SetFieldNull(feature, index)
            case .int(let v)?: OGR_F_SetFieldInteger64(feature, index, v)
            case .bool(let b)?: OGR_F_SetFieldInteger64(feature, index, b ? 1 : 0)
            case .double(let d)?: OGR_F_SetFieldDouble(feature, index, d)
            case .string(let s)?: OGR_F_SetFieldString(feature, index, s)
            case let other?:
                if field.kind == .string { OGR_F_SetFieldString(feature, index, other.serialized()) }
            }
        }
    }
}
