/// Edges of the BEFORE epoch, for telling a change that keeps to an old parcel's outline (a field
/// greening or harvested, a lake rising over its shore) from land newly cut out of a uniform cover.
extension ChangeVectorScaling {
    /// Times the scene's typical BEFORE edge strength above which a pixel sits on an old edge.
    static let oldEdgeFactor: Float = 5

    /// The squared standardised BEFORE difference across a pixel: the larger of the differences
    /// between the pixels two columns left and right of it and two rows above and below (clipped
    /// to the block), so an outline one pixel off the old edge (smoothing's rim) still straddles it.
    @inline(__always)
    func beforeEdge(_ x: UnsafeBufferPointer<Float>, count n: Int, width: Int, height: Int, pixel i: Int) -> Float {
        let row = i / width, column = i - row * width
        let left = row * width + max(0, column - 2), right = row * width + min(width - 1, column + 2)
        let up = max(0, row - 2) * width + column, down = min(height - 1, row + 2) * width + column
        var across: Float = 0, along: Float = 0
        for band in 0..<beforeScale.count {
            let s = beforeScale[band], o = band * n
            let h = (x[o + right] - x[o + left]) * s, v = (x[o + down] - x[o + up]) * s
            across += h * h
            along += v * v
        }
        return max(across, along)
    }

    /// Pixels around an outline pixel searched for an old edge: a patch found just above the
    /// threshold is the core of its parcel, its outline a pixel or two inside the parcel's edge.
    static let oldEdgeReach = 1

    /// True when BEFORE shows an edge stronger than `limit` at or within `oldEdgeReach` pixels of
    /// a pixel (see `beforeEdge`).
    func nearOldEdge(_ x: UnsafeBufferPointer<Float>, count n: Int, width: Int, height: Int, pixel i: Int, limit: Float) -> Bool {
        let row = i / width, column = i - row * width, reach = ChangeVectorScaling.oldEdgeReach
        for r in max(0, row - reach)...min(height - 1, row + reach) {
            for c in max(0, column - reach)...min(width - 1, column + reach)
            where beforeEdge(x, count: n, width: width, height: height, pixel: r * width + c) > limit {
                return true
            }
        }
        return false
    }

    /// BEFORE edge strengths on a sparse lattice of a block (every `step`-th pixel each way), for
    /// the scene's typical edge strength.
    func beforeEdges(_ x: [Float], width: Int, height: Int, step: Int = 3) -> [Float] {
        let n = width * height
        return x.withUnsafeBufferPointer { planes in
            stride(from: 0, to: height, by: step).flatMap { row in
                stride(from: 0, to: width, by: step).map { column in
                    beforeEdge(planes, count: n, width: width, height: height, pixel: row * width + column)
                }
            }
        }
    }
}
