import Foundation
import GeoKit
import Synchronization

/// One scan resolved once — its epochs, detection settings, the protected areas as of the after
/// date, who answers for the land and the case flagger — with the per-area steps that the
/// single-process scan and the distributed workers share, so both give the same patches and cases.
struct ScanContext: Sendable {
    let scan: ScanRecord
    let before: Epoch, after: Epoch
    let buffer: Double
    /// Pixels per side of a distributed scan's tile jobs.
    let tileSize: Int
    let detection: DetectionConfiguration
    let areas: [AreaVersion]
    let resolver: (any ResponsibilityResolver)?
    /// Who answers for the land today: whom new cases are routed to.
    let router: (any ResponsibilityResolver)?
    let flagger: CaseFlagger
    let scans: any ScanStore
    let cases: any CaseStore
    /// The epoch pair's change model, fitted once on the whole overlap for every area.
    let models = Remembered<ChangeModel>()
    /// The epochs aligned over their whole overlap; each area's box is cut out of it.
    let alignment = Remembered<Alignment>()
    /// Blocks analysed for one area and needed by another of this run.
    let blocks = SharedBlocks()
    /// Patches outlined for one area, taken by the others whose blocks hold them wholly.
    let outlines = InteriorOutlines()
    /// Chip renderers kept open from one chips batch to the next (with the tiles they decoded).
    let renderers = ChipRendererPool()

    /// The area of a protected area to detect in: its outline (buffered) and that outline's box
    /// clipped to the imagery of both epochs.
    struct Region: Sendable {
        let outline: Geometry
        let box: Envelope
    }

    /// Reads the scan and everything it needs from the runner's stores.
    static func load(_ scanID: Int64, runner: ScanRunner) async throws -> ScanContext {
        guard let scan = try await runner.scans.scan(scanID) else { throw DomainError.notFound("no scan \(scanID); see `shanshui scans list`") }
        guard let before = try await runner.scans.epoch(String(scan.beforeEpoch)), let after = try await runner.scans.epoch(String(scan.afterEpoch)) else {
            throw DomainError.notFound("the epochs of scan \(scanID) are gone")
        }
        var config = runner.detection
        config.minimumArea = scan.parameters["min_area_m2"]?.doubleValue ?? config.minimumArea
        config.bandRoles = try before.bands.map { try BandRoles(parsing: $0) }
        // Blocks bound the 3×3 smoothing, so every process of one scan must use the scan's size.
        if let size = scan.parameters["block_size"]?.intValue { config.blockSize = Int(size) }
        // Each outline's cell is worked out once: a red line's cases repeat the outlines of the
        // reserve's around it, and routing on today's grid repeats detection's question. The grid's
        // resolvers remember the cell of each outline (shared by both days); another resolver is
        // remembered whole, by outline and day.
        var resolver: (any ResponsibilityResolver)? = runner.responsibility.map { RememberedResponsibility($0) }, router = resolver
        if resolver == nil, let grid = runner.grid {
            let detectionDay = try await GridResponsibility(grid: grid, day: after.date)
            let today = runner.clock.today
            resolver = detectionDay
            router = after.date == today ? detectionDay : try await GridResponsibility(grid: grid, day: today, sharingCellsWith: detectionDay)
        }
        var flagger = runner.flagger
        flagger.clock = runner.clock
        if let days = scan.parameters["verification_days"]?.intValue { flagger.verificationDays = Int(days) }
        // Scans recorded before the parameter existed flagged every patch.
        flagger.minimumConfidence = scan.parameters["min_confidence"]?.doubleValue ?? 0
        return ScanContext(scan: scan, before: before, after: after, buffer: scan.parameters["buffer_m"]?.doubleValue ?? 0,
                           tileSize: Int(scan.parameters["tile_size"]?.intValue ?? 2048),
                           detection: config, areas: try await runner.registry.list(asOf: after.date), resolver: resolver, router: router,
                           flagger: flagger, scans: runner.scans, cases: runner.cases)
    }

    /// The protected area's version in force on the after date.
    func area(_ id: Int64) -> AreaVersion? { areas.first { $0.area.id == id } }

    /// Where to detect for an area, or why not (outside the imagery).
    func region(for area: AreaVersion) throws -> (region: Region?, warning: String?) {
        guard let boundary = area.version.geometry, let center = boundary.envelope?.center else { return (nil, nil) }
        var outline = boundary
        if buffer > 0 {
            let utm = try CRS.utm(longitude: center.x, latitude: center.y)
            let there = try Transformer.cached(from: .wgs84, to: utm), back = try Transformer.cached(from: utm, to: .wgs84)
            outline = try back.transform(there.transform(boundary).buffer(buffer))
        }
        let footprint = try before.footprint.intersection(after.footprint)
        guard try outline.intersects(footprint), let box = try outline.intersection(footprint).envelope else {
            return (nil, "\(area.area.code) lies outside the imagery of both epochs")
        }
        return (Region(outline: outline, box: box), nil)
    }

    /// The detector with this scan's settings.
    var detector: ChangeDetector { ChangeDetector(detection, clock: flagger.clock) }

    /// The epochs as detection reads them.
    var sources: (before: EpochSource, after: EpochSource) { (EpochCatalog.source(before), EpochCatalog.source(after)) }

    /// A warning for detection failures that mean "nothing to see here" rather than an error:
    /// no overlap, or nothing assessable (all cloud or nodata).
    static func warning(for error: any Error, area: AreaVersion) -> String? {
        guard let error = error as? DetectionError else { return nil }
        switch error {
        case .nothingToAssess(let m), .noOverlap(let m): return "\(area.area.code): \(m)"
        default: return nil
        }
    }

    /// How many tile jobs an area's detection splits into: none when it lies outside the imagery.
    func tileCount(for area: AreaVersion) throws -> Int {
        guard let region = try region(for: area).region else { return 0 }
        do {
            return TileLayout(blocks: try detector.layout(try sceneAlignment(), region: region.box), tileSize: tileSize).count
        } catch {
            guard Self.warning(for: error, area: area) != nil else { throw error }
            return 0
        }
    }

    /// The detected patches that touch the area's outline, as scan patches; restored ones by position.
    func scanPatches(_ result: DetectionResult, region: Region, area: AreaVersion) throws -> (patches: [ScanPatch], restored: Set<Int>) {
        let prepared = try PreparedGeometry(region.outline)
        var patches: [ScanPatch] = []
        var restored: Set<Int> = []
        for p in result.patches where try prepared.intersects(p.geometry) {
            if p.change == .restored { restored.insert(patches.count) }
            patches.append(ScanPatch(scanID: scan.id, areaID: area.area.id, geometry: p.geometry, activity: p.activity.rawValue,
                                     lineage: p.change == .restored ? .restored : .new, areaM2: p.areaM2, perimeterM: p.perimeterM,
                                     confidence: p.confidence, properties: .object(p.feature.properties.members)))
        }
        return (patches, restored)
    }

    /// The epoch pair's change model (fitted on the whole overlap on first use, on `threads`
    /// threads, the detection's by default: the model is the same whatever the threads).
    func sceneModel(threads: Int? = nil) throws -> ChangeModel {
        var fitter = detector
        fitter.configuration.threads = threads ?? fitter.configuration.threads
        return try models.value { try fitter.plan(try sceneAlignment(), region: nil, meter: ProgressMeter(nil)).model }
    }

    /// The epochs aligned over their whole overlap (opened on first use; tried again after a failure).
    func sceneAlignment() throws -> Alignment {
        try alignment.value(rememberingFailure: false) { try detector.sceneAlignment(before: sources.before, after: sources.after) }
    }

    /// The detection plan of one area's box with the scene's model.
    func plan(_ region: Region) throws -> DetectionPlan {
        try detector.plan(try sceneAlignment(), region: region.box, model: try sceneModel())
    }

    /// Detects in one area in this process. The warning is the area's (outside the imagery,
    /// nothing to assess) or the scene model's sanity guard.
    func detect(_ area: AreaVersion) throws -> (patches: [ScanPatch], restored: Set<Int>, warning: String?) {
        let (region, warning) = try region(for: area)
        guard let region else { return ([], [], warning) }
        do {
            let plan = try plan(region)
            let result = try detect(plan)
            let (patches, restored) = try scanPatches(result, region: region, area: area)
            return (patches, restored, plan.model.warning.map { "\(area.area.code): \($0)" })
        } catch {
            guard let warning = Self.warning(for: error, area: area) else { throw error }
            return ([], [], warning)
        }
    }

    /// Counts the blocks each of `areas` will be detected on, so blocks shared by several are
    /// analysed once (`SharedBlocks`). Areas outside the imagery count none.
    func expectBlocks(of areas: [AreaVersion]) {
        for area in areas {
            guard let region = try? region(for: area).region,
                  let layout = try? detector.layout(try sceneAlignment(), region: region.box) else { continue }
            blocks.expect((0..<layout.count).map(layout.window))
        }
    }

    /// Detects with `plan`, taking blocks another area of this run analysed already.
    private func detect(_ plan: DetectionPlan) throws -> DetectionResult {
        let meter = ProgressMeter(nil)
        guard detection.changeRasterPath == nil else { return try detector.detect(plan, meter: meter) }
        let windows = (0..<plan.layout.count).map(plan.layout.window)
        let analysed = try blocks.components(windows) { missing in try detector.analyse(plan, blocks: missing, meter: meter) }
        return try detector.assemble(plan, blocks: analysed, outlines: outlines, meter: meter)
    }

    /// Links the patches to earlier scans' patches, flags or extends cases and commits the area
    /// in one transaction.
    func commit(_ area: AreaVersion, patches: [ScanPatch], restored: Set<Int>) async throws -> AreaScanResult {
        var stored = patches
        let box = stored.compactMap(\.geometry.envelope).reduce(nil) { (a: Envelope?, b: Envelope) in
            var a = a ?? b
            a.expand(toInclude: b)
            return a
        }
        let replaced = replacedScans
        var earlier: [ScanPatch] = []
        if let box { earlier = try await scans.earlierPatches(before: scan.id, intersecting: box).filter { !replaced.contains($0.scanID) } }
        try flagger.resolveLineage(&stored, restored: restored, earlier: earlier)
        let dropped = try await replacedCases(in: area)
        let known = try await cases.cases(CaseFilter(areaID: area.area.id)).filter { c in !dropped.contains { $0.case.id == c.id } }
        var result = try await flagger.flag(stored, area: area, openCases: known.filter(\.status.isOpen),
                                            closedCases: known.filter { !$0.status.isOpen }, detectedOn: after.date,
                                            responsibility: resolver, routing: router, scanID: scan.id)
        result.replacedScans = replaced
        result.replacedCases = dropped
        try await scans.commitArea(result)
        return result
    }

    /// This scan's cases in an area, by case number: the order chip batches are cut in.
    func newCases(in area: AreaVersion) async throws -> [Case] {
        var filter = CaseFilter(areaID: area.area.id)
        filter.scanID = scan.id
        return try await cases.cases(filter).sorted { $0.number < $1.number }
    }

    /// Draws the before/after chips of the cases lacking either one, on `detection.threads`
    /// threads (one `ChipRenderer` each). Cases are taken in map order — bands one 256-pixel
    /// tile row high, west to east in each — and handed out in long runs (two a thread), so a
    /// thread's consecutive chips share the imagery blocks it has decoded and no two threads
    /// decode most blocks twice. Cases of the same outline (a patch flagged in a reserve and
    /// again in a red line inside it) show the same pictures: drawn once, written for each.
    /// Temporary files an interrupted run left are removed first.
    /// - Parameter progress: called with 0 before drawing starts, then as chips are done (done, total), from any thread.
    func renderChips(_ cases: [Case], into evidenceDirectory: String, progress: ChipProgress? = nil) async throws {
        let folders = cases.map { URL(fileURLWithPath: evidenceDirectory).appendingPathComponent($0.number).path }
        for folder in folders { EvidenceChip.removeTemporaries(in: folder) }
        let missing = mapOrder(zip(cases, folders).filter { !EvidenceChip.isComplete($0.0.number, in: $0.1) }.map(\.0))
        guard !missing.isEmpty else { return }
        var outlines: [[Case]] = [], position: [Geometry: Int] = [:]
        for c in missing {
            if let k = position[c.geometry] { outlines[k].append(c) } else {
                position[c.geometry] = outlines.count
                outlines.append([c])
            }
        }
        let bands = before.bands
        let before = try ChipImagery(epoch: before, bands: bands), after = try ChipImagery(epoch: after, bands: bands)
        let renderers = renderers
        let threads = detection.threads
        // Two long runs a thread: each thread's cases are neighbours, so few imagery tiles are decoded twice.
        let run = max(1, (outlines.count + threads * 2 - 1) / (threads * 2))
        let runs = stride(from: 0, to: outlines.count, by: run).map { outlines[$0..<min(outlines.count, $0 + run)] }
        let rows = tileRowsSpanned(missing)
        progress?(0, missing.count)
        _ = try await BlockingExecutor.run {
            // GDAL's cache holds the tile rows each thread's windows span, so a tile is decoded once, not once per window.
            let cache = min(Self.chipCacheCeiling, try renderers.with(before: before, after: after) { $0.tileRowBytes } * Int64(rows * min(threads, runs.count)))
            try GDALBlockCache.withLimit(atLeast: cache) {
                let done = Mutex(0)
                _ = try Parallel.map(count: runs.count, threads: threads, makeWorker: {}) { _, k in
                    try renderers.with(before: before, after: after) { renderer in
                        for same in runs[k] {
                            let pngs = try renderer.pngs(patch: same[0].geometry, name: same[0].number)
                            for c in same {
                                let folder = URL(fileURLWithPath: evidenceDirectory).appendingPathComponent(c.number)
                                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                                try EvidenceChip.write(pngs, name: c.number, to: folder.path)
                                let n = done.withLock { n -> Int in
                                    n += 1
                                    return n
                                }
                                progress?(n, missing.count)
                            }
                        }
                    }
                }
            }
        }
    }

    /// The most GDAL's block cache is raised to for chips, bytes.
    static let chipCacheCeiling: Int64 = 1 << 30

    /// Tile rows (256 pixels of the before epoch) one thread's chips keep reading at once, in map
    /// order: those of the largest window (twice the outline's side and 48 pixels), one more for
    /// the band of outlines being drawn and one for the next.
    func tileRowsSpanned(_ cases: [Case]) -> Int {
        guard let extent = before.footprint.envelope, before.height > 0, before.width > 0 else { return 4 }
        let dy = (extent.maxY - extent.minY) / Double(before.height), dx = (extent.maxX - extent.minX) / Double(before.width)
        let side = cases.compactMap(\.geometry.envelope).map { max(($0.maxX - $0.minX) / max(dx, 1e-15), ($0.maxY - $0.minY) / max(dy, 1e-15)) }.max() ?? 0
        return Int(((side * 2 + 48) / 256).rounded(.up)) + 2
    }

    /// Cases in map order: north to south in bands of one 256-pixel tile row of the before
    /// epoch, west to east within a band, then by number (the same order in every process).
    func mapOrder(_ cases: [Case]) -> [Case] {
        guard let extent = before.footprint.envelope, before.height > 0 else { return cases }
        let band = max(1e-12, (extent.maxY - extent.minY) / Double(before.height) * 256)
        func key(_ c: Case) -> (Int, Double, String) {
            guard let e = c.geometry.envelope else { return (Int.max, 0, c.number) }
            return (Int(((extent.maxY - e.maxY) / band).rounded(.down)), e.minX, c.number)
        }
        return cases.map { (key($0), $0) }.sorted { $0.0 < $1.0 }.map(\.1)
    }
}

/// Told how far chip drawing is: chips done, chips to draw.
public typealias ChipProgress = @Sendable (_ done: Int, _ total: Int) -> Void
