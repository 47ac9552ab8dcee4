import Foundation

/// How large and how tangled a polygon may be before it is refused instead of repaired.
///
/// GEOS MakeValid nodes every crossing of a polygon's edges, so its memory and time grow with
/// the square of the vertex count for a self-crossing scribble: a 70 KB polygon took 1 GB. These
/// limits are checked first, cheaply (a sweep that stops at the limit or the time budget), so a
/// hostile or broken feature costs little and is named in the error. Every number can be set
/// through the environment (`SHANSHUI_REPAIR_MAX_VERTICES`, `_MAX_RINGS`, `_MAX_PARTS`,
/// `_MAX_CROSSINGS`, `_SECONDS`) for a rare legitimate giant.
public struct RepairLimits: Hashable, Sendable {
    /// Most coordinates in one feature (a detailed provincial boundary has a few hundred thousand).
    public var maxVertices: Int
    /// Most rings (exteriors and holes together) in one feature.
    public var maxRings: Int
    /// Most polygons in one multipolygon.
    public var maxParts: Int
    /// Most edge crossings or touches (self-intersections) a polygon to repair may have.
    public var maxSelfIntersections: Int
    /// The time the crossing count may take before the feature is refused, in seconds.
    public var timeBudget: Double

    /// Makes limits; the defaults are `standard`'s.
    public init(maxVertices: Int = 2_000_000, maxRings: Int = 100_000, maxParts: Int = 100_000,
                maxSelfIntersections: Int = 50_000, timeBudget: Double = 20) {
        self.maxVertices = maxVertices
        self.maxRings = maxRings
        self.maxParts = maxParts
        self.maxSelfIntersections = maxSelfIntersections
        self.timeBudget = timeBudget
    }

    /// The defaults, with any `SHANSHUI_REPAIR_*` environment variables applied.
    public static let standard: RepairLimits = {
        let env = ProcessInfo.processInfo.environment
        var limits = RepairLimits()
        func read(_ name: String) -> Int? { env["SHANSHUI_REPAIR_" + name].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil } }
        if let n = read("MAX_VERTICES") { limits.maxVertices = n }
        if let n = read("MAX_RINGS") { limits.maxRings = n }
        if let n = read("MAX_PARTS") { limits.maxParts = n }
        if let n = read("MAX_CROSSINGS") { limits.maxSelfIntersections = n }
        if let n = read("SECONDS") { limits.timeBudget = Double(n) }
        return limits
    }()
}

/// A feature past one of the `RepairLimits`: which limit, the value found and the limit.
public struct RepairLimitError: Error, CustomStringConvertible, Hashable, Sendable {
    /// The limit that was passed, in words ("vertices", "self-intersections"...).
    public var limit: String
    /// What was found ("2,500,000", "more than 50,000").
    public var found: String
    /// The limit's value.
    public var maximum: String
    /// The environment variable that raises it.
    public var variable: String

    public var description: String {
        "has \(found) \(limit) (the limit is \(maximum)): refused instead of repaired "
            + "(fix the geometry, or raise the limit with \(variable))"
    }
}

extension Geometry {
    /// Checks the size limits (vertices, rings, parts) that apply to every imported feature.
    /// - Throws: `RepairLimitError` naming the limit passed.
    public func checkSize(_ limits: RepairLimits = .standard) throws {
        let polygons = self.polygons
        if polygons.count > limits.maxParts {
            throw RepairLimitError(limit: "parts", found: polygons.count.formatted(), maximum: limits.maxParts.formatted(),
                                   variable: "SHANSHUI_REPAIR_MAX_PARTS")
        }
        let rings = polygons.reduce(0) { $0 + 1 + $1.holes.count }
        if rings > limits.maxRings {
            throw RepairLimitError(limit: "rings", found: rings.formatted(), maximum: limits.maxRings.formatted(),
                                   variable: "SHANSHUI_REPAIR_MAX_RINGS")
        }
        let vertices = polygons.isEmpty ? allCoordinates.count : polygons.reduce(0) { $0 + $1.rings.reduce(0) { $0 + $1.count } }
        if vertices > limits.maxVertices {
            throw RepairLimitError(limit: "vertices", found: vertices.formatted(), maximum: limits.maxVertices.formatted(),
                                   variable: "SHANSHUI_REPAIR_MAX_VERTICES")
        }
    }

    /// Checks that MakeValid can repair this geometry at a bounded cost: the size limits, then
    /// the number of places where its edges cross or touch (other than consecutive edges of a
    /// ring), counted by a sweep that stops at the limit or when the time budget runs out.
    /// - Throws: `RepairLimitError` naming the limit passed.
    public func checkRepairable(_ limits: RepairLimits = .standard) throws {
        try checkSize(limits)
        let crossings = SegmentSweep(self).countIntersections(upTo: limits.maxSelfIntersections, seconds: limits.timeBudget)
        switch crossings {
        case .atMost(let n) where n <= limits.maxSelfIntersections: return
        case .atMost:
            throw RepairLimitError(limit: "self-intersections", found: "more than " + limits.maxSelfIntersections.formatted(),
                                   maximum: limits.maxSelfIntersections.formatted(), variable: "SHANSHUI_REPAIR_MAX_CROSSINGS")
        case .outOfTime(let seen):
            throw RepairLimitError(limit: "self-intersections", found: "too many (\(seen.formatted()) counted in \(Int(limits.timeBudget)) s)",
                                   maximum: "a \(Int(limits.timeBudget)) s budget to count them", variable: "SHANSHUI_REPAIR_SECONDS")
        }
    }

    /// `makeValid()` after `checkRepairable(limits)`: refuses what would cost too much to repair.
    /// - Throws: `RepairLimitError` for a geometry past the limits, `GEOSError` if GEOS fails.
    public func makeValid(within limits: RepairLimits) throws -> Geometry {
        try checkRepairable(limits)
        return try makeValid()
    }
}
