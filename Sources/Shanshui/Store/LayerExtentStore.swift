import GeoKit

/// The map layers the service publishes, as the stores know them.
public enum MapLayer: String, CaseIterable, Sendable {
    case protectedAreas = "protected_areas", zones, redLines = "red_lines", patches, cases, cells
}

/// Where a layer's features lie in space and time: what a viewer zooms to and what a time slider spans.
public struct LayerExtent: Sendable, Hashable {
    /// The lon/lat box of every feature, nil for an empty layer.
    public var box: Envelope?
    /// The first day covered, nil when unknown (empty layer).
    public var start: Day?
    /// The last day covered, nil when open-ended (still in force) or unknown.
    public var end: Day?

    /// Makes an extent.
    public init(box: Envelope?, start: Day?, end: Day?) {
        self.box = box
        self.start = start
        self.end = end
    }
}

/// Computes layer extents with cheap aggregates in the store, never by loading features.
///
/// Time per layer: protected areas, zones and red lines span their boundary versions' validity
/// (open while one is in force); patches span their scans' epoch dates; cases their detection
/// days; cells their assignments (open while one is in force).
public protocol LayerExtentStore: Sendable {
    /// The extent of every feature the layer holds, over all of its history.
    func extent(_ layer: MapLayer) async throws -> LayerExtent
}

extension LayerExtent {
    /// An extent from a store's aggregate row: bounds (all nil for no rows) and day texts.
    public init(minX: Double?, minY: Double?, maxX: Double?, maxY: Double?, start: String?, end: String?) throws {
        if let minX, let minY, let maxX, let maxY {
            box = Envelope(minX: minX, minY: minY, maxX: maxX, maxY: maxY)
        } else {
            box = nil
        }
        self.start = try start.map { try Day(String($0.prefix(10))) }
        self.end = try end.map { try Day(String($0.prefix(10))) }
    }
}

extension MapLayer {
    /// The query of one aggregate row: minX, minY, maxX, maxY, first day, last day (NULL while any
    /// version or assignment is open-ended), the same on both stores but for `bounds`, the dialect's
    /// four bounding-box aggregates over `g.geom`. Fixed text, no user input.
    public func extentSQL(bounds: String) -> String {
        let validity = "MIN(g.valid_from), CASE WHEN COUNT(*) = COUNT(g.valid_to) THEN MAX(g.valid_to) END"
        switch self {
        case .protectedAreas:
            return "SELECT \(bounds), \(validity) FROM boundary_version g"
        case .redLines:
            return "SELECT \(bounds), \(validity) FROM boundary_version g JOIN protected_area a ON a.id = g.area_id WHERE a.kind = 'ecological_red_line'"
        case .zones:
            return """
                SELECT \(bounds), MIN(v.valid_from), CASE WHEN COUNT(*) = COUNT(v.valid_to) THEN MAX(v.valid_to) END
                FROM zone g JOIN boundary_version v ON v.id = g.version_id
                """
        case .patches:
            return """
                SELECT \(bounds), MIN(b.date), MAX(e.date) FROM patch g JOIN scan s ON s.id = g.scan_id
                JOIN epoch b ON b.id = s.before_epoch JOIN epoch e ON e.id = s.after_epoch
                """
        case .cases:
            return "SELECT \(bounds), MIN(g.detected_on), MAX(g.detected_on) FROM \"case\" g"
        case .cells:
            return """
                SELECT \(bounds), (SELECT MIN(valid_from) FROM grid_assignment),
                       (SELECT CASE WHEN COUNT(*) = COUNT(valid_to) THEN MAX(valid_to) END FROM grid_assignment)
                FROM grid_cell g
                """
        }
    }
}
