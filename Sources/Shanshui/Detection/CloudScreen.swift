/// The automatic cloud and shadow screen used when an epoch has no mask: clouds are far
/// brighter than the scene's typical land in blue and nearly white across the visible bands;
/// shadows darken every band of a pixel that is not water. On reflectance × 10000 data clouds
/// must also be brighter than 0.3 in blue. Limits are set per scene from robust
/// statistics (median and median absolute deviation), so the screen works on 8-bit DNs and on
/// 16-bit reflectances alike. Flagged pixels are widened by two pixels to catch soft cloud edges.
public struct CloudScreen: Hashable, Sendable, Codable {
    /// Blue above this is cloud candidate.
    public let blueLimit: Float
    /// Mean brightness of all role bands below this is shadow candidate.
    public let shadowLimit: Float
    /// Pixels to widen the flags by.
    public let dilation: Int

    /// Fits the screen of one epoch on sampled pixels.
    /// - Parameters:
    ///   - samples: pixel-major values, `bandCount` per pixel, role order (blue, green, red, nir, …).
    ///   - bandCount: values per pixel.
    public init?(samples: [Float], bandCount p: Int) {
        let n = samples.count / p
        guard n >= 16 else { return nil }
        let blue = (0..<n).map { samples[$0 * p] }
        let brightness = (0..<n).map { i in (0..<p).reduce(Float(0)) { $0 + samples[i * p + $1] } / Float(p) }
        let blueMedian = Thresholds.quantile(blue, 0.5)!
        let spread = Thresholds.quantile(blue.map { abs($0 - blueMedian) }, 0.5)! * 1.4826
        // Reflectance scaled by 10000 (Sentinel-2, Landsat collection products): clouds are above
        // 0.3 in blue, bright roofs and concrete below; for DNs only the relative tests apply.
        let absolute: Float = blueMedian > 150 ? 3000 : 0
        blueLimit = max(blueMedian + 12 * max(spread, 1e-6), 5 * blueMedian, absolute)
        shadowLimit = 0.4 * Thresholds.quantile(brightness, 0.5)!
        dilation = 2
    }

    /// Adds to `hits` the cloud and shadow pixels among `start..<start + length` of band-sequential
    /// `planes` (role order), given their band sums: the cheap test on every pixel (vectorised),
    /// the full one on the few candidates (most pixels are neither bright in blue nor dark).
    /// `ChangeMask` runs it strip by strip and widens the hits by `dilation` pixels.
    func hits(planes: UnsafeBufferPointer<Float>, count n: Int, bandCount p: Int, sums: UnsafePointer<Float>, start: Int,
              length m: Int, candidate: UnsafeMutablePointer<UInt8>, into hits: inout [Int]) {
        let blue = planes.baseAddress! + start
        var any: UInt8 = 0
        for i in 0..<m {
            let c: UInt8 = (blue[i] > blueLimit ? 1 : 0) | (sums[i] / Float(p) < shadowLimit ? 1 : 0)
            candidate[i] = c
            any |= c
        }
        guard any != 0 else { return }
        for i in 0..<m where candidate[i] != 0 {
            let k = start + i
            if isCloudOrShadow(blue: blue[i], green: planes[n + k], red: planes[2 * n + k], nir: planes[3 * n + k],
                               mean: sums[i] / Float(p)) {
                hits.append(k)
            }
        }
    }

    /// True when a pixel is at most 60 % as bright in every band as in the other epoch, and
    /// evenly so: a shadow falling on unchanged land. Real change (water, soil, building) shifts
    /// the bands unevenly.
    @inline(__always)
    static func isShadowed(_ pixel: UnsafeBufferPointer<Float>, relativeTo other: UnsafeBufferPointer<Float>, count n: Int,
                           bandCount p: Int, at i: Int) -> Bool {
        var low: Float = .infinity, high: Float = 0
        for b in 0..<p {
            let reference = other[b * n + i]
            guard reference > 0 else { return false }
            let ratio = pixel[b * n + i] / reference
            low = min(low, ratio)
            high = max(high, ratio)
        }
        return high < 0.6 && high < 1.6 * low
    }

    /// True when at least one in a thousand sampled pixels (pixel-major, role order) is cloud.
    func seesClouds(_ samples: [Float], bandCount p: Int) -> Bool {
        let n = samples.count / p
        var clouds = 0
        for i in 0..<n where isCloud(blue: samples[i * p], green: samples[i * p + 1], red: samples[i * p + 2]) { clouds += 1 }
        return clouds * 1000 >= n
    }

    /// True for a cloud (very bright in blue, nearly white) or a shadow (every band dark, not water).
    @inline(__always)
    func isCloudOrShadow(blue: Float, green: Float, red: Float, nir: Float, mean: Float) -> Bool {
        if isCloud(blue: blue, green: green, red: red) { return true }
        return mean < shadowLimit && nir > green && mean > 0
    }

    /// True for a cloud: very bright in blue and nearly white across the visible bands.
    @inline(__always)
    func isCloud(blue: Float, green: Float, red: Float) -> Bool {
        guard blue > blueLimit else { return false }
        let visibleMax = max(blue, green, red)
        return visibleMax - min(blue, green, red) < 0.35 * visibleMax
    }
}
