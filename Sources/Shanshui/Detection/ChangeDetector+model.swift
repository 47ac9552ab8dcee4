import GeoKit

extension ChangeDetector {
    /// Side of the sample blocks: one GeoTIFF tile, so sampling decodes little.
    static let sampleBlockSize = 256

    /// Fits the scene model on a spread of sample blocks of the whole overlap (whatever the region): cloud screens, IR-MAD, the
    /// normalisation on IR-MAD's most invariant pixels, the change-vector standardisation, and
    /// the measure and threshold `MeasureChoice` picks from both measures' smoothed magnitudes
    /// (with the sanity guard's warning when IR-MAD's fit is degenerate).
    func fitModel(_ alignment: Alignment, meter: ProgressMeter) throws -> ChangeModel {
        let layout = BlockLayout(window: alignment.overlap, size: ChangeDetector.sampleBlockSize)
        let chosen = ChangeDetector.sampleBlocks(layout)
        let p = alignment.roles.count
        let total = chosen.reduce(0) { $0 + layout.window($1).pixelCount }
        let step = max(1, Int((Double(total) / Double(configuration.samplePixels)).squareRoot().rounded(.up)))
        meter.begin(.sampling, total: 2 * chosen.count)
        let pieces = try Parallel.map(count: chosen.count, threads: configuration.threads, makeWorker: { try EpochPair(alignment) }) { pair, k in
            let window = layout.window(chosen[k])
            try pair.read(window)
            var x: [Float] = [], y: [Float] = []
            let n = window.pixelCount
            for row in stride(from: 0, to: window.height, by: step) {
                for column in stride(from: 0, to: window.width, by: step) where pair.invalid[row * window.width + column] == 0 {
                    let i = row * window.width + column
                    for b in 0..<p {
                        x.append(pair.before[b * n + i])
                        y.append(pair.after[b * n + i])
                    }
                }
            }
            meter.advance()
            return (x, y, SampleBlock(window: window, before: pair.before, after: pair.after, invalid: pair.invalid))
        }
        var x = pieces.flatMap(\.0), y = pieces.flatMap(\.1)
        guard x.count >= 20 * p else {
            throw DetectionError.nothingToAssess("the epochs' overlap has no valid pixels in common: nodata, or masked as cloud or invalid, everywhere")
        }
        let screen = configuration.cloudScreen
        let beforeScreen = screen && alignment.before.mask == nil ? CloudScreen(samples: x, bandCount: p) : nil
        let afterScreen = screen && alignment.after.mask == nil ? CloudScreen(samples: y, bandCount: p) : nil
        // Cloud shadows are screened only where there are clouds (a given mask, or clouds in the
        // sample): on a clear pair, new dark roofs on bright ground are change, not shadow.
        let cloudy = alignment.before.mask != nil || alignment.after.mask != nil
            || [(beforeScreen, x), (afterScreen, y)].contains { screen, v in screen?.seesClouds(v, bandCount: p) ?? false }
        let screensShadows = screen && cloudy
        (x, y) = ChangeDetector.dropClouds(x: x, y: y, bandCount: p, screens: (beforeScreen, afterScreen))
        guard x.count >= 20 * p else {
            throw DetectionError.nothingToAssess("the epochs' overlap is all cloud or shadow: nothing to compare")
        }
        guard let irmad = IRMADModel.fit(x: x, y: y, bandCount: p, threads: configuration.threads) else {
            throw DetectionError.nothingToAssess("the bands are constant or collinear over the overlap; IR-MAD cannot be fitted")
        }
        let n = x.count / p
        let chi = irmad.chiSquares(x: x, y: y, pixels: 0..<n)
        let cut = Thresholds.quantile(chi, 0.3) ?? 0
        let normalisation = RadiometricNormalisation.fit(x: x, y: y, bandCount: p, invariant: (0..<n).filter { chi[$0] <= cut })
        let noChangeBound = Float(ChiSquare.quantile(0.99, degrees: p))
        let invariantShare = Double(chi.filter { $0 <= noChangeBound }.count) / Double(n)
        let visible = (0..<n).map { (x[$0 * p] + x[$0 * p + 1] + x[$0 * p + 2]) / 3 }
        func model(_ measure: ChangeMeasure, threshold: Float, source: String, warning: String?, edgeScale: Float? = nil) -> ChangeModel {
            ChangeModel(roles: alignment.roles, irmad: irmad, measure: measure, scaling: ChangeVectorScaling(x: x, y: y, bandCount: p),
                        threshold: threshold, thresholdSource: source, warning: warning, normalisation: normalisation,
                        beforeScreen: beforeScreen, afterScreen: afterScreen, screensShadows: screensShadows,
                        brightnessScale: max(1e-6, Thresholds.quantile(visible, 0.5) ?? 1), beforeEdgeScale: edgeScale)
        }
        let draft = model(.irmad, threshold: .infinity, source: "otsu", warning: nil)
        if let given = configuration.threshold { return model(.irmad, threshold: given, source: "given", warning: nil) }
        let sampled = try sampleMagnitudes(pieces.map(\.2), model: draft, meter: meter)
        let choice = try MeasureChoice.choose(irmad: sampled.irmad, vector: draft.scaling == nil ? nil : sampled.vector,
                                              invariantShare: invariantShare, gains: normalisation.gains)
        return model(choice.measure, threshold: choice.threshold, source: choice.source, warning: choice.warning,
                     edgeScale: Thresholds.quantile(sampled.edges, 0.5))
    }

    /// Sample blocks (about a million pixels) and the step of their lattice (prime to the count).
    static let sampleBlockCount = 15, sampleLatticeStep = 13

    /// The sample blocks of a layout (indices, increasing): all of them when there are few, else
    /// `sampleBlockCount` on a rank-1 lattice, which puts them in distinct block rows and
    /// columns spread over the whole scene whatever its size. (Evenly spaced indices in row-major
    /// order alias with the number of columns: at 6000² they fell in 5 of 24 block columns, and
    /// the model fitted, and so what was found, depended on which stripes of the scene those were.)
    static func sampleBlocks(_ layout: BlockLayout) -> [Int] {
        let n = sampleBlockCount, g = sampleLatticeStep
        guard layout.count > n else { return Array(0..<layout.count) }
        return Set((0..<n).map { k in
            let v = (Double(k * g % n) + 0.5) / Double(n), u = (Double(k) + 0.5) / Double(n)
            return Int(v * Double(layout.rows)) * layout.columns + Int(u * Double(layout.columns))
        }).sorted()
    }

    /// One sample block's planes as read, kept for the second look at it (reading and decoding
    /// it again cost more than keeping its 2 MB).
    struct SampleBlock: Sendable {
        let window: Window
        let before: [Float], after: [Float], invalid: [UInt8]
    }

    /// The smoothed magnitudes of both measures over the sample blocks (whole blocks, since
    /// smoothing needs them).
    private func sampleMagnitudes(_ blocks: [SampleBlock], model: ChangeModel,
                                  meter: ProgressMeter) throws -> (irmad: [Float], vector: [Float], edges: [Float]) {
        let pieces = try Parallel.map(count: blocks.count, threads: configuration.threads, makeWorker: {}) { _, k in
            let pair = blocks[k], window = pair.window
            var values: (irmad: [Float], vector: [Float], edges: [Float]) = ([], [], [])
            for measure in [ChangeMeasure.irmad, .changeVector] where measure == .irmad || model.scaling != nil {
                let mask = ChangeMask(model: model, before: pair.before, after: pair.after, invalid: pair.invalid,
                                      width: window.width, height: window.height, measure: measure)
                let kept = (0..<window.pixelCount).filter { mask.codes[$0] != ChangeMask.notAssessed }.map { mask.magnitude(at: $0) }
                if measure == .irmad { values.irmad = kept } else { values.vector = kept }
            }
            values.edges = model.scaling?.beforeEdges(pair.before, width: window.width, height: window.height) ?? []
            meter.advance()
            return values
        }
        return (pieces.flatMap(\.irmad), pieces.flatMap(\.vector), pieces.flatMap(\.edges))
    }

    /// The sample pixels that neither screen flags.
    static func dropClouds(x: [Float], y: [Float], bandCount p: Int, screens: (CloudScreen?, CloudScreen?)) -> ([Float], [Float]) {
        guard screens.0 != nil || screens.1 != nil else { return (x, y) }
        var keptX: [Float] = [], keptY: [Float] = []
        for i in 0..<(x.count / p) {
            let flagged = [(screens.0, x), (screens.1, y)].contains { screen, v in
                guard let screen else { return false }
                let mean = (0..<p).reduce(Float(0)) { $0 + v[i * p + $1] } / Float(p)
                return screen.isCloudOrShadow(blue: v[i * p], green: v[i * p + 1], red: v[i * p + 2], nir: v[i * p + 3], mean: mean)
            }
            if !flagged {
                keptX.append(contentsOf: x[(i * p)..<((i + 1) * p)])
                keptY.append(contentsOf: y[(i * p)..<((i + 1) * p)])
            }
        }
        return (keptX, keptY)
    }
}
