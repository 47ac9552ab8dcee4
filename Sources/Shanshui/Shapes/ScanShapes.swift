import GeoKit

/// A registered imagery epoch: its rasters, grid and footprint.
public struct EpochShape: Shape {
    public var id: Int64
    public var name: String
    public var date: Day
    public var sensor: String?
    public var paths: [String]
    public var bands: String?
    public var crs: String
    public var width: Int
    public var height: Int
    public var bandCount: Int
    public var footprint: JSONValue

    /// Shapes the domain value(s) given.
    public init(_ e: Epoch) {
        (id, name, date, sensor, paths, bands, crs) = (e.id, e.name, e.date, e.sensor, e.paths, e.bands, e.crs)
        (width, height, bandCount) = (e.width, e.height, e.bandCount)
        footprint = e.footprint.geoJSONValue
    }
}

/// How far a scan got over one protected area.
public struct ScanAreaShape: Shape {
    public var areaId: Int64
    public var done: Bool
    public var patches: Int
    public var damageM2: Double

    /// Shapes the domain value(s) given.
    public init(_ a: ScanAreaProgress) {
        (areaId, done, patches) = (a.areaID, a.done, a.patches)
        damageM2 = rounded(a.damageM2, places: 1)
    }
}

/// Areas done of all areas of a scan.
public struct ScanProgressShape: Shape {
    public var areasDone: Int
    public var areasTotal: Int
}

/// A case a scan opened, named by id and number.
public struct CaseReferenceShape: Shape {
    public var id: Int64
    public var number: String
}

/// A scan: its epochs, parameters, progress per area and, once finished, the cases it opened
/// (`cases` is null in listings, which do not look them up).
public struct ScanShape: Shape {
    public var id: Int64
    public var status: String
    public var beforeEpoch: Int64
    public var afterEpoch: Int64
    public var startedAt: String
    public var finishedAt: String?
    public var parameters: JSONValue
    public var progress: ScanProgressShape
    public var patches: Int
    public var areas: [ScanAreaShape]
    public var cases: [CaseReferenceShape]?

    /// Shapes the domain value(s) given.
    public init(_ s: ScanRecord, cases: [Case]? = nil) {
        (id, status, beforeEpoch, afterEpoch) = (s.id, s.status.rawValue, s.beforeEpoch, s.afterEpoch)
        (startedAt, finishedAt, parameters) = (s.startedAt, s.finishedAt, s.parameters)
        progress = ScanProgressShape(areasDone: s.areas.filter(\.done).count, areasTotal: s.areas.count)
        patches = s.areas.reduce(0) { $0 + $1.patches }
        areas = s.areas.map(ScanAreaShape.init)
        self.cases = cases?.map { CaseReferenceShape(id: $0.id, number: $0.number) }
    }
}

/// A patch's properties (its GeoJSON feature's `properties`): ledger fields, then detection's own measures.
public struct PatchRecordShape: Shape {
    public var id: Int64
    public var scanId: Int64
    public var areaId: Int64
    public var activity: String
    public var change: PatchLineage
    public var areaM2: Double
    public var perimeterM: Double
    public var confidence: Double
    public var previousPatchId: Int64?
    public var caseId: Int64?
    /// Detection's own measures, added after the fields above (never replacing one).
    public var measures: JSONValue

    /// Shapes the domain value(s) given.
    public init(_ p: ScanPatch) {
        (id, scanId, areaId, activity, change) = (p.id, p.scanID, p.areaID, p.activity, p.lineage)
        areaM2 = rounded(p.areaM2, places: 1)
        perimeterM = rounded(p.perimeterM, places: 1)
        (confidence, previousPatchId, caseId, measures) = (p.confidence, p.previousPatchID, p.caseID, p.properties)
    }

    enum CodingKeys: CodingKey { case id, scanId, areaId, activity, change, areaM2, perimeterM, confidence, previousPatchId, caseId }

    /// Writes the members in their documented order.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(scanId, forKey: .scanId)
        try c.encode(areaId, forKey: .areaId)
        try c.encode(activity, forKey: .activity)
        try c.encode(change, forKey: .change)
        try c.encode(areaM2, forKey: .areaM2)
        try c.encode(perimeterM, forKey: .perimeterM)
        try c.encode(confidence, forKey: .confidence)
        try c.encodeIfPresent(previousPatchId, forKey: .previousPatchId)
        try c.encodeIfPresent(caseId, forKey: .caseId)
        var extra = encoder.container(keyedBy: JSONKey.self)
        let named = Set(["id", "scan_id", "area_id", "activity", "change", "area_m2", "perimeter_m", "confidence", "previous_patch_id", "case_id"])
        for (key, value) in measures.objectValue ?? [] where !named.contains(key) { try extra.encode(value, forKey: JSONKey(key)) }
    }

    /// The patch as a GeoJSON feature whose properties are this shape.
    public static func feature(_ p: ScanPatch) -> Feature {
        Feature(id: .int(p.id), geometry: p.geometry, properties: Properties(PatchRecordShape(p).json.objectValue ?? []))
    }
}


/// A scan just started in the background: where to follow it.
public struct ScanStartShape: Shape {
    public var id: Int64
    public var status: String
    public var href: String

    /// Shapes the domain value(s) given.
    public init(id: Int64, status: String, href: String) { (self.id, self.status, self.href) = (id, status, href) }
}

/// What a patch import did: its scan, patches stored, those outside every area, cases flagged
/// and how many of them (in which cells) have nobody to route to.
public struct PatchImportShape: Shape {
    public var scanId: Int64
    public var unchanged: Bool
    public var patches: Int
    public var outside: [String]
    public var cases: Int
    public var unrouted: Int
    public var unroutedCells: [String]
    public var warnings: [String]

    /// Shapes the domain value(s) given.
    public init(_ summary: ScanRunner.ImportSummary) {
        (scanId, unchanged, patches, outside, cases) = (summary.scanID, summary.unchanged, summary.patches, summary.outside, summary.cases.count)
        let unrouted = CaseRouting.unrouted(summary.cases)
        (self.unrouted, unroutedCells, warnings) = (unrouted.count, unrouted.cells, summary.warnings)
    }
}
