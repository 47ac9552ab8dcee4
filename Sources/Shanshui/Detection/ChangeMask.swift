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
    /// Per-pixel change magnitude (0 where not assessed).
    var magnitude: [Float]
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
        let n = width * height, p = model.roles.count
        var bad = invalid
        before.withUnsafeBufferPointer { b in
            model.beforeScreen?.flag(planes: b, count: n, bandCount: p, width: width, height: height, flags: &bad)
        }
        after.withUnsafeBufferPointer { a in
            model.afterScreen?.flag(planes: a, count: n, bandCount: p, width: width, height: height, flags: &bad)
        }
        if model.screensShadows {
            ChangeMask.flagShadows(before: before, after: after, width: width, height: height, bandCount: p, flags: &bad)
        }
        var chi = [Float](repeating: 0, count: n)
        before.withUnsafeBufferPointer { b in
            after.withUnsafeBufferPointer { a in
                chi.withUnsafeMutableBufferPointer { result in
                    if let scaling = model.scaling, (measure ?? model.measure) == .changeVector {
                        scaling.statistic(before: b, after: a, width: width, height: height, into: result)
                    } else {
                        model.irmad.chiSquare(before: b, after: a, width: width, height: height, into: result)
                    }
                }
            }
        }
        var codes = [UInt8](repeating: ChangeMask.notAssessed, count: n)
        var magnitude = [Float](repeating: 0, count: n)
        ChangeMask.smooth(chi: chi, invalid: bad, width: width, height: height, threshold: model.threshold,
                          magnitude: &magnitude, codes: &codes)
        ChangeMask.trimRim(chi: chi, width: width, height: height, threshold: model.threshold, codes: &codes)
        self.codes = codes
        self.magnitude = magnitude
        raw = chi
    }

    /// Pixels shadow flags are widened by, for the penumbra.
    static let shadowGrowth = 4

    /// Flags (and widens by `shadowGrowth` pixels) shadows cast in either epoch on unchanged land.
    static func flagShadows(before: [Float], after: [Float], width: Int, height: Int, bandCount p: Int, flags: inout [UInt8]) {
        let n = width * height
        var hit: [Int] = []
        before.withUnsafeBufferPointer { b in
            after.withUnsafeBufferPointer { a in
                for i in 0..<n {
                    // Cheap test first: a shadow darkens the band sum by 40 % or more.
                    var sb: Float = 0, sa: Float = 0
                    for band in 0..<p {
                        sb += b[band * n + i]
                        sa += a[band * n + i]
                    }
                    guard sb < 0.6 * sa || sa < 0.6 * sb else { continue }
                    if CloudScreen.isShadowed(b, relativeTo: a, count: n, bandCount: p, at: i)
                        || CloudScreen.isShadowed(a, relativeTo: b, count: n, bandCount: p, at: i) {
                        hit.append(i)
                    }
                }
            }
        }
        for i in hit {
            let row = i / width, column = i % width
            let g = shadowGrowth
            for r in max(0, row - g)...min(height - 1, row + g) {
                for c in max(0, column - g)...min(width - 1, column + g) { flags[r * width + c] = 1 }
            }
        }
    }

    /// Sets, for every valid pixel, the magnitude (the square root of the mean chi-square of the
    /// valid pixels in its 3×3 neighbourhood, clipped at the block edge) and the change code.
    static func smooth(chi: [Float], invalid: [UInt8], width: Int, height: Int, threshold: Float,
                       magnitude: inout [Float], codes: inout [UInt8]) {
        // Row sums of three, then column sums of three: two passes instead of nine reads per pixel.
        let n = chi.count
        var rowSum = [Float](repeating: 0, count: n), rowCount = [Float](repeating: 0, count: n)
        chi.withUnsafeBufferPointer { c in
            invalid.withUnsafeBufferPointer { bad in
                rowSum.withUnsafeMutableBufferPointer { sum in
                    rowCount.withUnsafeMutableBufferPointer { count in
                        for i in 0..<n where bad[i] == 0 {
                            sum[i] = c[i]
                            count[i] = 1
                        }
                        for row in 0..<height {
                            let base = row * width
                            var previousSum: Float = 0, previousCount: Float = 0
                            for column in 0..<width {
                                let i = base + column
                                let s = sum[i], k = count[i]
                                let nextSum = column + 1 < width ? (bad[i + 1] == 0 ? c[i + 1] : 0) : 0
                                let nextCount: Float = column + 1 < width && bad[i + 1] == 0 ? 1 : 0
                                sum[i] = previousSum + s + nextSum
                                count[i] = previousCount + k + nextCount
                                previousSum = s
                                previousCount = k
                            }
                        }
                        magnitude.withUnsafeMutableBufferPointer { m in
                            codes.withUnsafeMutableBufferPointer { code in
                                for row in 0..<height {
                                    let base = row * width
                                    for column in 0..<width where bad[base + column] == 0 {
                                        let i = base + column
                                        var s = sum[i], k = count[i]
                                        if row > 0 {
                                            s += sum[i - width]
                                            k += count[i - width]
                                        }
                                        if row + 1 < height {
                                            s += sum[i + width]
                                            k += count[i + width]
                                        }
                                        let value = (s / max(k, 1)).squareRoot()
                                        m[i] = value
                                        code[i] = value > threshold ? ChangeMask.change : ChangeMask.noChange
                                    }
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

    /// Drops the rim the 3×3 mean adds around a change: a changed pixel whose own statistic is
    /// well under the threshold (`rimShare` of it) was lit by its neighbours, not by a change of
    /// its own. Pixel by pixel, so blocks of any size decide the same; a pixel that stayed the same
    /// inside a change (a tree left on a site) becomes a hole, as it should.
    static func trimRim(chi: [Float], width: Int, height: Int, threshold: Float, codes: inout [UInt8]) {
        let limit = rimShare * rimShare * threshold * threshold
        for i in 0..<min(width * height, codes.count) where codes[i] == change && chi[i] <= limit {
            codes[i] = noChange
        }
    }
}
