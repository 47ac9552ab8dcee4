import GeoKit

/// A protected area: who it is, without its boundary.
public struct AreaShape: Shape, Equatable {
    public var id: Int64
    public var code: String
    public var name: String
    public var kind: ProtectedAreaKind
    public var level: String?

    /// Shapes the domain value(s) given.
    public init(_ a: ProtectedArea) {
        (id, code, name, kind, level) = (a.id, a.code, a.name, a.kind, a.level)
    }
}

/// A functional zone of an area's version; its outline only where the caller asked for geometry.
public struct ZoneShape: Shape {
    public var kind: ZoneKind
    public var areaKm2: Double
    public var geometry: JSONValue?

    /// Shapes the domain value(s) given.
    public init(_ z: Zone, geometry: Bool = false) {
        kind = z.kind
        areaKm2 = rounded(z.areaKm2, places: 4)
        self.geometry = geometry ? z.geometry.geoJSONValue : nil
    }
}

/// One boundary version of an area: when it held, why it changed, its legal instrument, its zones.
public struct BoundaryVersionShape: Shape {
    /// Null for a version in force from an unknown start.
    public var validFrom: Day?
    public var validTo: Day?
    public var change: BoundaryChange
    public var areaKm2: Double
    public var instrumentNumber: String?
    public var instrumentText: String?
    public var zones: [ZoneShape]

    /// Shapes the domain value(s) given.
    public init(_ v: BoundaryVersion) {
        validFrom = v.validFrom == .unknownStart ? nil : v.validFrom
        validTo = v.validTo
        change = v.change
        areaKm2 = rounded(v.areaKm2, places: 4)
        instrumentNumber = v.instrument.number
        instrumentText = v.instrument.text
        zones = v.zones.map { ZoneShape($0) }
    }
}

/// An area in a listing: the area, its extent and zones in force on the day.
public struct AreaSummaryShape: Shape {
    public var id: Int64
    public var code: String
    public var name: String
    public var kind: ProtectedAreaKind
    public var level: String?
    public var areaKm2: Double
    public var validFrom: Day?
    public var zones: [ZoneShape]

    /// Shapes the domain value(s) given.
    public init(_ item: AreaVersion) {
        let a = AreaShape(item.area)
        (id, code, name, kind, level) = (a.id, a.code, a.name, a.kind, a.level)
        let v = BoundaryVersionShape(item.version)
        (areaKm2, validFrom, zones) = (v.areaKm2, v.validFrom, v.zones)
    }
}

/// One area as of a day: its boundary and zones (with outlines) if in force, and every version.
public struct AreaDetailShape: Shape {
    public var id: Int64
    public var code: String
    public var name: String
    public var kind: ProtectedAreaKind
    public var level: String?
    public var asOf: Day
    public var inForce: Bool
    public var areaKm2: Double?
    public var validFrom: Day?
    public var geometry: JSONValue?
    public var zones: [ZoneShape]
    public var versions: [BoundaryVersionShape]

    /// Shapes the domain value(s) given.
    public init(_ area: ProtectedArea, asOf day: Day, version: BoundaryVersion?, versions: [BoundaryVersion]) {
        let a = AreaShape(area)
        (id, code, name, kind, level) = (a.id, a.code, a.name, a.kind, a.level)
        asOf = day
        inForce = version != nil
        areaKm2 = version.map { rounded($0.areaKm2, places: 4) }
        validFrom = version.flatMap { $0.validFrom == .unknownStart ? nil : $0.validFrom }
        geometry = version?.geometry?.geoJSONValue
        zones = (version?.zones ?? []).map { ZoneShape($0, geometry: true) }
        self.versions = versions.map(BoundaryVersionShape.init)
    }
}

/// What an import did to one area: added, adjusted, unchanged...
public struct ImportRowShape: Shape {
    public var code: String
    public var name: String
    public var kind: ProtectedAreaKind
    public var zones: Int
    public var result: String

    /// Shapes the domain value(s) given.
    public init(_ area: ImportedArea, _ outcome: Registry.Outcome) {
        (code, name, kind) = (area.area.code, area.area.name, area.area.kind)
        zones = area.zones.count
        result = outcome.rawValue
    }
}

/// What an import did: one row per area, and the warnings it gave.
public struct ImportSummaryShape: Shape {
    public var areas: [ImportRowShape]
    public var warnings: [String]

    /// Shapes the domain value(s) given.
    public init(_ summary: Registry.ImportSummary) {
        areas = summary.rows.map { ImportRowShape($0.area, $0.outcome) }
        warnings = summary.warnings
    }
}

extension Geometry {
    /// The geometry as a GeoJSON value, for embedding in shapes.
    public var geoJSONValue: JSONValue {
        (try? JSONValue.parse(GeoJSON.encode(self))) ?? .null
    }
}

/// An area with every boundary version it had, oldest first.
public struct AreaHistoryShape: Shape {
    public var id: Int64
    public var code: String
    public var name: String
    public var kind: ProtectedAreaKind
    public var level: String?
    public var versions: [BoundaryVersionShape]

    /// Shapes the domain value(s) given.
    public init(_ area: ProtectedArea, _ versions: [BoundaryVersion]) {
        let a = AreaShape(area)
        (id, code, name, kind, level) = (a.id, a.code, a.name, a.kind, a.level)
        self.versions = versions.map(BoundaryVersionShape.init)
    }
}

/// A finding of the registry check: zones overlapping, outside their area, gaps, slivers, areas overlapping.
public struct RegistryFindingShape: Shape {
    public var kind: String
    public var areas: [String]
    public var zones: [ZoneKind]
    public var areaM2: Double
    /// Lon/lat of the finding.
    public var location: [Double]
    public var error: Bool

    /// Shapes the domain value(s) given.
    public init(_ f: RegistryFinding) {
        (kind, areas, zones, error) = (f.kind.rawValue, f.areas, f.zones, f.isError)
        areaM2 = rounded(f.areaM2, places: 1)
        location = [f.location.x, f.location.y]
    }
}

/// The registry check's answer: areas checked, errors, findings and the overlap pairs not examined.
public struct RegistryCheckShape: Shape {
    public var areasChecked: Int
    public var errors: Int
    public var findings: [RegistryFindingShape]
    public var unmeasuredOverlaps: Int

    /// Shapes the domain value(s) given.
    public init(_ report: RegistryCheckReport, areasChecked: Int) {
        self.areasChecked = areasChecked
        errors = report.findings.filter(\.isError).count
        findings = report.findings.map(RegistryFindingShape.init)
        unmeasuredOverlaps = report.unmeasuredOverlaps
    }
}
