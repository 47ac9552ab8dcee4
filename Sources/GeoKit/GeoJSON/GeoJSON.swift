import Foundation

/// GeoJSON (RFC 7946) in and out: features to a FeatureCollection, any GeoJSON document to features.
///
/// Output follows RFC 7946 as Shanshui's conventions want it: lon/lat, the right-hand rule
/// (exterior rings counter-clockwise, holes clockwise), coordinates rounded to 7 decimals
/// (about 1 cm on the ground), no `crs` member, members in a fixed order. The same features
/// always give the same bytes, and decoding then encoding our own output gives it back byte
/// for byte, so exports can be compared and cached by content.
public enum GeoJSON {
    /// Coordinates are written to 7 decimals: about 1 cm, finer than any source here holds.
    static let coordinateDecimals = 7

    /// Encodes features as a FeatureCollection.
    ///
    /// Each feature is written as `{"type":"Feature","id":…,"geometry":…,"properties":{…}}`:
    /// `id` only when the feature has one, `geometry` `null` when it has none, `properties`
    /// `{}` when empty. Property and id values are written as `JSONValue.serialized()` does.
    /// A NaN or infinite coordinate, which JSON cannot hold, is written as `null`.
    /// - Parameters:
    ///   - features: Features with lon/lat (WGS84) geometries.
    ///   - pretty: Break lines and indent, each position on one line; compact otherwise.
    ///   - bbox: Add `bbox` `[minx, miny, maxx, maxy]` to the collection and each feature with a geometry.
    /// - Returns: UTF-8 GeoJSON text.
    public static func encode(_ features: [Feature], pretty: Bool = false, bbox: Bool = false) -> Data {
        var writer = JSONWriter(pretty: pretty, capacity: 256 + features.count * 512)
        write(features, into: &writer, bbox: bbox)
        return Data(writer.bytes)
    }

    /// Encodes one geometry as a bare GeoJSON geometry object (`{"type":"Polygon","coordinates":…}`).
    /// - Parameters:
    ///   - geometry: A lon/lat (WGS84) geometry.
    ///   - pretty: Break lines and indent, each position on one line; compact otherwise.
    ///   - bbox: Add `bbox` `[minx, miny, maxx, maxy]` when the geometry is not empty.
    /// - Returns: UTF-8 GeoJSON text.
    public static func encode(_ geometry: Geometry, pretty: Bool = false, bbox: Bool = false) -> Data {
        var writer = JSONWriter(pretty: pretty)
        write(geometry, into: &writer, bbox: bbox)
        return Data(writer.bytes)
    }

    /// Decodes a GeoJSON document: a FeatureCollection, a single Feature or a bare geometry,
    /// all returned as features, with the legacy `crs` member if there was one.
    ///
    /// Coordinates are taken as they stand (x = lon or easting, y = lat or northing); Z and M
    /// values are dropped. Rings must be closed and hold at least four positions, and are kept
    /// in the orientation they were written in. A Feature without `geometry` or `properties`
    /// reads as having null ones; an `id` of `null` as no id. Foreign members and `bbox` are
    /// ignored. Use `read(_:)` to get lon/lat whatever the legacy CRS.
    /// - Parameter data: UTF-8 GeoJSON text.
    /// - Returns: The features and the legacy CRS.
    /// - Throws: `GeoJSONError` naming the feature (index and id), the member path and the problem.
    public static func decode(_ data: some Collection<UInt8>) throws -> GeoJSONDocument {
        let root: JSONValue
        do {
            root = try JSONValue.parse(data)
        } catch let error as JSONError {
            throw GeoJSONError(.malformedJSON(error))
        }
        return try document(from: root)
    }

    /// Reads the features of a GeoJSON document in WGS84 lon/lat.
    ///
    /// A legacy `crs` member other than lon/lat WGS84 (`OGC:CRS84`, EPSG:4326, and EPSG:4490,
    /// which Shanshui takes as equal to it) reprojects every geometry to WGS84 lon/lat, reading
    /// coordinates in x/y (lon/lat, easting/northing) order as GeoJSON always wrote them.
    /// - Parameter data: UTF-8 GeoJSON text.
    /// - Returns: The features, in lon/lat.
    /// - Throws: `GeoJSONError` for an invalid document, an unknown CRS or a failed reprojection.
    public static func read(_ data: some Collection<UInt8>) throws -> [Feature] {
        let document = try decode(data)
        guard let name = document.legacyCRS else { return document.features }
        return try reprojectToWGS84(document.features, from: name)
    }
}
