import Foundation

/// Running sums over the pixels of a change component: its size, mean change magnitude, mean
/// indices in both epochs, water pixel counts and second moments of pixel positions (for the
/// principal axes). Sums merge, so a component split across blocks is summed block by block.
struct PatchStatistics: Sendable {
    var count = 0
    /// Pixels changed before smoothing: the minimum mapping unit counts these, so smoothing's
    /// rim cannot lift a clearing under the unit over it.
    var core = 0
    /// Sum and largest of the pixels' own change magnitudes (square roots of the unsmoothed
    /// statistic): a mixed pixel's magnitude is about its changed share times a full pixel's, so
    /// their ratio estimates the changed area of a small clearing in whole pixels.
    var rootSum = 0.0, rootPeak = 0.0
    /// Sum of the cosines between each pixel's BEFORE and (normalised) AFTER band vectors.
    var cosine = 0.0
    var magnitude = 0.0
    var ndviBefore = 0.0, ndviAfter = 0.0
    var waterBefore = 0.0, waterAfter = 0.0
    var bareBefore = 0.0, bareAfter = 0.0
    var visibleBefore = 0.0, visibleAfter = 0.0
    var waterPixelsBefore = 0, waterPixelsAfter = 0
    /// Outline pixels (changed, with an unchanged 4-neighbour in the block) and those of them on
    /// an edge BEFORE already showed: a change keeping to an old parcel's outline.
    var outline = 0, outlineOnOldEdge = 0
    var sx = 0.0, sy = 0.0, sxx = 0.0, syy = 0.0, sxy = 0.0
    /// Sums of the pixels' squared standardised change distances: to the nearest BEFORE vector a
    /// sub-pixel shift could give (`ShiftTolerance`) and to BEFORE's own. A change a shift explains
    /// (an edge lit by misregistration) keeps little of its plain distance.
    var shiftForgiven = 0.0, shiftPlain = 0.0
    /// Per band (role order), the sums of BEFORE and normalised AFTER values: the patch's mean
    /// band vectors, whose angle pixel noise does not inflate (empty until a pixel is added).
    var bandsBefore: [Double] = [], bandsAfter: [Double] = []

    /// Adds one pixel at global (column, row).
    @inline(__always)
    mutating func add(column: Int, row: Int, magnitude m: Float, raw: Float, core isCore: Bool, cosine c: Float,
                      before: (ndvi: Float, water: Float, bare: Float, visible: Float),
                      after: (ndvi: Float, water: Float, bare: Float, visible: Float)) {
        count += 1
        if isCore { core += 1 }
        let root = Double(raw.squareRoot())
        rootSum += root
        rootPeak = max(rootPeak, root)
        cosine += Double(c)
        magnitude += Double(m)
        ndviBefore += Double(before.ndvi)
        ndviAfter += Double(after.ndvi)
        waterBefore += Double(before.water)
        waterAfter += Double(after.water)
        bareBefore += Double(before.bare)
        bareAfter += Double(after.bare)
        visibleBefore += Double(before.visible)
        visibleAfter += Double(after.visible)
        if before.water > 0 { waterPixelsBefore += 1 }
        if after.water > 0 { waterPixelsAfter += 1 }
        let x = Double(column) + 0.5, y = Double(row) + 0.5
        sx += x
        sy += y
        sxx += x * x
        syy += y * y
        sxy += x * y
    }

    /// Adds one pixel's BEFORE and normalised AFTER value of `band` of `bandCount`.
    @inline(__always)
    mutating func addBand(_ band: Int, of bandCount: Int, before: Float, after: Float) {
        if bandsBefore.isEmpty {
            bandsBefore = Array(repeating: 0, count: bandCount)
            bandsAfter = Array(repeating: 0, count: bandCount)
        }
        bandsBefore[band] += Double(before)
        bandsAfter[band] += Double(after)
    }

    /// Adds one pixel's shift-forgiving and plain squared change distances.
    @inline(__always)
    mutating func addShift(forgiven: Float, plain: Float) {
        shiftForgiven += Double(forgiven)
        shiftPlain += Double(plain)
    }

    /// Share of the plain change distance left once a sub-pixel shift is forgiven (1 without the sums).
    var shiftShare: Double { shiftPlain > 0 ? shiftForgiven / shiftPlain : 1 }

    /// The angle between the patch's mean BEFORE and mean AFTER band vectors, degrees (90 without them).
    var meanVectorAngle: Double {
        guard !bandsBefore.isEmpty else { return 90 }
        var ab = 0.0, aa = 0.0, bb = 0.0
        for (x, y) in zip(bandsBefore, bandsAfter) {
            ab += x * y
            aa += y * y
            bb += x * x
        }
        guard aa > 0, bb > 0 else { return 90 }
        return acos(max(-1, min(1, ab / (aa * bb).squareRoot()))) * 180 / .pi
    }

    /// Counts one outline pixel, on an old edge or not.
    @inline(__always)
    mutating func addOutline(onOldEdge: Bool) {
        outline += 1
        if onOldEdge { outlineOnOldEdge += 1 }
    }

    /// Share of the outline lying on edges BEFORE already showed (0 without outline).
    var oldEdgeShare: Double { outline > 0 ? Double(outlineOnOldEdge) / Double(outline) : 0 }

    /// Adds another component's sums.
    mutating func merge(_ o: PatchStatistics) {
        count += o.count
        core += o.core
        rootSum += o.rootSum
        rootPeak = max(rootPeak, o.rootPeak)
        cosine += o.cosine
        magnitude += o.magnitude
        ndviBefore += o.ndviBefore
        ndviAfter += o.ndviAfter
        waterBefore += o.waterBefore
        waterAfter += o.waterAfter
        bareBefore += o.bareBefore
        bareAfter += o.bareAfter
        visibleBefore += o.visibleBefore
        visibleAfter += o.visibleAfter
        waterPixelsBefore += o.waterPixelsBefore
        waterPixelsAfter += o.waterPixelsAfter
        outline += o.outline
        outlineOnOldEdge += o.outlineOnOldEdge
        sx += o.sx
        sy += o.sy
        sxx += o.sxx
        syy += o.syy
        sxy += o.sxy
        shiftForgiven += o.shiftForgiven
        shiftPlain += o.shiftPlain
        if bandsBefore.isEmpty {
            bandsBefore = o.bandsBefore
            bandsAfter = o.bandsAfter
        } else if !o.bandsBefore.isEmpty {
            for k in bandsBefore.indices {
                bandsBefore[k] += o.bandsBefore[k]
                bandsAfter[k] += o.bandsAfter[k]
            }
        }
    }

    /// The component's size for the minimum mapping unit, pixels: its core, or the changed area
    /// its mixed pixels add up to when that is smaller (a clearing of a few pixels lights up a
    /// rim of mixed pixels around it, each only partly changed).
    var mappedPixels: Double { min(Double(core), rootPeak > 0 ? rootSum / rootPeak : 0) }

    /// Mean of a sum over the component.
    func mean(_ sum: Double) -> Double { count > 0 ? sum / Double(count) : 0 }

    /// The principal-axis angle of the pixel positions (radians, from the column axis).
    var principalAngle: Double {
        let n = Double(max(count, 1))
        let vx = sxx / n - (sx / n) * (sx / n), vy = syy / n - (sy / n) * (sy / n), cxy = sxy / n - (sx / n) * (sy / n)
        return 0.5 * atan2(2 * cxy, vx - vy)
    }
}
