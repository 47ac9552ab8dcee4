import CGDAL

/// One layer of a `VectorSource`: its schema, CRS, extent and features.
///
/// Keeps its source open; not `Sendable`.
public final class VectorLayer {
    let handle: OGRLayerH
    /// The dataset this layer belongs to (kept alive while the layer is used).
    public let source: VectorSource

    init(handle: OGRLayerH, source: VectorSource) {
        self.handle = handle
        self.source = source
    }

    /// A field of the layer's schema.
    public struct Field: Hashable, Sendable {
        /// The field name as stored.
        public var name: String
        /// OGR's type name: Integer, Integer64, Real, String, Date, DateTime...
        public var type: String
        /// Declared width (0 when not declared).
        public var width: Int
    }

    /// The layer name.
    public var name: String { OGR_L_GetName(handle).map { String(cString: $0) } ?? "" }

    /// The declared geometry type (`Polygon`, `Multi Polygon`, `Point`, `Unknown (any)`...).
    public var geometryTypeName: String {
        OGRGeometryTypeToName(OGR_L_GetGeomType(handle)).map { String(cString: $0) } ?? "Unknown"
    }

    /// The number of features, counted when the format does not store it.
    public var featureCount: Int { Int(OGR_L_GetFeatureCount(handle, 1)) }

    /// The attribute fields, in order.
    public var fields: [Field] {
        guard let defn = OGR_L_GetLayerDefn(handle) else { return [] }
        return (0..<OGR_FD_GetFieldCount(defn)).compactMap { i in
            guard let f = OGR_FD_GetFieldDefn(defn, i) else { return nil }
            return Field(name: String(cString: OGR_Fld_GetNameRef(f)),
                         type: String(cString: OGR_GetFieldTypeName(OGR_Fld_GetType(f))),
                         width: Int(OGR_Fld_GetWidth(f)))
        }
    }

    /// The layer's CRS, nil when the file declares none (a CSV, a Shapefile without .prj).
    public var crs: CRS? { SpatialReference.crs(of: OGR_L_GetSpatialRef(handle)) }

    /// The bounding box in the layer's CRS, nil for an empty layer.
    public var extent: Envelope? {
        var e = OGREnvelope()
        guard OGR_L_GetExtent(handle, &e, 1) == OGRERR_NONE else { return nil }
        return Envelope(minX: e.MinX, minY: e.MaxY < e.MinY ? e.MaxY : e.MinY, maxX: e.MaxX, maxY: max(e.MinY, e.MaxY))
    }

    /// The extent the file itself declares (a Shapefile's header, a GeoPackage's contents row),
    /// nil when the format keeps none and GDAL would have to scan the features for it.
    public var declaredExtent: Envelope? {
        var e = OGREnvelope()
        guard OGR_L_GetExtent(handle, &e, 0) == OGRERR_NONE, e.MinX <= e.MaxX, e.MinY <= e.MaxY else { return nil }
        return Envelope(minX: e.MinX, minY: e.MinY, maxX: e.MaxX, maxY: e.MaxY)
    }

    /// Reads every feature as stored (coordinates in the layer's CRS).
    /// - Parameter body: called for each feature with its 0-based position; throw to stop.
    /// - Throws: `GDALError`/`GEOSError` naming the feature that could not be read.
    public func forEachFeature(_ body: (Int, Feature) throws -> Void) throws {
        OGR_L_ResetReading(handle)
        var index = 0
        while let f = OGR_L_GetNextFeature(handle) {
            defer { OGR_F_Destroy(f) }
            let feature: Feature
            do {
                feature = try VectorLayer.feature(f)
            } catch {
                throw GDALError(message: "\(source.path), layer '\(name)', feature \(index): \(error)")
            }
            try body(index, feature)
            index += 1
        }
    }

    /// After `features(to:sourceCRS:)`: a warning when the coordinates crossed datums by a
    /// ballpark operation (see `Transformer.lastCrossedDatumsByBallpark`), naming the file, the
    /// CRS and the fix; nil otherwise.
    public private(set) var datumWarning: String?

    /// Reads every feature and reprojects it into `target` (WGS84 lon/lat by default). Into
    /// lon/lat, the coordinates must be plausible in the CRS they were read in
    /// (`CRS.checkPlausible`): not degrees under a projected CRS, within its area of use; and every
    /// feature must lie within the extent the file declares. A file without a CRS is told which
    /// one its numbers suggest (`CRS.suggestion(forUnknownCRS:)`).
    /// - Parameter sourceCRS: the CRS to assume, overriding (or standing in for a missing) declared one.
    /// - Throws: when the layer has no CRS and none is given, or the coordinates do not fit it,
    ///   naming the file and what to do.
    public func features(to target: CRS = .wgs84, sourceCRS: CRS? = nil) throws -> [Feature] {
        guard let from = sourceCRS ?? crs else {
            throw GDALError(message: "'\(source.path)' (layer '\(name)') declares no CRS: "
                + (extent.map(CRS.suggestion(forUnknownCRS:)) ?? "give the source CRS, e.g. --source-crs EPSG:4490"))
        }
        let transformer = try Transformer(from: from, to: target)
        // A feature outside the extent its own file declares is a damaged or hand-edited file.
        let declared = declaredExtent.map { e in
            let slack = max(1e-9, 1e-6 * max(e.maxX - e.minX, e.maxY - e.minY, abs(e.minX), abs(e.maxX), abs(e.minY), abs(e.maxY)))
            return Envelope(minX: e.minX - slack, minY: e.minY - slack, maxX: e.maxX + slack, maxY: e.maxY + slack)
        }
        var out = [Feature]()
        var written: Envelope?
        var moved: Envelope?
        try forEachFeature { index, feature in
            if let declared, let e = feature.geometry?.envelope,
               e.minX < declared.minX || e.maxX > declared.maxX || e.minY < declared.minY || e.maxY > declared.maxY {
                throw GDALError(message: "\(source.path), layer '\(name)', feature \(index) lies at x \(e.minX)…\(e.maxX), y \(e.minY)…\(e.maxY), outside "
                    + "the extent the file declares (x \(declared.minX)…\(declared.maxX), y \(declared.minY)…\(declared.maxY)): the file is damaged "
                    + "or was edited without updating its header; save it again from QGIS or ogr2ogr")
            }
            var f = feature
            do {
                f.geometry = try f.geometry.map { try transformer.transform($0) }
            } catch {
                throw GDALError(message: "\(source.path), layer '\(name)', feature \(index): \(error)")
            }
            written = Envelope.union(written, feature.geometry?.envelope)
            moved = Envelope.union(moved, f.geometry?.envelope)
            out.append(f)
        }
        datumWarning = transformer.lastCrossedDatumsByBallpark
            ? "'\(source.path)' (layer '\(name)'): PROJ knows no published transformation from \(from.name) to \(target.name) here and "
                + "ignored the datum offset (a ballpark: tens of metres to over a hundred off for Beijing 1954 or Xian 1980); convert "
                + "the file with the survey office's parameters (七参数) first, or give --source-crs with +towgs84=…"
            : nil
        // Coordinates must fit the CRS they were read in (checked where lon/lat is the target).
        if target.isGeographic, let written {
            try from.checkPlausible(extent: written, lonLat: moved, source: "'\(source.path)' (layer '\(name)')")
        }
        return out
    }

    private static func feature(_ f: OGRFeatureH) throws -> Feature {
        var geometry: Geometry?
        if let g = OGR_F_GetGeometryRef(f), OGR_G_IsEmpty(g) == 0 {
            var linear = g
            if OGR_G_HasCurveGeometry(g, 0) != 0, let l = OGR_G_GetLinearGeometry(g, 0, nil) { linear = l }
            defer { if linear != g { OGR_G_DestroyGeometry(linear) } }
            OGR_G_FlattenTo2D(linear)
            var bytes = [UInt8](repeating: 0, count: Int(OGR_G_WkbSize(linear)))
            guard OGR_G_ExportToIsoWkb(linear, wkbNDR, &bytes) == OGRERR_NONE else {
                throw GDALError.last("cannot read geometry")
            }
            geometry = try Geometry(wkb: bytes)
        }
        // Members are collected in one pass (a name seen again replaces its value in place):
        // setting them one by one through the subscript is quadratic, minutes for 100,000 fields.
        let count = OGR_F_GetFieldCount(f)
        var members: [(key: String, value: JSONValue)] = []
        members.reserveCapacity(Int(count))
        var position: [String: Int] = [:]
        for i in 0..<count {
            guard let defn = OGR_F_GetFieldDefnRef(f, i) else { continue }
            let key = String(cString: OGR_Fld_GetNameRef(defn))
            let value: JSONValue
            if OGR_F_IsFieldSetAndNotNull(f, i) == 0 {
                value = .null
            } else {
                switch OGR_Fld_GetType(defn) {
                case OFTInteger, OFTInteger64: value = .int(OGR_F_GetFieldAsInteger64(f, i))
                case OFTReal: value = .double(OGR_F_GetFieldAsDouble(f, i))
                default: value = .string(String(cString: OGR_F_GetFieldAsString(f, i)))
                }
            }
            if let at = position[key] { members[at].value = value } else {
                position[key] = members.count
                members.append((key: key, value: value))
            }
        }
        let properties = Properties(members)
        let fid = OGR_F_GetFID(f)
        return Feature(id: fid == OGRNullFID ? nil : .int(Int64(fid)), geometry: geometry, properties: properties)
    }
}
