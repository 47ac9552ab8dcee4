/// Relative radiometric normalisation of AFTER to BEFORE: per band, an orthogonal (major-axis)
/// regression over pseudo-invariant pixels, those IR-MAD finds least changed. Index differences
/// (NDVI, water, bareness) are then comparable between epochs despite gain and offset changes.
public struct RadiometricNormalisation: Hashable, Sendable, Codable {
    /// Per band (role order): before ≈ gain × after + offset.
    public let gains: [Float]
    /// Per band offsets.
    public let offsets: [Float]

    /// The identity: no correction.
    public static func identity(bandCount: Int) -> RadiometricNormalisation {
        RadiometricNormalisation(gains: Array(repeating: 1, count: bandCount), offsets: Array(repeating: 0, count: bandCount))
    }

    /// Makes a normalisation from gains and offsets.
    public init(gains: [Float], offsets: [Float]) {
        self.gains = gains
        self.offsets = offsets
    }

    /// Fits the per-band lines on the invariant pixels.
    /// - Parameters:
    ///   - x: before values, pixel-major.
    ///   - y: after values, pixel-major.
    ///   - bandCount: values per pixel.
    ///   - invariant: indices of the pixels to fit on.
    public static func fit(x: [Float], y: [Float], bandCount p: Int, invariant: [Int]) -> RadiometricNormalisation {
        guard invariant.count >= 10 else { return .identity(bandCount: p) }
        var gains: [Float] = [], offsets: [Float] = []
        for band in 0..<p {
            var mx = 0.0, my = 0.0
            for i in invariant {
                mx += Double(y[i * p + band])
                my += Double(x[i * p + band])
            }
            mx /= Double(invariant.count)
            my /= Double(invariant.count)
            var sxx = 0.0, syy = 0.0, sxy = 0.0
            for i in invariant {
                let dx = Double(y[i * p + band]) - mx, dy = Double(x[i * p + band]) - my
                sxx += dx * dx
                syy += dy * dy
                sxy += dx * dy
            }
            guard abs(sxy) > 1e-12 else {
                gains.append(1)
                offsets.append(Float(my - mx))
                continue
            }
            let slope = (syy - sxx + ((syy - sxx) * (syy - sxx) + 4 * sxy * sxy).squareRoot()) / (2 * sxy)
            let gain = slope.isFinite && slope > 0 ? slope : 1
            gains.append(Float(gain))
            offsets.append(Float(my - gain * mx))
        }
        return RadiometricNormalisation(gains: gains, offsets: offsets)
    }

    /// Applies the correction in place to some pixels of band-sequential AFTER planes.
    /// - Parameters:
    ///   - planes: the planes, `count` values each.
    ///   - count: pixels per plane.
    ///   - pixels: the pixels to correct.
    func apply(to planes: UnsafeMutableBufferPointer<Float>, count n: Int, pixels: Range<Int>) {
        for band in gains.indices {
            let g = gains[band], o = offsets[band]
            for i in pixels { planes[band * n + i] = g * planes[band * n + i] + o }
        }
    }
}
