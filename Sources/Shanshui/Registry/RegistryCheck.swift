import GeoKit

/// One problem (or notable fact) `reserves check` found, with where and how large.
public struct RegistryFinding: Sendable, Hashable {
    /// What kind of finding it is.
    public enum Kind: String, Sendable, CaseIterable {
        /// Two zones of one reserve overlap: an error in the zoning.
        case zoneOverlap = "zone_overlap"
        /// A zone reaches outside its reserve's boundary: an error.
        case zoneOutside = "zone_outside"
        /// A part of a reserve covered by no zone: an error.
        case gap
        /// A thin sliver (gap or overlap) between zones, usually digitising noise: a warning.
        case sliver
        /// Two protected areas overlap: allowed (a red line over a reserve), reported.
        case areaOverlap = "area_overlap"
        /// A nature reserve or national park with no zones at all: an error (they must be zoned).
        case noZones = "no_zones"
    }

    public var kind: Kind
    /// The codes of the areas involved.
    public var areas: [String]
    /// The zones involved, if any.
    public var zones: [ZoneKind]
    /// A point inside the finding (lon/lat).
    public var location: Coordinate
    /// The finding's size in m².
    public var areaM2: Double

    /// True for findings that are errors (not allowed overlaps).
    public var isError: Bool { kind != .areaOverlap && kind != .sliver }
}

/// What `RegistryCheck.report(_:)` found.
public struct RegistryCheckReport: Sendable {
    /// Every finding, overlaps between areas up to the check's `maxOverlapFindings` pairs.
    public var findings: [RegistryFinding]
    /// Pairs of areas past that limit whose extents overlap, counted but not examined.
    public var unmeasuredOverlaps: Int
}

/// Topology checks of the registry as of a day: zone nesting, coverage, slivers and overlaps.
public struct RegistryCheck: Sendable {
    /// Findings smaller than this (m²) are ignored as numerical noise.
    public var tolerance: Double = 1
    /// A gap or overlap whose thinness (4πA/P²) is below this is a sliver.
    public var sliverThinness: Double = 0.05

    /// Most pairs of areas with overlapping extents examined for overlaps; further pairs are only
    /// counted (`RegistryCheckReport.unmeasuredOverlaps`), so thousands of areas stacked on one
    /// another (millions of pairs) are checked in seconds. Overlaps between areas are allowed.
    public var maxOverlapFindings = 50_000

    /// Default thresholds.
    public init() {}

    /// Checks every area in force: zones against each other and their reserve, and areas against each other.
    public func run(_ areas: [AreaVersion]) throws -> [RegistryFinding] {
        try report(areas).findings
    }

    /// `run(_:)` with the count of overlapping pairs past `maxOverlapFindings`.
    public func report(_ areas: [AreaVersion]) throws -> RegistryCheckReport {
        var findings: [RegistryFinding] = []
        for item in areas {
            findings += try zoning(of: item)
        }
        let boundaries = areas.map { $0.version.geometry ?? .multiPolygon([]) }
        let overlaps = try OverlayPiece.overlaps(among: boundaries, tolerance: tolerance, sliverThinness: sliverThinness,
                                                 measuringAtMost: maxOverlapFindings)
        for (i, j, part) in overlaps.pairs {
            findings.append(RegistryFinding(kind: .areaOverlap, areas: [areas[i].area.code, areas[j].area.code],
                                            zones: [], location: part.location, areaM2: part.area))
        }
        return RegistryCheckReport(findings: findings, unmeasuredOverlaps: overlaps.unmeasured)
    }

    private func zoning(of item: AreaVersion) throws -> [RegistryFinding] {
        let zones = item.version.zones
        if zones.isEmpty, item.area.kind.mustBeZoned, let boundary = item.version.geometry {
            let location = (try? boundary.pointOnSurface()).flatMap { $0.allCoordinates.first } ?? boundary.envelope?.center ?? Coordinate(0, 0)
            return [RegistryFinding(kind: .noZones, areas: [item.area.code], zones: [], location: location, areaM2: boundary.geodesicArea)]
        }
        guard let boundary = item.version.geometry, !zones.isEmpty else { return [] }
        let code = item.area.code
        var findings: [RegistryFinding] = []
        for (i, a) in zones.enumerated() {
            for b in zones[(i + 1)...] {
                for part in try pieces(a.geometry.intersection(b.geometry)) {
                    findings.append(RegistryFinding(kind: part.isSliver ? .sliver : .zoneOverlap, areas: [code],
                                                    zones: [a.kind, b.kind], location: part.location, areaM2: part.area))
                }
            }
            for part in try pieces(a.geometry.difference(boundary)) {
                findings.append(RegistryFinding(kind: .zoneOutside, areas: [code], zones: [a.kind],
                                                location: part.location, areaM2: part.area))
            }
        }
        let covered = try Geometry.unaryUnion(zones.map(\.geometry))
        for part in try pieces(boundary.difference(covered)) {
            findings.append(RegistryFinding(kind: part.isSliver ? .sliver : .gap, areas: [code], zones: [],
                                            location: part.location, areaM2: part.area))
        }
        return findings
    }

    /// The polygonal parts of an overlay result above the tolerance, with their size and shape.
    private func pieces(_ g: Geometry) throws -> [OverlayPiece] {
        try OverlayPiece.pieces(of: g, tolerance: tolerance, sliverThinness: sliverThinness)
    }
}
