/// What a GeoJSON document holds once decoded: its features, and the CRS a pre-RFC 7946
/// `crs` member named, which decides whether the coordinates still need reprojecting.
public struct GeoJSONDocument: Hashable, Sendable {
    /// The features in document order; a lone Feature or bare geometry becomes one feature.
    public var features: [Feature]
    /// The CRS named by a legacy (GeoJSON 2008) `crs` member, as written
    /// (`urn:ogc:def:crs:EPSG::4490`, `EPSG:3857`); nil when there is none, as RFC 7946 wants.
    public var legacyCRS: String?

    /// Makes a document.
    /// - Parameters:
    ///   - features: The features in document order.
    ///   - legacyCRS: The CRS of a legacy `crs` member, if any.
    public init(features: [Feature], legacyCRS: String? = nil) {
        self.features = features
        self.legacyCRS = legacyCRS
    }
}
