/// The per-pixel part of detection on one block: clouds screened, the scene's change statistic
/// (IR-MAD's chi-square or the squared standardised change vector, the latter forgiving sub-pixel
/// misregistration, see `ShiftTolerance`) smoothed over 3×3 valid neighbours (which removes
/// salt-and-pepper noise without moving edges much), and the change decision, less the one-pixel
/// rim the smoothing lights around a change (`trimRim`). Codes follow `--mask-out`: 1 change,
/// 0 no change, 255 not assessed.
struct ChangeMask {
    /// Pixel codes.
    static let change: UInt8 = 1, noChange: UInt8 = 0, notAssessed: UInt8 = 255

    /// Per-pixel codes of the block, row by row.
    var codes: [UInt8]
    /// Per-pixel 3×3 mean of the statistic, the square of the change magnitude (0 where not
    /// assessed): the magnitude's square root is taken only where it is used (`magnitude(at:)`).
    var meanSquare: [Float]
    /// Per-pixel squared statistic before smoothing, to tell a patch's own pixels from the rim
    /// smoothing adds around it.
    var raw: [Float]

    /// Decides every pixel of a block.
    /// - Parameters:
    ///   - model: the scene model.
    ///   - before: BEFORE planes, band-sequential, role order.
    ///   - after: AFTER planes, not yet normalised (IR-MAD does not need it).
    ///   - invalid: 1 where either epoch has no valid data or is masked.
    ///   - width: block columns.
    ///   - height: block rows.
    ///   - measure: the statistic to compute; the model's when nil (the fit compares both).
    init(model: ChangeModel, before: [Float], after: [Float], invalid: [UInt8], width: Int, height: Int,
         measure: ChangeMeasure? = nil) {
        let n = width * height
        var bad = invalid
        // Every value of `chi`, `codes` and `meanSquare` is written below (the statistic over all
        // pixels, `smooth` over all pixels): left uninitialised, not zeroed first.
        var chi = [Float](unsafeUninitializedCapacity: n) { _, count in count = n }
        let vector = model.scaling != nil && (measure ?? model.measure) == .changeVector
        ChangeMask.screen(model: model, before: before, after: after, width: width, height: height, irmad: !vector,
                          chi: &chi, flags: &bad)
        if vector, let scaling = model.scaling {
            before.withUnsafeBufferPointer { b in
                after.withUnsafeBufferPointer { a in
                    chi.withUnsafeMutableBufferPointer { result in
                        scaling.statistic(before: b, after: a, width: width, height: height, into: result)
                    }
                }
            }
        }
        var codes = [UInt8](unsafeUninitializedCapacity: n) { _, count in count = n }
        var meanSquare = [Float](unsafeUninitializedCapacity: n) { _, count in count = n }
        ChangeMask.smooth(chi: chi, invalid: bad, width: width, height: height, threshold: model.threshold,
                          meanSquare: &meanSquare, codes: &codes)
        ChangeMask.trimRim(chi: chi, width: width, height: height, threshold: model.threshold, codes: &codes)
        self.codes = codes
        self.meanSquare = meanSquare
        raw = chi
    }

    /// The change magnitude of pixel `i`: the square root of its 3×3 mean statistic.
    @inline(__always)
    func magnitude(at i: Int) -> Float { meanSquare[i].squareRoot() }

    /// The largest mean square whose square root does not exceed `threshold`: the square root
    /// (correctly rounded) never decreases, so a pixel's magnitude exceeds the threshold exactly
    /// when its mean square exceeds this, and the decision takes no square root per pixel (the
    /// square root's error path kept the smoothing loop from vectorising).
    static func meanSquareLimit(_ threshold: Float) -> Float {
        guard !threshold.isNaN else { return .nan }
        guard threshold >= 0 else { return -.infinity }
        var q = threshold * threshold
        while q.squareRoot() > threshold { q = q.nextDown }
        while q < .infinity, q.nextUp.squareRoot() <= threshold { q = q.nextUp }
        return q
    }

    /// Pixels per strip of the per-pixel tests (their sums stay in the L1 cache).
    static let strip = 512

    /// The sum over `bandCount` band-sequential planes of `n` pixels at pixels `start..<start + length`,
    /// into `sums`, plane by plane (the loops vectorise): the cheap first test of the cloud and shadow screens.
    static func bandSums(_ planes: UnsafePointer<Float>, count n: Int, bandCount p: Int, start: Int, length m: Int,
                         into sums: UnsafeMutablePointer<Float>) {
        sums.update(from: planes + start, count: m)
        for band in 1..<p {
            let plane = planes + band * n + start
            for i in 0..<m { sums[i] += plane[i] }
        }
    }

    /// Pixels shadow flags are widened by, for the penumbra.
    static let shadowGrowth = 4

    /// Flags each epoch's clouds (its `CloudScreen`) and, when the model screens them, shadows
    /// cast in either epoch on unchanged land, widened by `CloudScreen.dilation` and
    /// `shadowGrowth` pixels; with `irmad`, writes IR-MAD's chi-square into `chi` too. One pass,
    /// strip by strip, with each epoch's band sums computed once: the block's planes do not fit
    /// in the L2 cache, and a pass over them per test cost more than the tests.
    static func screen(model: ChangeModel, before: [Float], after: [Float], width: Int, height: Int, irmad: Bool,
                       chi: inout [Float], flags: inout [UInt8]) {
        let n = width * height, p = model.roles.count, strip = ChangeMask.strip
        let shadows = model.screensShadows
        var beforeHits: [Int] = [], afterHits: [Int] = [], shadowed: [Int] = []
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * strip) { sums in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: strip) { candidate in
                before.withUnsafeBufferPointer { b in
                    after.withUnsafeBufferPointer { a in
                        chi.withUnsafeMutableBufferPointer { chi in
                            let sb = sums.baseAddress!, sa = sb + strip, candidate = candidate.baseAddress!
                            var start = 0
                            while start < n {
                                let m = min(strip, n - start)
                                if model.beforeScreen != nil || shadows {
                                    bandSums(b.baseAddress!, count: n, bandCount: p, start: start, length: m, into: sb)
                                }
                                if model.afterScreen != nil || shadows {
                                    bandSums(a.baseAddress!, count: n, bandCount: p, start: start, length: m, into: sa)
                                }
                                model.beforeScreen?.hits(planes: b, count: n, bandCount: p, sums: sb, start: start, length: m,
                                                         candidate: candidate, into: &beforeHits)
                                model.afterScreen?.hits(planes: a, count: n, bandCount: p, sums: sa, start: start, length: m,
                                                        candidate: candidate, into: &afterHits)
                                if shadows {
                                    shadowHits(before: b, after: a, count: n, bandCount: p, sums: (UnsafePointer(sb), UnsafePointer(sa)), start: start, length: m,
                                               candidate: candidate, into: &shadowed)
                                }
                                if irmad {
                                    model.irmad.chiSquare(before: b.baseAddress!, after: a.baseAddress!, count: n,
                                                          pixels: start..<(start + m), into: chi.baseAddress!)
                                }
                                start += m
                            }
                        }
                    }
                }
            }
        }
        if let screen = model.beforeScreen { widen(beforeHits, by: screen.dilation, width: width, height: height, flags: &flags) }
        if let screen = model.afterScreen { widen(afterHits, by: screen.dilation, width: width, height: height, flags: &flags) }
        widen(shadowed, by: shadowGrowth, width: width, height: height, flags: &flags)
    }

    /// Adds to `hits` the pixels among `start..<start + length` shadowed in either epoch on
    /// unchanged land, given both epochs' band sums: a shadow darkens the band sum by 40 % or
    /// more, so the cheap test runs on every pixel (vectorised) and the full one on few.
    static func shadowHits(before b: UnsafeBufferPointer<Float>, after a: UnsafeBufferPointer<Float>, count n: Int, bandCount p: Int,
                           sums: (before: UnsafePointer<Float>, after: UnsafePointer<Float>), start: Int, length m: Int,
                           candidate: UnsafeMutablePointer<UInt8>, into hits: inout [Int]) {
        let sb = sums.before, sa = sums.after
        var any: UInt8 = 0
        for i in 0..<m {
            let c: UInt8 = (sb[i] < 0.6 * sa[i] ? 1 : 0) | (sa[i] < 0.6 * sb[i] ? 1 : 0)
            candidate[i] = c
            any |= c
        }
        guard any != 0 else { return }
        for i in 0..<m where candidate[i] != 0 {
            if CloudScreen.isShadowed(b, relativeTo: a, count: n, bandCount: p, at: start + i)
                || CloudScreen.isShadowed(a, relativeTo: b, count: n, bandCount: p, at: start + i) {
                hits.append(start + i)
            }
        }
    }

    /// Sets the flags of the pixels within `growth` pixels (a square) of each hit.
    static func widen(_ hits: [Int], by growth: Int, width: Int, height: Int, flags: inout [UInt8]) {
        for i in hits {
            let row = i / width, column = i % width
            for r in max(0, row - growth)...min(height - 1, row + growth) {
                for c in max(0, column - growth)...min(width - 1, column + growth) { flags[r * width + c] = 1 }
            }
        }
    }

    /// Sets, for every valid pixel, the mean square (the mean chi-square of the valid pixels in its
    /// 3×3 neighbourhood, clipped at the block edge; its square root is the magnitude) and the
    /// change code (magnitude above `threshold`).
    static func smooth(chi: [Float], invalid: [UInt8], width: Int, height: Int, threshold: Float,
                       meanSquare: inout [Float], codes: inout [UInt8]) {
        // Row sums of three, then sums of three row sums: two passes instead of nine reads per
        // pixel, three rows of row sums at a time (they stay in the L1 cache), and no branches,
        // so the loops vectorise. Missing neighbours (invalid, or outside the block) add zeros,
        // which leaves the sums of non-negative values exactly as adding only the valid ones.
        let w = width, slot = w + 2, limit = meanSquareLimit(threshold)
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 10 * slot) { scratch in
            let base = scratch.baseAddress!
            base.initialize(repeating: 0, count: 10 * slot)
            // Valid values and counts of one row with a zero on either side, then three rows of
            // each sum and one row of zeros (the rows above the first and below the last).
            let values = base, counts = base + slot, sums = base + 2 * slot, numbers = base + 5 * slot, zeros = base + 8 * slot
            chi.withUnsafeBufferPointer { c in
                invalid.withUnsafeBufferPointer { bad in
                    func rowSums(_ row: Int) {
                        let sum = sums + (row % 3) * slot, number = numbers + (row % 3) * slot
                        let c = c.baseAddress! + row * w, bad = bad.baseAddress! + row * w
                        for j in 0..<w {
                            let valid = bad[j] == 0
                            values[j + 1] = valid ? c[j] : 0
                            counts[j + 1] = valid ? 1 : 0
                        }
                        for j in 0..<w {
                            sum[j] = values[j] + values[j + 1] + values[j + 2]
                            number[j] = counts[j] + counts[j + 1] + counts[j + 2]
                        }
                    }
                    meanSquare.withUnsafeMutableBufferPointer { m in
                        codes.withUnsafeMutableBufferPointer { code in
                            if height > 0 { rowSums(0) }
                            for row in 0..<height {
                                if row + 1 < height { rowSums(row + 1) }
                                let sum = sums + (row % 3) * slot, number = numbers + (row % 3) * slot
                                let sumUp = row > 0 ? sums + ((row - 1) % 3) * slot : zeros
                                let numberUp = row > 0 ? numbers + ((row - 1) % 3) * slot : zeros
                                let sumDown = row + 1 < height ? sums + ((row + 1) % 3) * slot : zeros
                                let numberDown = row + 1 < height ? numbers + ((row + 1) % 3) * slot : zeros
                                let bad = bad.baseAddress! + row * w, m = m.baseAddress! + row * w, code = code.baseAddress! + row * w
                                for j in 0..<w {
                                    let s = sum[j] + sumUp[j] + sumDown[j], k = number[j] + numberUp[j] + numberDown[j]
                                    let value = s / max(k, 1)
                                    let valid = bad[j] == 0
                                    m[j] = valid ? value : 0
                                    code[j] = valid ? (value > limit ? ChangeMask.change : ChangeMask.noChange) : ChangeMask.notAssessed
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// A rim pixel's own statistic, as a share of the threshold, under which `trimRim` drops it.
    static let rimShare: Float = 0.3

    /// Drops the rim the 3×3 mean adds around a change: a changed pixel next to an unchanged one
    /// (inside the block; clouds and the block edge are no evidence) whose own statistic is well under
    /// the threshold (`rimShare` of it) was lit by its neighbours, not by a change of its own. One pass,
    /// so a patch loses at most one pixel of outline and never gains a hole: trimming every weak pixel
    /// instead cut a grown mine in two, making a second case for damage already in the ledger.
    static func trimRim(chi: [Float], width: Int, height: Int, threshold: Float, codes: inout [UInt8]) {
        let limit = rimShare * rimShare * threshold * threshold
        var drop: [Int] = []
        for row in 0..<height {
            for column in 0..<width {
                let i = row * width + column
                guard codes[i] == change, chi[i] <= limit else { continue }
                if (column > 0 && codes[i - 1] == noChange) || (column + 1 < width && codes[i + 1] == noChange)
                    || (row > 0 && codes[i - width] == noChange) || (row + 1 < height && codes[i + width] == noChange) {
                    drop.append(i)
                }
            }
        }
        for i in drop { codes[i] = noChange }
    }
}
