import GeoKit

extension ChangeDetector {
    /// Side of the sample blocks: one GeoTIFF tile, so sampling decodes little.
    static let sampleBlockSize = 256

    /// Fits the scene model on a spread of sample blocks: cloud screens, IR-MAD, the
    /// normalisation on IR-MAD's most invariant pixels, and the Otsu threshold of the smoothed
    /// change magnitude (read a second time, since smoothing needs whole blocks).
    func fitModel(_ alignment: Alignment, meter: ProgressMeter) throws -> ChangeModel {
        let layout = BlockLayout(window: alignment.window, size: ChangeDetector.sampleBlockSize)
        let wanted = max(4, 1_000_000 / (ChangeDetector.sampleBlockSize * ChangeDetector.sampleBlockSize))
        let chosen = layout.count <= wanted ? Array(0..<layout.count)
            : (0..<wanted).map { k in (k * layout.count + layout.count / 2) / wanted }
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
            return (x, y)
        }
        var x = pieces.flatMap(\.0), y = pieces.flatMap(\.1)
        guard x.count >= 20 * p else {
            throw DetectionError.nothingToAssess("the epochs' overlap has no valid pixels in common: nodata, or masked as cloud or invalid, everywhere")
        }
        let screen = configuration.cloudScreen
        let beforeScreen = screen && alignment.before.mask == nil ? CloudScreen(samples: x, bandCount: p) : nil
        let afterScreen = screen && alignment.after.mask == nil ? CloudScreen(samples: y, bandCount: p) : nil
        (x, y) = ChangeDetector.dropClouds(x: x, y: y, bandCount: p, screens: (beforeScreen, afterScreen))
        guard x.count >= 20 * p else {
            throw DetectionError.nothingToAssess("the epochs' overlap is all cloud or shadow: nothing to compare")
        }
        guard let irmad = IRMADModel.fit(x: x, y: y, bandCount: p) else {
            throw DetectionError.nothingToAssess("the bands are constant or collinear over the overlap; IR-MAD cannot be fitted")
        }
        let n = x.count / p
        let chi = (0..<n).map { irmad.chiSquare(x: x, y: y, pixel: $0) }
        let cut = Thresholds.quantile(chi, 0.3) ?? 0
        let normalisation = RadiometricNormalisation.fit(x: x, y: y, bandCount: p, invariant: (0..<n).filter { chi[$0] <= cut })
        let visible = (0..<n).map { (x[$0 * p] + x[$0 * p + 1] + x[$0 * p + 2]) / 3 }
        var model = ChangeModel(roles: alignment.roles, irmad: irmad, threshold: .infinity, thresholdIsAutomatic: true,
                                normalisation: normalisation, beforeScreen: beforeScreen, afterScreen: afterScreen,
                                brightnessScale: max(1e-6, Thresholds.quantile(visible, 0.5) ?? 1))
        let threshold = try configuration.threshold ?? automaticThreshold(alignment, model: model, layout: layout, chosen: chosen, meter: meter)
        model = ChangeModel(roles: model.roles, irmad: irmad, threshold: threshold, thresholdIsAutomatic: configuration.threshold == nil,
                            normalisation: normalisation, beforeScreen: beforeScreen, afterScreen: afterScreen,
                            brightnessScale: model.brightnessScale)
        return model
    }

    /// Otsu's threshold of the smoothed change magnitude over the sample blocks.
    private func automaticThreshold(_ alignment: Alignment, model: ChangeModel, layout: BlockLayout, chosen: [Int],
                                    meter: ProgressMeter) throws -> Float {
        let pieces = try Parallel.map(count: chosen.count, threads: configuration.threads, makeWorker: { try EpochPair(alignment) }) { pair, k in
            let window = layout.window(chosen[k])
            try pair.read(window)
            let mask = ChangeMask(model: model, before: pair.before, after: pair.after, invalid: pair.invalid,
                                  width: window.width, height: window.height)
            var values: [Float] = []
            for i in stride(from: 0, to: window.pixelCount, by: 1) where mask.codes[i] != ChangeMask.notAssessed {
                values.append(mask.magnitude[i])
            }
            meter.advance()
            return values
        }
        guard let threshold = Thresholds.otsu(pieces.flatMap { $0 }) else {
            throw DetectionError.nothingToAssess("the change magnitude is the same everywhere; no threshold can be chosen "
                + "(give one with --threshold)")
        }
        return threshold
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
