import Foundation
import GeoKit

/// The semiannual scan: two epochs compared over every selected protected area (as of the
/// after-epoch date, plus an optional buffer), every patch stored with its lineage, and every
/// damage touching an area flagged as a case or added to the open case it continues.
///
/// Work is committed one protected area at a time, so an interrupted scan resumes where it
/// stopped (`resume`) without losing or duplicating a patch.
public struct ScanRunner: Sendable {
    public let registry: Registry
    public let scans: any ScanStore
    public let cases: any CaseStore
    public var flagger = CaseFlagger()
    public var detection = DetectionConfiguration()
    /// Who answers for the land; the workspace's grid on the detection day when nil.
    public var responsibility: (any ResponsibilityResolver)?
    /// The grid to ask when `responsibility` is nil.
    public var grid: Grid?
    /// Where before/after chips of new cases are written (one folder per case), if anywhere.
    public var evidenceDirectory: String?

    /// A scanner over the workspace's stores.
    public init(registry: Registry, scans: any ScanStore, cases: any CaseStore) {
        self.registry = registry
        self.scans = scans
        self.cases = cases
    }

    /// What to scan.
    public struct Request: Sendable {
        public var before: String
        public var after: String
        /// Protected-area ids or codes; all when nil.
        public var reserves: [String]?
        public var kinds: [ProtectedAreaKind]?
        /// Metres around each area also scanned (patches there are stored, not flagged).
        public var bufferMetres: Double = 0
        public var minimumArea: Double = 1000
        /// Days from flagging to the verification due day of new cases.
        public var verificationDays: Int = 30

        /// Scans all areas between two epochs.
        public init(before: String, after: String) {
            self.before = before
            self.after = after
        }
    }

    /// Progress of a running scan, per protected area.
    public struct Progress: Sendable {
        public var done: Int
        public var total: Int
        public var area: ProtectedArea
        public var patches: Int
        public var newCases: Int
        public var extendedCases: Int
        public var warning: String?
    }

    /// Records a new scan with one pending part per selected protected area.
    /// - Returns: the scan id.
    public func start(_ request: Request) async throws -> Int64 {
        let catalog = EpochCatalog(store: scans)
        let before = try await catalog.epoch(request.before), after = try await catalog.epoch(request.after)
        guard before.date < after.date else {
            throw DomainError.invalidValue("the before epoch (\(before.name), \(before.date)) must be older than the after epoch (\(after.name), \(after.date))")
        }
        var areas = try await registry.list(asOf: after.date)
        if let kinds = request.kinds { areas = areas.filter { kinds.contains($0.area.kind) } }
        if let wanted = request.reserves {
            var chosen: [AreaVersion] = []
            for w in wanted {
                let a = try await registry.area(w)
                guard let v = areas.first(where: { $0.area.id == a.id }) else {
                    throw DomainError.invalidValue("\(a.code) (\(a.name)) is not in force on \(after.date) or not of the kinds asked for")
                }
                chosen.append(v)
            }
            areas = chosen
        }
        guard !areas.isEmpty else { throw DomainError.invalidInput("no protected area to scan: import some with `shanshui reserves import`") }
        let parameters: JSONValue = .object([
            ("before", .string(before.name)), ("after", .string(after.name)),
            ("reserves", request.reserves.map { .array($0.map(JSONValue.string)) } ?? "all"),
            ("kinds", request.kinds.map { .array($0.map { .string($0.rawValue) }) } ?? "all"),
            ("buffer_m", .double(request.bufferMetres)), ("min_area_m2", .double(request.minimumArea)),
            ("verification_days", .int(Int64(request.verificationDays))),
        ])
        return try await scans.createScan(ScanRecord(beforeEpoch: before.id, afterEpoch: after.id, startedAt: Ledger.timestamp(),
                                                     parameters: parameters, areas: areas.map { ScanAreaProgress(areaID: $0.area.id) }))
    }

    /// Runs (or resumes) a scan: every pending protected area is detected, flagged and committed.
    public func run(_ scanID: Int64, progress: (@Sendable (Progress) -> Void)? = nil) async throws -> ScanRecord {
        guard let scan = try await scans.scan(scanID) else { throw DomainError.notFound("no scan \(scanID); see `shanshui scans list`") }
        guard let before = try await scans.epoch(String(scan.beforeEpoch)), let after = try await scans.epoch(String(scan.afterEpoch)) else {
            throw DomainError.notFound("the epochs of scan \(scanID) are gone")
        }
        let buffer = scan.parameters["buffer_m"]?.doubleValue ?? 0
        var config = detection
        config.minimumArea = scan.parameters["min_area_m2"]?.doubleValue ?? config.minimumArea
        config.bandRoles = try before.bands.map { try BandRoles(parsing: $0) }
        let areas = try await registry.list(asOf: after.date)
        var resolver = responsibility
        if resolver == nil, let grid { resolver = try await GridResponsibility(grid: grid, day: after.date) }
        var flagger = self.flagger
        if let days = scan.parameters["verification_days"]?.intValue { flagger.verificationDays = Int(days) }
        var done = scan.areas.filter(\.done).count
        for part in scan.areas where !part.done {
            guard let area = areas.first(where: { $0.area.id == part.areaID }) else { continue }
            let (patches, warning) = try detect(area, before: before, after: after, buffer: buffer, config: config, scanID: scanID)
            var stored = patches.patches
            let box = stored.compactMap(\.geometry.envelope).reduce(nil) { (a: Envelope?, b: Envelope) in
                var a = a ?? b
                a.expand(toInclude: b)
                return a
            }
            var earlier: [ScanPatch] = []
            if let box { earlier = try await scans.earlierPatches(before: scanID, intersecting: box) }
            try flagger.resolveLineage(&stored, restored: patches.restored, earlier: earlier)
            let open = try await cases.cases(CaseFilter(areaID: area.area.id)).filter(\.status.isOpen)
            let result = try await flagger.flag(stored, area: area, openCases: open, detectedOn: after.date,
                                                responsibility: resolver, scanID: scanID)
            try await scans.commitArea(result)
            done += 1
            progress?(Progress(done: done, total: scan.areas.count, area: area.area, patches: stored.count,
                               newCases: result.newCases.count, extendedCases: result.extendedCases.count, warning: warning))
        }
        // Chips once at the end, for every area: this also covers a scan resumed after an interruption.
        for part in scan.areas {
            if let area = areas.first(where: { $0.area.id == part.areaID }) {
                try await renderChips(scanID: scanID, area: area, before: before, after: after)
            }
        }
        try await scans.finishScan(scanID, status: .finished, at: Ledger.timestamp())
        return try await scans.scan(scanID)!
    }

    /// Detects inside the area's (buffered) outline; areas outside the imagery or fully clouded give no patches and a warning.
    private func detect(_ area: AreaVersion, before: Epoch, after: Epoch, buffer: Double, config: DetectionConfiguration,
                        scanID: Int64) throws -> (patches: (patches: [ScanPatch], restored: Set<Int>), warning: String?) {
        guard let boundary = area.version.geometry, let center = boundary.envelope?.center else { return (([], []), nil) }
        var region = boundary
        if buffer > 0 {
            let utm = try CRS.utm(longitude: center.x, latitude: center.y)
            let there = try Transformer(from: .wgs84, to: utm), back = try Transformer(from: utm, to: .wgs84)
            region = try back.transform(there.transform(boundary).buffer(buffer))
        }
        let footprint = try before.footprint.intersection(after.footprint)
        guard try region.intersects(footprint), let box = try region.intersection(footprint).envelope else {
            return (([], []), "\(area.area.code) lies outside the imagery of both epochs")
        }
        let result: DetectionResult
        do {
            result = try ChangeDetector(config).detect(before: EpochCatalog.source(before), after: EpochCatalog.source(after), region: box)
        } catch let error as DetectionError {
            if case .nothingToAssess(let m) = error { return (([], []), "\(area.area.code): \(m)") }
            if case .noOverlap(let m) = error { return (([], []), "\(area.area.code): \(m)") }
            throw error
        }
        let prepared = try PreparedGeometry(region)
        var patches: [ScanPatch] = []
        var restored: Set<Int> = []
        for p in result.patches where try prepared.intersects(p.geometry) {
            if p.change == .restored { restored.insert(patches.count) }
            patches.append(ScanPatch(scanID: scanID, areaID: area.area.id, geometry: p.geometry, activity: p.activity.rawValue,
                                     lineage: p.change == .restored ? .restored : .new, areaM2: p.areaM2, perimeterM: p.perimeterM,
                                     confidence: p.confidence, properties: .object(p.feature.properties.members)))
        }
        return ((patches, restored), nil)
    }

    /// Before/after chips for this scan's cases in the area that have none yet.
    private func renderChips(scanID: Int64, area: AreaVersion, before: Epoch, after: Epoch) async throws {
        guard let evidenceDirectory else { return }
        let roles = try before.bands.map { try BandRoles(parsing: $0) } ?? BandRoles([.blue: 1, .green: 2, .red: 3, .nir: 4])
        func imagery(_ e: Epoch) -> ChipImagery {
            ChipImagery(paths: e.paths, red: roles.bands[.red] ?? 3, green: roles.bands[.green] ?? 2, blue: roles.bands[.blue] ?? 1,
                        nir: roles.bands[.nir] ?? 4, date: e.date)
        }
        var filter = CaseFilter(areaID: area.area.id)
        filter.scanID = scanID
        for c in try await cases.cases(filter) {
            let folder = URL(fileURLWithPath: evidenceDirectory).appendingPathComponent(c.number)
            guard !FileManager.default.fileExists(atPath: folder.appendingPathComponent("\(c.number)-true.png").path) else { continue }
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try EvidenceChip.render(before: imagery(before), after: imagery(after), patch: c.geometry, name: c.number, to: folder.path)
        }
    }
}
