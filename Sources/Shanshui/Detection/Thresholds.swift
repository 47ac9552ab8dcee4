/// Automatic thresholds: Otsu's method on a histogram, which splits a bimodal distribution
/// (unchanged and changed pixels) where the between-class variance is largest, and a robust
/// no-change bound (median + k·MAD) for scenes whose change class is small or not separate.
public enum Thresholds {
    /// Otsu's threshold of `values`, over a 512-bin histogram from the minimum to the 99.9th
    /// percentile (so a few extreme pixels, say clouds missed by the screen, do not squash the bins).
    /// - Parameter values: samples of the statistic; non-finite values are ignored.
    /// - Returns: the threshold, or nil with fewer than two distinct values.
    public static func otsu(_ values: [Float]) -> Float? {
        var finite = values.filter(\.isFinite)
        guard finite.count >= 2, let low = finite.min() else { return nil }
        let high = finite.select(rank: min(finite.count - 1, Int(Double(finite.count - 1) * 0.999)))
        guard high > low else { return nil }
        let bins = 512
        let width = (high - low) / Float(bins)
        var histogram = [Double](repeating: 0, count: bins)
        for v in finite {
            histogram[min(bins - 1, max(0, Int((v - low) / width)))] += 1
        }
        let centre = { (i: Int) in Double(low) + (Double(i) + 0.5) * Double(width) }
        let total = histogram.reduce(0, +)
        let totalMoment = histogram.indices.reduce(0.0) { $0 + histogram[$1] * centre($1) }
        var weight = 0.0, moment = 0.0, best = -1.0, bestIndex = 0
        for i in 0..<(bins - 1) {
            weight += histogram[i]
            moment += histogram[i] * centre(i)
            let rest = total - weight
            guard weight > 0, rest > 0 else { continue }
            let between = (totalMoment * weight / total - moment) * (totalMoment * weight / total - moment) / (weight * rest)
            if between > best {
                best = between
                bestIndex = i
            }
        }
        return Float(centre(bestIndex) + Double(width) / 2)
    }

    /// The value below which `fraction` of `values` lie (nearest rank).
    public static func quantile(_ values: [Float], _ fraction: Double) -> Float? {
        guard !values.isEmpty else { return nil }
        var copy = values
        return copy.select(rank: min(values.count - 1, max(0, Int(Double(values.count - 1) * fraction))))
    }

    /// How cleanly Otsu's threshold splits `values`: the between-class variance over the total
    /// variance (η, 0–1). A clear change class gives a high value; a unimodal spread a low one.
    public static func separation(_ values: [Float], at threshold: Float) -> Double {
        var n = [0.0, 0.0], sum = [0.0, 0.0], total = 0.0, totalSquares = 0.0
        for v in values where v.isFinite {
            let k = v > threshold ? 1 : 0
            n[k] += 1
            sum[k] += Double(v)
            total += Double(v)
            totalSquares += Double(v) * Double(v)
        }
        let count = n[0] + n[1]
        guard n[0] > 0, n[1] > 0 else { return 0 }
        let variance = totalSquares / count - (total / count) * (total / count)
        guard variance > 0 else { return 0 }
        let d = sum[1] / n[1] - sum[0] / n[0]
        return n[0] / count * n[1] / count * d * d / variance
    }

    /// The robust no-change bound: median + k × the normalised median absolute deviation. At most
    /// half of the values can lie above it whatever k, so a scene-wide shift cannot flood it.
    public static func robustUpperBound(_ values: [Float], k: Float) -> Float? {
        guard let median = quantile(values, 0.5), let spread = quantile(values.map { abs($0 - median) }, 0.5) else { return nil }
        return median + k * 1.4826 * spread
    }
}
