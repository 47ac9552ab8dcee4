/// Automatic thresholds: Otsu's method on a histogram, which splits a bimodal distribution
/// (unchanged and changed pixels) where the between-class variance is largest.
public enum Thresholds {
    /// Otsu's threshold of `values`, over a 512-bin histogram from the minimum to the 99.9th
    /// percentile (so a few extreme pixels, say clouds missed by the screen, do not squash the bins).
    /// - Parameter values: samples of the statistic; non-finite values are ignored.
    /// - Returns: the threshold, or nil with fewer than two distinct values.
    public static func otsu(_ values: [Float]) -> Float? {
        var finite = values.filter(\.isFinite)
        guard finite.count >= 2 else { return nil }
        finite.sort()
        let low = finite[0], high = finite[min(finite.count - 1, Int(Double(finite.count - 1) * 0.999))]
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
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, max(0, Int(Double(sorted.count - 1) * fraction)))]
    }
}
