import GeoKit

/// An imagery epoch registered in the workspace: files referenced (not copied), their date,
/// sensor, band roles, mask, CRS and footprint, so scans can name epochs instead of paths.
public struct Epoch: Sendable, Hashable {
    public var id: Int64
    /// The name scans refer to, e.g. `2026H1`.
    public var name: String
    public var date: Day
    public var sensor: String?
    /// Raster paths or URLs: one multiband file or single-band files in band order.
    public var paths: [String]
    /// Band roles as `blue=1,green=2,red=3,nir=4[,swir1=5,swir2=6]`, when not read from the files.
    public var bands: String?
    /// Cloud/invalid mask raster (non-zero = not to be assessed).
    public var mask: String?
    /// The CRS of the first file, as `EPSG:n` or a name.
    public var crs: String
    public var width: Int
    public var height: Int
    public var bandCount: Int
    /// The lon/lat outline of the imagery.
    public var footprint: Geometry

    /// Makes an epoch record.
    public init(id: Int64 = 0, name: String, date: Day, sensor: String?, paths: [String], bands: String?, mask: String?,
                crs: String, width: Int, height: Int, bandCount: Int, footprint: Geometry) {
        self.id = id
        self.name = name
        self.date = date
        self.sensor = sensor
        self.paths = paths
        self.bands = bands
        self.mask = mask
        self.crs = crs
        self.width = width
        self.height = height
        self.bandCount = bandCount
        self.footprint = footprint
    }
}

/// A scan: two epochs compared over protected areas, with its parameters and progress.
public struct ScanRecord: Sendable, Hashable {
    public enum Status: String, Sendable { case running, finished, failed }

    public var id: Int64
    public var beforeEpoch: Int64
    public var afterEpoch: Int64
    public var status: Status
    public var startedAt: String
    public var finishedAt: String?
    /// JSON: reserves, kinds, buffer, minimum area.
    public var parameters: JSONValue
    /// Per protected area: done or pending, with patch counts.
    public var areas: [ScanAreaProgress]

    /// Makes a record.
    public init(id: Int64 = 0, beforeEpoch: Int64, afterEpoch: Int64, status: Status = .running, startedAt: String,
                finishedAt: String? = nil, parameters: JSONValue, areas: [ScanAreaProgress]) {
        self.id = id
        self.beforeEpoch = beforeEpoch
        self.afterEpoch = afterEpoch
        self.status = status
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.parameters = parameters
        self.areas = areas
    }
}

/// One protected area's part of a scan.
public struct ScanAreaProgress: Sendable, Hashable {
    public var areaID: Int64
    public var done: Bool
    public var patches: Int
    public var damageM2: Double

    /// Makes a progress row.
    public init(areaID: Int64, done: Bool = false, patches: Int = 0, damageM2: Double = 0) {
        self.areaID = areaID
        self.done = done
        self.patches = patches
        self.damageM2 = damageM2
    }
}

/// How a stored patch relates to patches of earlier scans.
public enum PatchLineage: String, CaseIterable, Sendable, Codable {
    /// Nothing there before.
    case new
    /// It overlaps an earlier patch and is clearly larger.
    case expanded
    /// It overlaps an earlier patch of about the same size.
    case persisting
    /// Vegetation came back (not damage).
    case restored
}

/// A patch as the ledger keeps it: detection's values plus the scan, the protected area it was
/// found for, its lineage and the case it belongs to.
public struct ScanPatch: Sendable, Hashable {
    public var id: Int64
    public var scanID: Int64
    public var areaID: Int64
    public var geometry: Geometry
    public var activity: String
    public var lineage: PatchLineage
    public var areaM2: Double
    public var perimeterM: Double
    public var confidence: Double
    /// Index changes, elongation, pixels: detection's own properties.
    public var properties: JSONValue
    public var previousPatchID: Int64?
    public var caseID: Int64?

    /// Makes a stored patch.
    public init(id: Int64 = 0, scanID: Int64, areaID: Int64, geometry: Geometry, activity: String, lineage: PatchLineage,
                areaM2: Double, perimeterM: Double, confidence: Double, properties: JSONValue,
                previousPatchID: Int64? = nil, caseID: Int64? = nil) {
        self.id = id
        self.scanID = scanID
        self.areaID = areaID
        self.geometry = geometry
        self.activity = activity
        self.lineage = lineage
        self.areaM2 = areaM2
        self.perimeterM = perimeterM
        self.confidence = confidence
        self.properties = properties
        self.previousPatchID = previousPatchID
        self.caseID = caseID
    }
}
