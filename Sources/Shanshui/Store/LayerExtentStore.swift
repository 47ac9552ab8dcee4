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
