/// Which per-pixel change statistic a scene model thresholds.
public enum ChangeMeasure: String, Sendable, Codable {
    /// IR-MAD's chi-square: sharp where the epochs' bands are linearly related over most of the
    /// scene and a distinct change class stands out (Taizhou).
    case irmad
    /// Standardised change vectors (see `ChangeVectorScaling`): the robust choice where IR-MAD's
    /// no-change model is degenerate or separates change less clearly (cities, small change).
    case changeVector = "change_vector"
}

/// Standardised change vectors: each epoch's bands scaled to zero mean and unit variance over the
/// scene sample, so a per-band gain and offset between the epochs drops out. Each AFTER pixel is
/// compared with its own BEFORE pixel and with the closest of BEFORE's 3×3 neighbours; the
/// statistic is the mean of both squared distances, so sub-pixel misregistration does not light
/// up every edge while a real change (far from all neighbours) keeps its full size.
public struct ChangeVectorScaling: Sendable, Codable, Hashable {
    /// Per band (role order): BEFORE's sample mean and inverse standard deviation.
    public let beforeMean: [Float], beforeScale: [Float]
    /// AFTER's, likewise.
    public let afterMean: [Float], afterScale: [Float]

    /// Weight of the plain distance beside the shift-forgiving one: forgiving alone shrinks changes
    /// of a pixel or two (Paris's small buildings).
    static let plainShare: Float = 0.25

    /// Fits the scaling on sampled pixels (pixel-major, `bandCount` values per pixel).
    /// - Returns: nil when a band is constant in either epoch.
    public init?(x: [Float], y: [Float], bandCount p: Int) {
        let n = x.count / p
        guard n >= 2 else { return nil }
        func moments(_ v: [Float]) -> (mean: [Float], scale: [Float])? {
            var mean: [Float] = [], scale: [Float] = []
            for band in 0..<p {
                var s = 0.0, ss = 0.0
                for i in 0..<n {
                    let value = Double(v[i * p + band])
                    s += value
                    ss += value * value
                }
                let m = s / Double(n), variance = ss / Double(n) - m * m
                guard variance > 1e-12 else { return nil }
                mean.append(Float(m))
                scale.append(Float(1 / variance.squareRoot()))
            }
            return (mean, scale)
        }
        guard let b = moments(x), let a = moments(y) else { return nil }
        beforeMean = b.mean
        beforeScale = b.scale
        afterMean = a.mean
        afterScale = a.scale
    }

    /// The squared change statistic of every pixel of a block's band-sequential planes, written
    /// into `result`. Neighbours are taken inside the block only.
    func statistic(before x: UnsafeBufferPointer<Float>, after y: UnsafeBufferPointer<Float>, width: Int, height: Int,
                   into result: UnsafeMutableBufferPointer<Float>) {
        let n = width * height, p = beforeMean.count
        let zb = UnsafeMutableBufferPointer<Float>.allocate(capacity: p * n), za = UnsafeMutableBufferPointer<Float>.allocate(capacity: p * n)
        defer {
            zb.deallocate()
            za.deallocate()
        }
        for band in 0..<p {
            let mb = beforeMean[band], sb = beforeScale[band], ma = afterMean[band], sa = afterScale[band]
            for i in (band * n)..<((band + 1) * n) {
                zb[i] = (x[i] - mb) * sb
                za[i] = (y[i] - ma) * sa
            }
        }
        ShiftTolerance.distances(before: zb.baseAddress!, after: za.baseAddress!, planes: p, width: width, height: height,
                                 plainShare: ChangeVectorScaling.plainShare, into: result)
    }
}
