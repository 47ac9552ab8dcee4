import GeoKit

/// Where epochs, scans and their patches are kept, and where a scan's results for one
/// protected area are committed together with the cases they open or extend.
public protocol ScanStore: Sendable {
    /// Registers an epoch. - Throws: when the name is taken.
    func addEpoch(_ epoch: Epoch) async throws -> Int64
    /// The epoch with this name or id.
    func epoch(_ nameOrID: String) async throws -> Epoch?
    /// All epochs by date.
    func epochs() async throws -> [Epoch]
    /// Starts a scan with one pending row per protected area. With `expectedScansOfPair`, the
    /// number of scans of the same epoch pair the caller validated against is checked inside the
    /// writing transaction: if another writer started one meanwhile, nothing is written and
    /// `ConcurrentChangeError` is thrown.
    func createScan(_ scan: ScanRecord, expectedScansOfPair: Int?) async throws -> Int64
    /// A scan with its per-area progress.
    func scan(_ id: Int64) async throws -> ScanRecord?
    /// All scans, newest first.
    func scans() async throws -> [ScanRecord]
    /// Patches of scans before `scanID` whose outline intersects `box` (for lineage).
    func earlierPatches(before scanID: Int64, intersecting box: Envelope) async throws -> [ScanPatch]
    /// The patches of a scan.
    func patches(scanID: Int64?) async throws -> [ScanPatch]
    /// Atomically stores one area's patches, creates and extends cases (patch ↔ case links by
    /// position), logs their events and marks the area done: all or nothing, so an interrupted
    /// scan resumes without losing or duplicating a patch.
    func commitArea(_ result: AreaScanResult) async throws
    /// Marks a scan finished or failed.
    func finishScan(_ id: Int64, status: ScanRecord.Status, at: String) async throws
    /// The job queue of distributed scans, when this store keeps one (the shared PostGIS
    /// database does; a SpatiaLite file on one machine does not).
    var jobQueue: (any ScanJobStore)? { get }
}

/// One protected area's scan result, ready to commit.
public struct AreaScanResult: Sendable {
    public var scanID: Int64
    public var areaID: Int64
    public var patches: [ScanPatch]
    /// New cases, each with the positions (in `patches`) of its patches; numbers are assigned on commit.
    public var newCases: [(case: Case, patchIndexes: [Int], event: CaseEvent)]
    /// Open cases extended by new patches (positions in `patches`), with the revision read and the event.
    public var extendedCases: [(case: Case, expectedRevision: Int, patchIndexes: [Int], event: CaseEvent)]
    /// Earlier scans of the same epochs (`--rescan`) whose patches in this area are replaced:
    /// deleted in the same transaction, links from other patches and cases cut.
    public var replacedScans: [Int64] = []
    /// Their cases nobody had worked on, leaving the ledger (hidden from listings, their history
    /// kept), each with the revision read and its event.
    public var replacedCases: [(case: Case, event: CaseEvent)] = []

    /// Makes a result.
    public init(scanID: Int64, areaID: Int64, patches: [ScanPatch],
                newCases: [(case: Case, patchIndexes: [Int], event: CaseEvent)] = [],
                extendedCases: [(case: Case, expectedRevision: Int, patchIndexes: [Int], event: CaseEvent)] = []) {
        self.scanID = scanID
        self.areaID = areaID
        self.patches = patches
        self.newCases = newCases
        self.extendedCases = extendedCases
    }
}

extension ScanStore {
    /// No job queue: distributed scans need a shared database.
    public var jobQueue: (any ScanJobStore)? { nil }

    /// Starts a scan with one pending row per protected area, unchecked.
    public func createScan(_ scan: ScanRecord) async throws -> Int64 {
        try await createScan(scan, expectedScansOfPair: nil)
    }
}
