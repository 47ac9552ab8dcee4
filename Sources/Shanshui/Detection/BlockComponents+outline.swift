/// How far a patch's drawn outline reaches beyond its thresholded pixels.
///
/// A field ploughed out of grassland sits right at the change threshold, so only the noisy half of
/// its pixels passes and the patch is drawn as a ragged part of the field. The outline is widened,
/// 4-connected from the patch, over neighbouring pixels that changed almost as much
/// (`share` of the threshold) and in the same direction as damage does: vegetation lost and bare
/// ground gained. The patch itself (its statistics, hence its activity, change, confidence and
/// whether it is natural change and dropped) is decided on the thresholded pixels alone: widening
/// the decision's pixels turned correct sites into natural change where a site lay in a field
/// harvested around it. A patch whose widening would more than triple it keeps its thresholded
/// outline: that is a site inside a field harvested or ploughed around it, not a field half found
/// (on the OSCD tuning cities, widening those put Saclay's farmland into the outlines; on the trap
/// scene, fields grow by up to about twice).
enum OutlineGrowth {
    /// Share of the threshold a pixel's smoothed magnitude must reach to widen an outline.
    static let share: Float = 0.7
    /// NDVI lost and bareness gained by a pixel that widens an outline.
    static let ndviLoss: Float = 0.25, bareGain: Float = 0.1
    /// Most pixels a patch's outline may gain, as a multiple of its own; past it the outline is not widened.
    static let largestGain = 2

    /// The runs a patch with `runs` (`pixels` of them) is drawn with: its own, and `grown` unless they are too many.
    static func drawn(runs: [ComponentRun], pixels: Int, grown: [ComponentRun]) -> [ComponentRun] {
        let gained = grown.reduce(0) { $0 + Int($1.end - $1.start) }
        return gained == 0 || gained > largestGain * pixels ? runs : runs + grown
    }
}

extension BlockComponents {
    /// Widens the components' outlines inside the block (see `OutlineGrowth`) into `grown`.
    /// - Parameters:
    ///   - codes: the block's change codes.
    ///   - meanSquare: the block's smoothed statistic (squared change magnitudes).
    ///   - after: AFTER planes, normalised at the changed pixels; pixels tested here are normalised too.
    mutating func growOutlines(codes: [UInt8], meanSquare: [Float], model: ChangeModel, indices: SpectralIndices,
                               before: UnsafeBufferPointer<Float>, after: UnsafeMutableBufferPointer<Float>) {
        let w = window.width, h = window.height, n = w * h
        let limit = OutlineGrowth.share * model.threshold
        // The component each pixel belongs to (-1 none), and the pixels tested and refused.
        var owner = [Int32](repeating: -1, count: n)
        var refused = [Bool](repeating: false, count: n)
        var queue: [Int] = []
        queue.reserveCapacity(changed)
        for run in runs {
            let base = (Int(run.row) - window.row) * w - window.column
            for column in Int(run.start)..<Int(run.end) {
                owner[base + column] = run.label
                queue.append(base + column)
            }
        }
        var grownPixels = 0
        func visit(_ j: Int, from label: Int32) {
            guard owner[j] < 0, !refused[j], codes[j] == ChangeMask.noChange, meanSquare[j].squareRoot() >= limit else { return }
            model.normalisation.apply(to: after, count: n, pixels: j..<(j + 1))
            let b = indices.values(before, count: n, pixel: j), a = indices.values(UnsafeBufferPointer(after), count: n, pixel: j)
            guard b.ndvi - a.ndvi >= OutlineGrowth.ndviLoss, a.bare - b.bare >= OutlineGrowth.bareGain else {
                refused[j] = true
                return
            }
            owner[j] = label
            grownPixels += 1
            queue.append(j)
        }
        var head = 0
        while head < queue.count {
            let i = queue[head]
            head += 1
            let row = i / w, column = i - row * w, label = owner[i]
            if column > 0 { visit(i - 1, from: label) }
            if column + 1 < w { visit(i + 1, from: label) }
            if row > 0 { visit(i - w, from: label) }
            if row + 1 < h { visit(i + w, from: label) }
        }
        guard grownPixels > 0 else { return }
        for row in 0..<h {
            var column = 0
            let base = row * w
            while column < w {
                let label = owner[base + column]
                guard label >= 0, codes[base + column] != ChangeMask.change else {
                    column += 1
                    continue
                }
                var end = column + 1
                while end < w, owner[base + end] == label, codes[base + end] != ChangeMask.change { end += 1 }
                grown.append(ComponentRun(row: Int32(window.row + row), start: Int32(window.column + column),
                                          end: Int32(window.column + end), label: label))
                column = end
            }
        }
    }
}
