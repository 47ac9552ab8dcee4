import GeoKit

/// A grid cell (网格): a piece of land with a code, a name, a level and a parent in the
/// county → township → village tree. Who answers for it lives in `Assignment`, never here,
/// so cell data can be published without personal data.
public struct GridCell: Hashable, Sendable {
    /// The unique code (see `CellCode`).
    public var code: String
    /// The official or generated name (海陵区, 城东街道, 海陵区000005).
    public var name: String
    /// County, township, village or a custom level.
    public var level: GridLevel
    /// The parent's code; nil for a root. It may name a cell that does not exist yet
    /// (`grid dissolve` builds it, `grid check` reports it).
    public var parentCode: String?
    /// The outline in lon/lat (WGS84), polygonal.
    public var geometry: Geometry
    /// Geodesic area in km².
    public var areaKm2: Double
    /// Where it came from: a file path, `dissolve` or `generate`.
    public var source: String?

    /// Makes a cell; the area is computed on the ellipsoid unless given (a store hands back the
    /// area it holds, so loading a grid never recomputes it).
    public init(code: String, name: String, level: GridLevel, parentCode: String?, geometry: Geometry, source: String? = nil,
                areaKm2: Double? = nil) {
        self.code = code
        self.name = name
        self.level = level
        self.parentCode = parentCode
        self.geometry = geometry
        self.areaKm2 = areaKm2 ?? geometry.geodesicArea / 1e6
        self.source = source
    }
}
