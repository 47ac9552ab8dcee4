import Foundation
import GeoKit

/// Change detection between two imagery epochs: align → screen clouds → fit IR-MAD and the
/// normalisation on a sample → threshold (Otsu) → per-block change mask and components on all
/// cores → stitch components across blocks → minimum mapping unit → outlines → activity typing.
///
/// Memory is bounded by the block size and the number of workers, not by the scene: pixels are
/// read block by block (one set of GDAL datasets per worker) and only runs of changed pixels are
/// kept. The scan feature calls `detect(before:after:region:progress:)` and gets patches back as
/// values; the CLI writes them with `DetectionResult.write(to:)`.
public struct ChangeDetector: Sendable {
    /// How detection runs.
    public var configuration: DetectionConfiguration
    /// Where the provenance's `generated` moment comes from.
    public var clock: WallClock

    /// Makes a detector.
    public init(_ configuration: DetectionConfiguration = DetectionConfiguration(), clock: WallClock = .system) {
        self.configuration = configuration
        self.clock = clock
    }

    /// Finds the patches of change between two epochs.
    /// - Parameters:
    ///   - before: the earlier epoch; its finest role band defines the grid.
    ///   - after: the later epoch, warped onto that grid when needed.
    ///   - region: a lon/lat box to restrict detection to (e.g. a protected area's footprint);
    ///     the whole overlap when nil.
    ///   - progress: called from worker threads as blocks finish (throttled).
    /// - Returns: the patches, a summary and the provenance.
    /// - Throws: `DetectionError` for unusable input (unreadable files, missing band roles, no
    ///   overlap, nothing assessable); `GDALError` for read or write failures. The change raster,
    ///   when asked for, is only written when detection succeeds.
    public func detect(before: EpochSource, after: EpochSource, region: Envelope? = nil,
                       progress: (@Sendable (DetectionProgress) -> Void)? = nil) throws -> DetectionResult {
        let meter = ProgressMeter(progress)
        return try detect(try self.plan(before: before, after: after, region: region, meter: meter), meter: meter)
    }

    /// Detects with a plan made earlier, e.g. from a scene model shared by the areas of a scan.
    func detect(_ plan: DetectionPlan, meter: ProgressMeter) throws -> DetectionResult {
        let writer = try configuration.changeRasterPath.map { try ChangeRasterWriter(path: $0, grid: plan.alignment.grid, window: plan.alignment.window) }
        do {
            let blocks = try analyse(plan, blocks: Array(0..<plan.layout.count), writer: writer, meter: meter)
            let result = try assemble(plan, blocks: blocks, meter: meter)
            try writer?.commit()
            return result
        } catch {
            writer?.discard()
            throw error
        }
    }

    /// The first stage: aligns the epochs and fits the scene model. The model is fitted on the
    /// whole overlap and the region widened to whole blocks of the scene, so a patch comes out the
    /// same whatever region it is detected in (apart from patches the region's edge cuts).
    func plan(before: EpochSource, after: EpochSource, region: Envelope?, meter: ProgressMeter) throws -> DetectionPlan {
        try plan(try sceneAlignment(before: before, after: after), region: region, meter: meter)
    }

    /// The first stage over `region` of an aligned pair: the scene model is fitted here.
    func plan(_ scene: Alignment, region: Envelope?, meter: ProgressMeter) throws -> DetectionPlan {
        let alignment = try blocks(of: scene, region: region)
        return DetectionPlan(alignment: alignment, model: try fitModel(alignment, meter: meter), blockSize: configuration.blockSize,
                             before: scene.before.source, after: scene.after.source, region: region)
    }

    /// The plan again from a model fitted earlier (by another process): the alignment is
    /// recomputed, which is cheap and deterministic, and nothing is sampled.
    func plan(before: EpochSource, after: EpochSource, region: Envelope?, model: ChangeModel) throws -> DetectionPlan {
        try plan(try sceneAlignment(before: before, after: after), region: region, model: model)
    }

    /// The epochs aligned over their whole overlap, from the files' headers: for plans and
    /// layouts of many regions of one pair (a scan's areas) without opening the files again.
    func sceneAlignment(before: EpochSource, after: EpochSource) throws -> Alignment {
        try validateConfiguration()
        // GDAL's block cache defaults to 5 % of RAM; blocks are read once, so a small cache suffices.
        setenv("GDAL_CACHEMAX", "64", 0)
        return try Alignment.scene(before: before, after: after, roles: configuration.bandRoles)
    }

    /// The plan of `region` of an aligned pair with a model fitted earlier: nothing is sampled.
    func plan(_ scene: Alignment, region: Envelope?, model: ChangeModel) throws -> DetectionPlan {
        let alignment = try blocks(of: scene, region: region)
        guard alignment.roles == model.roles else {
            throw DetectionError.invalidOption("the stored model's band roles (\(model.roles)) do not match the epochs' (\(alignment.roles))")
        }
        return DetectionPlan(alignment: alignment, model: model, blockSize: configuration.blockSize,
                             before: scene.before.source, after: scene.after.source, region: region)
    }

    /// The blocks detection would process over `region`, from the files' headers alone: for
    /// splitting the work ahead of any pixel being read.
    func layout(before: EpochSource, after: EpochSource, region: Envelope?) throws -> BlockLayout {
        try layout(try sceneAlignment(before: before, after: after), region: region)
    }

    /// The blocks detection would process over `region` of an aligned pair.
    func layout(_ scene: Alignment, region: Envelope?) throws -> BlockLayout {
        BlockLayout(window: try blocks(of: scene, region: region).window, size: configuration.blockSize)
    }

    /// `region` of an aligned pair widened to whole blocks of the scene's block grid.
    private func blocks(of scene: Alignment, region: Envelope?) throws -> Alignment {
        try scene.restricted(to: region).snapped(toBlocks: configuration.blockSize)
    }

    /// The second stage: the change mask and components of some blocks of the plan, on all
    /// threads. Blocks are independent, so any subset can run anywhere.
    func analyse(_ plan: DetectionPlan, blocks indices: [Int], writer: ChangeRasterWriter? = nil,
                 meter: ProgressMeter) throws -> [BlockComponents] {
        let layout = plan.layout, model = plan.model, alignment = plan.alignment
        meter.begin(.detecting, total: indices.count)
        return try Parallel.map(count: indices.count, threads: configuration.threads, makeWorker: {
            try EpochPair(alignment)
        }) { pair, k in
            let result = try ChangeDetector.analyse(layout.window(indices[k]), pair: pair, model: model, writer: writer)
            meter.advance()
            return result
        }
    }

    /// The last stage: stitches every block's components into patches.
    /// - Parameters:
    ///   - blocks: the components of all of the plan's blocks, in block order.
    ///   - known: patches outlined already (by the tile jobs of a distributed scan), by their first run.
    ///   - outlines: patches other assemblies of the same scene outlined, taken and added to (see `InteriorOutlines`).
    func assemble(_ plan: DetectionPlan, blocks: [BlockComponents], known: [Int64: Patch?] = [:], outlines: InteriorOutlines? = nil,
                  meter: ProgressMeter) throws -> DetectionResult {
        guard blocks.count == plan.layout.count else {
            throw DetectionError.invalidOption("\(blocks.count) of the scene's \(plan.layout.count) blocks were analysed; all are needed")
        }
        let assessed = blocks.reduce(0) { $0 + $1.assessed }
        guard assessed > 0 else {
            throw DetectionError.nothingToAssess("every pixel of the overlap is cloud, shadow, masked or nodata: nothing to compare")
        }
        var result = try buildPatches(blocks, layout: plan.layout, alignment: plan.alignment, model: plan.model, region: plan.region,
                                      known: known, outlines: outlines, meter: meter)
        result.provenance = provenance(alignment: plan.alignment, model: plan.model, before: plan.before, after: plan.after, region: plan.region)
        result.summary.warning = plan.model.warning
        return result
    }

    private func validateConfiguration() throws {
        guard configuration.blockSize >= 64, configuration.blockSize % 16 == 0 else {
            throw DetectionError.invalidOption("block size must be a multiple of 16 of at least 64, got \(configuration.blockSize)")
        }
        guard configuration.threads >= 1 else { throw DetectionError.invalidOption("threads must be at least 1, got \(configuration.threads)") }
        guard configuration.minimumArea >= 0 else { throw DetectionError.invalidOption("minimum area must not be negative") }
        if let t = configuration.simplifyTolerance, t < 0 { throw DetectionError.invalidOption("simplify tolerance must not be negative") }
    }

    /// Reads one block of both epochs, decides every pixel, writes the codes and labels the changes.
    static func analyse(_ window: Window, pair: EpochPair, model: ChangeModel, writer: ChangeRasterWriter?) throws -> BlockComponents {
        try pair.read(window)
        let mask = ChangeMask(model: model, before: pair.before, after: pair.after, invalid: pair.invalid,
                              width: window.width, height: window.height)
        try writer?.write(mask.codes, at: window)
        var components = BlockComponents(window: window, codes: mask.codes)
        guard !components.runs.isEmpty else { return components }
        let indices = SpectralIndices(roles: model.roles)
        let n = window.pixelCount, coreLimit = model.threshold * model.threshold, bands = model.roles.count
        let width = window.width, height = window.height
        let runs = components.runs
        // The per-pixel sums below reach their component's statistics through a pointer taken once
        // per run (not the array's accessors per pixel and band), adding the same values in the same order.
        // How much of each changed pixel's change a sub-pixel shift explains, on AFTER as read.
        if let scaling = model.scaling {
            pair.before.withUnsafeBufferPointer { b in
                pair.after.withUnsafeBufferPointer { a in
                    components.statistics.withUnsafeMutableBufferPointer { statistics in
                        for run in runs {
                            let r = Int(run.row) - window.row, s = statistics.baseAddress! + Int(run.label)
                            // Eight pixels at a time where both horizontal neighbours are in the block.
                            var column = Int(run.start) - window.column
                            let end = Int(run.end) - window.column
                            while column < end {
                                if column > 0, column + 8 <= end, column + 8 < width {
                                    let d = ShiftTolerance.distances8(before: b, after: a, scaling: scaling, count: n, width: width,
                                                                      height: height, pixel: r * width + column)
                                    for lane in 0..<8 { s.pointee.addShift(forgiven: d.forgiven[lane], plain: d.plain[lane]) }
                                    column += 8
                                } else {
                                    let d = ShiftTolerance.distances(before: b, after: a, scaling: scaling, count: n, width: width,
                                                                     height: height, pixel: r * width + column)
                                    s.pointee.addShift(forgiven: d.forgiven, plain: d.plain)
                                    column += 1
                                }
                            }
                        }
                    }
                }
            }
        }
        // Only the changed pixels' AFTER values are read below: only they are normalised.
        pair.after.withUnsafeMutableBufferPointer { a in
            for run in runs {
                let first = (Int(run.row) - window.row) * width + Int(run.start) - window.column
                model.normalisation.apply(to: a, count: n, pixels: first..<(first + Int(run.end - run.start)))
            }
        }
        let outlineTest = model.scaling.flatMap { scaling in model.oldEdgeLimit.map { (scaling, $0) } }
        pair.before.withUnsafeBufferPointer { b in
            pair.after.withUnsafeBufferPointer { a in
                mask.codes.withUnsafeBufferPointer { codes in
                    mask.meanSquare.withUnsafeBufferPointer { meanSquare in
                        mask.raw.withUnsafeBufferPointer { raw in
                            components.statistics.withUnsafeMutableBufferPointer { statistics in
                                for run in runs {
                                    let r = Int(run.row) - window.row, s = statistics.baseAddress! + Int(run.label)
                                    for column in Int(run.start)..<Int(run.end) {
                                        let i = r * width + column - window.column
                                        var ab: Float = 0, aa: Float = 0, bb: Float = 0
                                        for band in 0..<bands {
                                            let x = b[band * n + i], y = a[band * n + i]
                                            ab += x * y
                                            aa += y * y
                                            bb += x * x
                                            s.pointee.addBand(band, of: bands, before: x, after: y)
                                        }
                                        s.pointee.add(
                                            column: column, row: Int(run.row), magnitude: meanSquare[i].squareRoot(), raw: raw[i], core: raw[i] > coreLimit,
                                            cosine: aa > 0 && bb > 0 ? ab / (aa * bb).squareRoot() : 1,
                                            before: indices.values(b, count: n, pixel: i), after: indices.values(a, count: n, pixel: i))
                                        if let (scaling, limit) = outlineTest,
                                           ChangeDetector.isOutline(codes, width: width, height: height, pixel: i) {
                                            s.pointee.addOutline(
                                                onOldEdge: scaling.nearOldEdge(b, count: n, width: width, height: height, pixel: i, limit: limit))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        pair.before.withUnsafeBufferPointer { b in
            pair.after.withUnsafeMutableBufferPointer { a in
                components.growOutlines(codes: mask.codes, meanSquare: mask.meanSquare, model: model, indices: indices, before: b, after: a)
            }
        }
        return components
    }
}

extension ChangeDetector {
    /// A changed pixel with an unchanged 4-neighbour inside the block (cloud and nodata neighbours
    /// do not make an outline, nor do block edges, so every block decides the same way).
    @inline(__always)
    static func isOutline(_ codes: UnsafeBufferPointer<UInt8>, width: Int, height: Int, pixel i: Int) -> Bool {
        let row = i / width, column = i - row * width
        return (column > 0 && codes[i - 1] == ChangeMask.noChange) || (column + 1 < width && codes[i + 1] == ChangeMask.noChange)
            || (row > 0 && codes[i - width] == ChangeMask.noChange) || (row + 1 < height && codes[i + width] == ChangeMask.noChange)
    }
}

/// A scene ready for block analysis: its common grid and fitted model. Made once per detection
/// (or per protected area of a distributed scan, whose tile jobs rebuild it from the stored model).
struct DetectionPlan: Sendable {
    let alignment: Alignment
    let model: ChangeModel
    let layout: BlockLayout
    let before: EpochSource, after: EpochSource
    let region: Envelope?

    init(alignment: Alignment, model: ChangeModel, blockSize: Int, before: EpochSource, after: EpochSource, region: Envelope?) {
        self.alignment = alignment
        self.model = model
        layout = BlockLayout(window: alignment.window, size: blockSize)
        self.before = before
        self.after = after
        self.region = region
    }
}

/// Square blocks over the processed window, row-major.
struct BlockLayout: Sendable {
    let origin: Window
    let size: Int
    let rows: Int
    let columns: Int

    init(window: Window, size: Int) {
        origin = window
        self.size = size
        rows = (window.height + size - 1) / size
        columns = (window.width + size - 1) / size
    }

    var count: Int { rows * columns }

    func window(_ index: Int) -> Window {
        let i = index / columns, j = index % columns
        let column = origin.column + j * size, row = origin.row + i * size
        return Window(column: column, row: row, width: min(size, origin.columnEnd - column), height: min(size, origin.rowEnd - row))
    }
}

/// Both epochs opened on one worker thread, with reusable buffers.
final class EpochPair {
    let beforeReader: EpochReader, afterReader: EpochReader
    var before: [Float] = [], after: [Float] = [], invalid: [UInt8] = []

    init(_ alignment: Alignment) throws {
        beforeReader = try EpochReader(alignment.before, grid: alignment.grid)
        afterReader = try EpochReader(alignment.after, grid: alignment.grid)
    }

    /// Reads both epochs over `window`; `invalid` is set where either is invalid.
    func read(_ window: Window) throws {
        try beforeReader.read(window, planes: &before, invalid: &invalid)
        try afterReader.read(window, planes: &after, invalid: &invalid, combine: true)
    }
}
