extension Array where Element == Float {
    /// The value `sorted()[rank]` would give, found by selection (Hoare's quickselect, median-of-three
    /// pivots) in linear time instead of a sort: the scene fit takes several quantiles of a million
    /// sampled magnitudes, and sorting them cost more than a tenth of a 1-thread detection.
    /// The array is left partly reordered. An array holding NaN (which has no rank) is sorted instead,
    /// so the answer is always the sort's.
    /// - Parameter k: the rank, `0..<count`.
    mutating func select(rank k: Int) -> Float {
        precondition(indices.contains(k), "rank \(k) outside 0..<\(count)")
        if contains(where: \.isNaN) {
            sort()
            return self[k]
        }
        return withUnsafeMutableBufferPointer { v in
            var low = 0, high = v.count - 1
            while high > low {
                let a = v[low], b = v[low + (high - low) / 2], c = v[high]
                let pivot = Swift.max(Swift.min(a, b), Swift.min(Swift.max(a, b), c))
                var i = low, j = high
                while i <= j {
                    while v[i] < pivot { i += 1 }
                    while v[j] > pivot { j -= 1 }
                    if i <= j {
                        v.swapAt(i, j)
                        i += 1
                        j -= 1
                    }
                }
                // Now low...j ≤ pivot ≤ i...high, and everything strictly between j and i equals the pivot.
                if k <= j {
                    high = j
                } else if k >= i {
                    low = i
                } else {
                    return v[k]
                }
            }
            return v[k]
        }
    }
}
