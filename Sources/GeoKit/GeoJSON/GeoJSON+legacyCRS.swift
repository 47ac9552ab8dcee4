/// The `crs` member of GeoJSON before RFC 7946 (the 2008 specification, §3), which files from
/// older GDAL, ArcGIS and Chinese provincial systems still carry, often with CGCS2000 or a
/// projected CRS. RFC 7946 dropped it; we read it so such files land in the right place.
extension GeoJSON {
    /// The CRS a legacy `crs` member names, as a definition `CRS(_:)` takes; nil when absent.
    ///
    /// Knows the `name` form (`urn:ogc:def:crs:EPSG::4490`, `EPSG:3857`), the `EPSG` form
    /// (`{"code": 4490}`) and the `link` form, whose `href` gives an EPSG code when it names one
    /// (`http://www.opengis.net/def/crs/EPSG/0/3857`, `http://spatialreference.org/ref/epsg/3857/`).
    static func legacyCRS(in root: JSONValue) throws -> String? {
        guard let member = root["crs"], member != .null else { return nil }
        guard let type = member["type"]?.stringValue, let properties = member["properties"],
              case .object = properties else {
            throw GeoJSONError(.unsupportedCRS("not an object with 'type' and 'properties'"), path: "crs")
        }
        let needed: String
        switch type.lowercased() {
        case "name":
            if let name = properties["name"]?.stringValue { return name }
            needed = "name"
        case "epsg":
            if let code = properties["code"]?.intValue { return "EPSG:\(code)" }
            if let code = properties["code"]?.stringValue.flatMap({ Int($0) }) { return "EPSG:\(code)" }
            needed = "code"
        case "link":
            if let href = properties["href"]?.stringValue { return epsgDefinition(inLink: href) ?? href }
            needed = "href"
        default:
            throw GeoJSONError(.unsupportedCRS("type '\(type)'"), path: "crs")
        }
        throw GeoJSONError(.unsupportedCRS("a '\(type)' crs needs a '\(needed)' property"), path: "crs.properties")
    }

    /// `EPSG:n` for a link whose path has an `epsg` segment followed by a code.
    private static func epsgDefinition(inLink href: String) -> String? {
        let segments = href.lowercased().split(separator: "/")
        guard let epsg = segments.firstIndex(of: "epsg") else { return nil }
        // OGC's form has a version segment (".../EPSG/0/3857"), which is never a valid code.
        guard let code = segments[(epsg + 1)...].lazy.compactMap({ Int($0) }).first(where: { $0 > 0 }) else { return nil }
        return "EPSG:\(code)"
    }

    /// The features with every geometry moved from the legacy CRS `name` to WGS84 lon/lat;
    /// unchanged when `name` already is lon/lat WGS84 (CRS84, EPSG:4326) or CGCS2000 (EPSG:4490),
    /// which Shanshui takes as equal to WGS84 within centimetres.
    static func reprojectToWGS84(_ features: [Feature], from name: String) throws -> [Feature] {
        let upper = name.uppercased()
        if upper.hasSuffix("CRS84") || upper == "CRS:84" { return features }
        let source: CRS
        let transformer: Transformer
        do {
            source = try CRS(name)
        } catch {
            throw GeoJSONError(.unknownCRS(name: name, message: "\(error)"), path: "crs")
        }
        if source.epsg == 4326 || source.epsg == 4490 { return features }
        do {
            transformer = try Transformer(from: source, to: .wgs84)
        } catch {
            throw GeoJSONError(.transformFailed("\(error)"), path: "crs")
        }
        return try features.enumerated().map { index, feature in
            guard let geometry = feature.geometry else { return feature }
            var moved = feature
            do {
                moved.geometry = try transformer.transform(geometry)
            } catch {
                throw GeoJSONError(.transformFailed("\(error)"), featureIndex: index, featureID: feature.id,
                                   path: "geometry")
            }
            return moved
        }
    }
}
