extension Array where Element: RasterScalar {
    /// Sets the count to `count`, keeping the storage: values kept are left as they are, values
    /// added are zero. For buffers reused block after block: the edge blocks of a scene are
    /// smaller, and making a new array at every change of size (twice per block row) cost an
    /// allocation and fresh pages to fault in each time.
    /// - Parameter count: the new number of values.
    @inlinable
    public mutating func resize(to count: Int) {
        if count < self.count {
            removeLast(self.count - count)
        } else if count > self.count {
            append(contentsOf: repeatElement(.zero, count: count - self.count))
        }
    }
}
