import Foundation
import CPROJ

/// A coordinate reference system, resolved by PROJ and kept as plain values (`Sendable`).
///
/// Make one from an EPSG code, an `AUTH:CODE` string, OGC URN, WKT or PROJ string.
/// CGCS2000 (EPSG:4490) is taken as equal to WGS84 (EPSG:4326) within centimetres.
public struct CRS: Hashable, Sendable, CustomStringConvertible {
    /// The definition given by the user, as given.
    public let definition: String
    /// PROJ's name for it, e.g. "CGCS2000 / 3-degree Gauss-Kruger CM 117E".
    public let name: String
    /// The EPSG code when the CRS is, or is identified as, an EPSG one.
    public let epsg: Int?
    /// True for geographic (lon/lat degrees) CRSs.
    public let isGeographic: Bool
    /// WKT2:2019 text, the definition handed to GDAL and PROJ.
    public let wkt: String
    /// Where the CRS is meant to be used, in lon/lat degrees (`proj_get_area_of_use`), and its
    /// name; nil when PROJ does not know it or it crosses the antimeridian.
    public let areaOfUse: (extent: Envelope, name: String)?
    /// The semi-major axis of its ellipsoid, metres (6,378,137 for WGS 84 and CGCS2000,
    /// 6,378,245 for Beijing 1954's Krassowsky, 6,378,140 for Xian 1980's IAG 1975); nil when
    /// PROJ gives none.
    public let semiMajorAxis: Double?

    /// WGS84 geographic, lon/lat: the storage CRS of every geometry in Shanshui.
    public static let wgs84 = try! CRS(epsg: 4326)
    /// CGCS2000 geographic (EPSG:4490), China's national datum.
    public static let cgcs2000 = try! CRS(epsg: 4490)

    /// Resolves `EPSG:code`.
    /// - Throws: `PROJError` when PROJ's database has no such code.
    public init(epsg code: Int) throws {
        try self.init("EPSG:\(code)")
    }

    /// Resolves any definition PROJ understands: `EPSG:4490`, `urn:ogc:def:crs:EPSG::4547`,
    /// `OGC:CRS84`, WKT1/WKT2, or a PROJ string (`+proj=utm +zone=51 +datum=WGS84`).
    /// - Throws: `PROJError` naming the definition when PROJ cannot make a CRS of it.
    public init(_ definition: String) throws {
        let trimmed = definition.trimmingCharacters(in: .whitespacesAndNewlines)
        var text = trimmed
        if let code = Int(text) { text = "EPSG:\(code)" }
        if text.hasPrefix("+proj"), !text.contains("+type=crs") { text += " +type=crs" }
        let context = PROJContext.current
        context.reset()
        guard let pj = proj_create(context.handle, text) else {
            throw context.error("not a coordinate reference system: '\(trimmed.prefix(80))'")
        }
        let crs = PJHandle(pj, context: context)
        guard proj_is_crs(pj) != 0 else {
            throw PROJError(code: 0, message: "not a coordinate reference system: '\(trimmed.prefix(80))'")
        }
        self.definition = trimmed
        name = proj_get_name(pj).map { String(cString: $0) } ?? trimmed
        epsg = CRS.identifyEPSG(crs)
        let type = proj_get_type(pj)
        var geographic = type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS
        if type == PJ_TYPE_BOUND_CRS, let base = proj_get_source_crs(context.handle, pj) {
            let t = proj_get_type(base)
            geographic = t == PJ_TYPE_GEOGRAPHIC_2D_CRS || t == PJ_TYPE_GEOGRAPHIC_3D_CRS
            proj_destroy(base)
        }
        isGeographic = geographic
        var west = 0.0, south = 0.0, east = 0.0, north = 0.0
        var areaName: UnsafePointer<CChar>?
        if proj_get_area_of_use(context.handle, pj, &west, &south, &east, &north, &areaName) != 0, west <= east, south <= north,
           west > -1000 {
            areaOfUse = (Envelope(minX: west, minY: south, maxX: east, maxY: north), areaName.map { String(cString: $0) } ?? "")
        } else {
            areaOfUse = nil
        }
        wkt = proj_as_wkt(context.handle, pj, PJ_WKT2_2019, nil).map { String(cString: $0) } ?? text
        var a = 0.0
        if let ellipsoid = proj_get_ellipsoid(context.handle, pj) {
            if proj_ellipsoid_get_parameters(context.handle, ellipsoid, &a, nil, nil, nil) == 0 { a = 0 }
            proj_destroy(ellipsoid)
        }
        semiMajorAxis = a > 0 ? a : nil
    }

    /// `EPSG:n` when the code is known, else the name.
    public var description: String { epsg.map { "EPSG:\($0)" } ?? name }

    /// The WGS84 / UTM zone (EPSG:326xx north, 327xx south) holding a lon/lat position.
    public static func utm(longitude: Double, latitude: Double) throws -> CRS {
        let zone = min(60, max(1, Int(((longitude + 180) / 6).rounded(.down)) + 1))
        return try CRS(epsg: (latitude >= 0 ? 32600 : 32700) + zone)
    }

    /// The CGCS2000 3-degree Gauss-Krüger CRS (central meridian as easting, no zone prefix;
    /// EPSG:4534–4554, CM 75°E–135°E) whose central meridian is nearest `longitude`.
    public static func gaussKruger3(longitude: Double) throws -> CRS {
        let cm = min(135, max(75, Int((longitude / 3).rounded()) * 3))
        return try CRS(epsg: 4534 + (cm - 75) / 3)
    }

    /// The CGCS2000 6-degree Gauss-Krüger CRS (EPSG:4502–4512, CM 75°E–135°E, no zone prefix)
    /// for the zone holding `longitude`.
    public static func gaussKruger6(longitude: Double) throws -> CRS {
        let zone = min(23, max(13, Int((longitude / 6).rounded(.down)) + 1))
        return try CRS(epsg: 4502 + zone - 13)
    }

    /// Two CRSs are the same when PROJ gave them the same WKT.
    public static func == (lhs: CRS, rhs: CRS) -> Bool { lhs.wkt == rhs.wkt }
    public func hash(into hasher: inout Hasher) { hasher.combine(wkt) }

    private static func identifyEPSG(_ crs: PJHandle) -> Int? {
        let ctx = crs.context.handle
        if let auth = proj_get_id_auth_name(crs.pointer, 0), String(cString: auth) == "EPSG",
           let code = proj_get_id_code(crs.pointer, 0) {
            return Int(String(cString: code))
        }
        var confidence: UnsafeMutablePointer<Int32>?
        guard let list = proj_identify(ctx, crs.pointer, "EPSG", nil, &confidence) else { return nil }
        defer {
            proj_list_destroy(list)
            proj_int_list_destroy(confidence)
        }
        guard proj_list_get_count(list) > 0, let confidence, confidence[0] >= 70,
              let match = proj_list_get(ctx, list, 0) else { return nil }
        defer { proj_destroy(match) }
        return proj_get_id_code(match, 0).flatMap { Int(String(cString: $0)) }
    }
}
