import GeoKit

/// Pages through the map layers (protected areas, zones, red lines, cells, cases) in the store:
/// filtered, counted and paged in SQL with the spatial index, so a page costs the same whatever
/// the layer holds. `PatchPageStore` does the same for patches.
///
/// A box keeps the features whose geometry meets it (not merely their bounding box). Values come
/// back as stored: areas are the stored ones, never recomputed.
public protocol LayerPageStore: Sendable {
    /// How many protected areas (with their version in force) match.
    func areaCount(_ query: AreaQuery) async throws -> Int
    /// The matching areas with the version in force on the day, ordered by area id; the versions
    /// come without zones (see `zones`).
    func areas(_ query: AreaQuery, offset: Int, limit: Int) async throws -> [AreaVersion]
    /// How many zones of areas in force match.
    func zoneCount(_ query: AreaQuery) async throws -> Int
    /// The matching zones, ordered by area id then zone kind order of storage.
    func zones(_ query: AreaQuery, offset: Int, limit: Int) async throws -> [AreaZone]
    /// How many cells match.
    func cellCount(_ query: CellQuery) async throws -> Int
    /// The matching cells ordered by code.
    func cells(_ query: CellQuery, offset: Int, limit: Int) async throws -> [GridCell]
    /// The assignments of these cells in force on `day`, with their people, read in one query.
    func assignments(cellCodes: [String], asOf day: Day) async throws -> [Assignment]
    /// How many cases match.
    func caseCount(_ filter: CaseFilter) async throws -> Int
    /// The matching cases, newest first (by id, descending).
    func cases(_ filter: CaseFilter, offset: Int, limit: Int) async throws -> [Case]
}

/// Which protected areas or zones a page holds: those in force on `day` (withdrawn ones left out).
public struct AreaQuery: Sendable, Hashable {
    public var day: Day
    /// Only features whose geometry meets this lon/lat box.
    public var box: Envelope?
    /// Only areas of this kind.
    public var kind: ProtectedAreaKind?
    /// Only this area (one item by key).
    public var areaID: Int64?
    /// Only zones of this kind (zones layer).
    public var zone: ZoneKind?

    /// Every area in force on `day`, optionally narrowed.
    public init(day: Day, box: Envelope? = nil, kind: ProtectedAreaKind? = nil, areaID: Int64? = nil, zone: ZoneKind? = nil) {
        self.day = day
        self.box = box
        self.kind = kind
        self.areaID = areaID
        self.zone = zone
    }
}

/// One zone of an area's version in force (the version without its zones).
public struct AreaZone: Sendable, Hashable {
    public var area: ProtectedArea
    public var version: BoundaryVersion
    public var zone: Zone

    /// Pairs a zone with its area and version.
    public init(area: ProtectedArea, version: BoundaryVersion, zone: Zone) {
        self.area = area
        self.version = version
        self.zone = zone
    }
}

/// Which grid cells a page holds.
public struct CellQuery: Sendable, Hashable {
    /// Only cells whose outline meets this lon/lat box.
    public var box: Envelope?
    /// Only this cell (one item by key).
    public var code: String?
    /// Only cells of this level.
    public var level: GridLevel?

    /// Every cell, optionally narrowed.
    public init(box: Envelope? = nil, code: String? = nil, level: GridLevel? = nil) {
        self.box = box
        self.code = code
        self.level = level
    }
}
