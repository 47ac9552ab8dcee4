/// Change distances that forgive sub-pixel misregistration between the epochs.
///
/// Each AFTER pixel's feature vector is compared with the BEFORE vectors a shift of up to half a
/// pixel could give at that place: BEFORE's own vector moved linearly towards a horizontal and a
/// vertical neighbour (one of four quadrants) by at most `maximumShift` each. A shift only mixes a
/// pixel with its neighbours, so along an edge AFTER lies close to that set and the distance
/// collapses; a real change lies far from every mix of its BEFORE neighbours and keeps its size
/// (inside a changed area, where BEFORE's neighbours are alike, the distance is the plain one).
enum ShiftTolerance {
    /// The largest shift forgiven along each axis, pixels.
    static let maximumShift: Float = 0.5

    /// For every pixel of a block, the squared distance from AFTER's feature vector to the nearest
    /// shift-mixed BEFORE vector, averaged with the plain distance to BEFORE's own vector with
    /// weight `plainShare`. Planes are band-sequential, `planes` of `width × height` each;
    /// neighbours are taken inside the block only.
    static func distances(before b: UnsafePointer<Float>, after a: UnsafePointer<Float>, planes p: Int, width: Int, height: Int,
                          plainShare: Float = 0, into result: UnsafeMutableBufferPointer<Float>) {
        let n = width * height
        func pixel(_ row: Int, _ column: Int) {
            let i = row * width + column
            var products = Products(row: row, column: column, width: width, height: height)
            for band in 0..<p {
                let o = band * n + i
                products.add(residual: a[o] - b[o], before: b, at: o, scale: 1)
            }
            result[i] = plainShare * products.rr + (1 - plainShare) * products.minimum
        }
        for row in 0..<height {
            // Columns inside the block eight at a time (both horizontal neighbours exist), each
            // lane doing the arithmetic of `Products` in the same order: the same values, a
            // quarter of the time (the sample blocks' change-vector magnitudes cost 3 % of a
            // 1-thread detection, every block's where that measure is chosen).
            let up = row > 0 ? -width : 0, down = row + 1 < height ? width : 0
            var column = 0
            if width > 2 { pixel(row, 0); column = 1 }
            while column + 8 < width {
                let i = row * width + column
                var products = Products8()
                for band in 0..<p {
                    let o = band * n + i
                    products.add(after: a + o, before: b + o, up: up, down: down)
                }
                let value = plainShare * products.rr + (1 - plainShare) * products.minimum
                UnsafeMutableRawPointer(result.baseAddress! + i).storeBytes(of: value, as: SIMD8<Float>.self)
                column += 8
            }
            while column < width {
                pixel(row, column)
                column += 1
            }
        }
    }

    /// `Products` of eight neighbouring pixels with both horizontal neighbours, one per lane, with
    /// the same operations in the same order (so the same values).
    struct Products8 {
        typealias V = SIMD8<Float>
        var rr = V(), rl = V(), rR = V(), rU = V(), rD = V()
        var ll = V(), RR = V(), UU = V(), DD = V()
        var lu = V(), ld = V(), Ru = V(), Rd = V()

        @inline(__always)
        private static func load(_ p: UnsafePointer<Float>) -> V { UnsafeRawPointer(p).loadUnaligned(as: V.self) }

        /// Adds one band (scale 1): AFTER and BEFORE at the first pixel, BEFORE's rows `up` and
        /// `down` values away (0 at the block's edge).
        @inline(__always)
        mutating func add(after a: UnsafePointer<Float>, before b: UnsafePointer<Float>, up: Int, down: Int) {
            add(residual: Products8.load(a) - Products8.load(b), before: b, up: up, down: down, scale: 1)
        }

        /// Adds one band of the standardised distances (`Products.add` with `scale`): the residual
        /// `r` of eight pixels and BEFORE at the first of them, its rows `up` and `down` values away.
        @inline(__always)
        mutating func add(residual r: V, before b: UnsafePointer<Float>, up: Int, down: Int, scale: Float) {
            let bi = Products8.load(b)
            let l = (Products8.load(b - 1) - bi) * scale, rt = (Products8.load(b + 1) - bi) * scale
            let u = (Products8.load(b + up) - bi) * scale, d = (Products8.load(b + down) - bi) * scale
            rr += r * r
            rl += r * l; rR += r * rt; rU += r * u; rD += r * d
            ll += l * l; RR += rt * rt; UU += u * u; DD += d * d
            lu += l * u; ld += l * d; Ru += rt * u; Rd += rt * d
        }

        /// `Products.minimum`, lane by lane.
        @inline(__always)
        var minimum: V {
            let h = maximumShift
            var m = ShiftTolerance.boxMinimum(rr: rr, ru: rl, uu: ll, rv: rU, vv: UU, uv: lu, limit: h)
            m = ShiftTolerance.lanewiseMin(m, ShiftTolerance.boxMinimum(rr: rr, ru: rl, uu: ll, rv: rD, vv: DD, uv: ld, limit: h))
            m = ShiftTolerance.lanewiseMin(m, ShiftTolerance.boxMinimum(rr: rr, ru: rR, uu: RR, rv: rU, vv: UU, uv: Ru, limit: h))
            m = ShiftTolerance.lanewiseMin(m, ShiftTolerance.boxMinimum(rr: rr, ru: rR, uu: RR, rv: rD, vv: DD, uv: Rd, limit: h))
            return V().replacing(with: m, where: m .>= 0)   // max(0, m)
        }
    }

    /// Swift's `min(x, y)` lane by lane: `y < x ? y : x`.
    @inline(__always)
    static func lanewiseMin(_ x: SIMD8<Float>, _ y: SIMD8<Float>) -> SIMD8<Float> { x.replacing(with: y, where: y .< x) }

    /// `boxMinimum` lane by lane: both branches computed, each lane taking its own.
    @inline(__always)
    static func boxMinimum(rr: SIMD8<Float>, ru: SIMD8<Float>, uu: SIMD8<Float>, rv: SIMD8<Float>, vv: SIMD8<Float>, uv: SIMD8<Float>,
                           limit: Float) -> SIMD8<Float> {
        typealias V = SIMD8<Float>
        func value(_ s: V, _ t: V) -> V {
            // rr − 2s·ru − 2t·rv + s²·uu + 2st·uv + t²·vv, left to right as the scalar one.
            let twoS: V = 2 * s, twoT: V = 2 * t
            var v: V = rr - twoS * ru
            v -= twoT * rv
            v += s * s * uu
            v += twoS * t * uv
            v += t * t * vv
            return v
        }
        func clamp(_ x: V) -> V {
            let low = V().replacing(with: x, where: x .>= 0)   // max(0, x)
            return V(repeating: limit).replacing(with: low, where: low .< limit)   // min(limit, low)
        }
        let det = uu * vv - uv * uv
        let s = (ru * vv - rv * uv) / det, t = (rv * uu - ru * uv) / det
        let inside = (det .> 1e-9) .& (s .>= 0) .& (s .<= limit) .& (t .>= 0) .& (t .<= limit)
        let zero = V(), edge = V(repeating: limit)
        var best = rr
        let alongV = vv .> 1e-12, alongU = uu .> 1e-12
        best = best.replacing(with: lanewiseMin(lanewiseMin(best, value(zero, clamp(rv / vv))), value(edge, clamp((rv - limit * uv) / vv))), where: alongV)
        best = best.replacing(with: lanewiseMin(lanewiseMin(best, value(clamp(ru / uu), zero)), value(clamp((ru - limit * uv) / uu), edge)), where: alongU)
        return best.replacing(with: lanewiseMin(rr, value(s, t)), where: inside)
    }

    /// One pixel's squared change distances in `scaling`'s standardised space, from raw
    /// band-sequential planes of a block: to the nearest shift-mixed BEFORE vector (forgiving) and
    /// to BEFORE's own (plain). For the changed pixels of a patch only (see `PatchStatistics.shiftShare`).
    static func distances(before b: UnsafeBufferPointer<Float>, after a: UnsafeBufferPointer<Float>, scaling: ChangeVectorScaling,
                          count n: Int, width: Int, height: Int, pixel i: Int) -> (forgiven: Float, plain: Float) {
        let row = i / width
        var products = Products(row: row, column: i - row * width, width: width, height: height)
        for band in 0..<scaling.beforeMean.count {
            let o = band * n + i, sb = scaling.beforeScale[band]
            let r = (a[o] - scaling.afterMean[band]) * scaling.afterScale[band] - (b[o] - scaling.beforeMean[band]) * sb
            products.add(residual: r, before: b.baseAddress!, at: o, scale: sb)
        }
        return (products.minimum, products.rr)
    }

    /// `distances(before:after:scaling:count:width:height:pixel:)` of eight neighbouring pixels of
    /// one row, the first at `i`, all with both horizontal neighbours in the block, one per lane
    /// with the same operations in the same order (so the same values): the changed pixels of a
    /// run eight at a time.
    static func distances8(before b: UnsafeBufferPointer<Float>, after a: UnsafeBufferPointer<Float>, scaling: ChangeVectorScaling,
                           count n: Int, width: Int, height: Int, pixel i: Int) -> (forgiven: SIMD8<Float>, plain: SIMD8<Float>) {
        let row = i / width
        let up = row > 0 ? -width : 0, down = row + 1 < height ? width : 0
        var products = Products8()
        for band in 0..<scaling.beforeMean.count {
            let o = band * n + i, sb = scaling.beforeScale[band]
            let av = UnsafeRawPointer(a.baseAddress! + o).loadUnaligned(as: SIMD8<Float>.self)
            let bv = UnsafeRawPointer(b.baseAddress! + o).loadUnaligned(as: SIMD8<Float>.self)
            let standardAfter: SIMD8<Float> = (av - scaling.afterMean[band]) * scaling.afterScale[band]
            let standardBefore: SIMD8<Float> = (bv - scaling.beforeMean[band]) * sb
            products.add(residual: standardAfter - standardBefore, before: b.baseAddress! + o, up: up, down: down, scale: sb)
        }
        return (products.minimum, products.rr)
    }

    /// The dot products of one pixel's residual r (AFTER less BEFORE) and BEFORE's differences to
    /// its left, right, upper and lower neighbours (l, R, U, D), summed over the bands: all the
    /// nearest shift-mixed vector needs. A missing neighbour (block edge) is the pixel itself.
    struct Products {
        let left: Int, right: Int, up: Int, down: Int
        var rr: Float = 0, rl: Float = 0, rR: Float = 0, rU: Float = 0, rD: Float = 0
        var ll: Float = 0, RR: Float = 0, UU: Float = 0, DD: Float = 0
        var lu: Float = 0, ld: Float = 0, Ru: Float = 0, Rd: Float = 0

        /// The neighbour offsets of the pixel at (`column`, `row`) of a `width × height` block.
        @inline(__always)
        init(row: Int, column: Int, width: Int, height: Int) {
            left = column > 0 ? -1 : 0
            right = column + 1 < width ? 1 : 0
            up = row > 0 ? -width : 0
            down = row + 1 < height ? width : 0
        }

        /// Adds one band: the residual `r` and BEFORE's neighbour differences at plane offset `o`, times `scale`.
        @inline(__always)
        mutating func add(residual r: Float, before b: UnsafePointer<Float>, at o: Int, scale: Float) {
            let bi = b[o]
            let l = (b[o + left] - bi) * scale, rt = (b[o + right] - bi) * scale
            let u = (b[o + up] - bi) * scale, d = (b[o + down] - bi) * scale
            rr += r * r
            rl += r * l; rR += r * rt; rU += r * u; rD += r * d
            ll += l * l; RR += rt * rt; UU += u * u; DD += d * d
            lu += l * u; ld += l * d; Ru += rt * u; Rd += rt * d
        }

        /// The smallest squared distance over the four quadrants of shifts (left or right, up or
        /// down) of at most `maximumShift` each.
        @inline(__always)
        var minimum: Float {
            let h = maximumShift
            return max(0, min(boxMinimum(rr: rr, ru: rl, uu: ll, rv: rU, vv: UU, uv: lu, limit: h),
                              boxMinimum(rr: rr, ru: rl, uu: ll, rv: rD, vv: DD, uv: ld, limit: h),
                              boxMinimum(rr: rr, ru: rR, uu: RR, rv: rU, vv: UU, uv: Ru, limit: h),
                              boxMinimum(rr: rr, ru: rR, uu: RR, rv: rD, vv: DD, uv: Rd, limit: h)))
        }
    }

    /// The minimum over s, t in [0, limit] of |r − s·u − t·v|², from its dot products.
    @inline(__always)
    static func boxMinimum(rr: Float, ru: Float, uu: Float, rv: Float, vv: Float, uv: Float, limit: Float) -> Float {
        func value(_ s: Float, _ t: Float) -> Float { rr - 2 * s * ru - 2 * t * rv + s * s * uu + 2 * s * t * uv + t * t * vv }
        func clamp(_ x: Float) -> Float { min(limit, max(0, x)) }
        var best = rr
        let det = uu * vv - uv * uv
        if det > 1e-9 {
            let s = (ru * vv - rv * uv) / det, t = (rv * uu - ru * uv) / det
            if s >= 0, s <= limit, t >= 0, t <= limit { return min(best, value(s, t)) }
        }
        // The minimum lies on an edge of the box: the best point of each edge.
        if vv > 1e-12 {
            best = min(best, value(0, clamp(rv / vv)), value(limit, clamp((rv - limit * uv) / vv)))
        }
        if uu > 1e-12 {
            best = min(best, value(clamp(ru / uu), 0), value(clamp((ru - limit * uv) / uu), limit))
        }
        return best
    }
}
