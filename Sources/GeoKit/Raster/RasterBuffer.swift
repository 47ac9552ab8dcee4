/// Pixel values of one or more bands over a window, band-sequential (all of band 0, then
/// band 1...), each band row by row.
///
/// The plain-Swift result of `Raster.read` and the input of `Raster.write`: an array of
/// numbers, `Sendable`, so blocks can be read on one thread and computed on another.
public struct RasterBuffer<T: RasterScalar>: Equatable, Sendable {
    /// Columns.
    public let width: Int
    /// Rows.
    public let height: Int
    /// Bands held, in the order they were read.
    public let bandCount: Int
    /// The values, `bandCount * height * width` of them, band-sequential.
    public var values: [T]

    /// Makes a buffer filled with one value.
    /// - Parameters:
    ///   - width: columns.
    ///   - height: rows.
    ///   - bandCount: bands.
    ///   - value: the value every pixel starts with.
    public init(width: Int, height: Int, bandCount: Int = 1, repeating value: T = .zero) {
        precondition(width >= 0 && height >= 0 && bandCount >= 1, "bad buffer size \(width)x\(height)x\(bandCount)")
        self.width = width
        self.height = height
        self.bandCount = bandCount
        values = Array(repeating: value, count: width * height * bandCount)
    }

    /// Makes a buffer from band-sequential values.
    /// - Parameters:
    ///   - width: columns.
    ///   - height: rows.
    ///   - bandCount: bands.
    ///   - values: exactly `width * height * bandCount` values, band-sequential.
    public init(width: Int, height: Int, bandCount: Int = 1, values: [T]) {
        precondition(values.count == width * height * bandCount,
                     "\(values.count) values do not fill a \(width)x\(height)x\(bandCount) buffer")
        self.width = width
        self.height = height
        self.bandCount = bandCount
        self.values = values
    }

    /// Values in one band.
    public var pixelsPerBand: Int { width * height }

    /// The value at a band (0-based position in this buffer, not the raster's band number),
    /// row and column.
    public subscript(_ band: Int, _ row: Int, _ column: Int) -> T {
        get { values[offset(band, row, column)] }
        set { values[offset(band, row, column)] = newValue }
    }

    /// The value at a row and column of the first band.
    public subscript(_ row: Int, _ column: Int) -> T {
        get { self[0, row, column] }
        set { self[0, row, column] = newValue }
    }

    /// The values of one band (0-based position in this buffer), row by row.
    public func band(_ band: Int) -> ArraySlice<T> {
        precondition(band >= 0 && band < bandCount, "band \(band) outside a \(bandCount)-band buffer")
        return values[band * pixelsPerBand ..< (band + 1) * pixelsPerBand]
    }

    private func offset(_ band: Int, _ row: Int, _ column: Int) -> Int {
        precondition(band >= 0 && band < bandCount && row >= 0 && row < height && column >= 0 && column < width,
                     "(\(band), \(row), \(column)) outside a \(width)x\(height)x\(bandCount) buffer")
        return (band * height + row) * width + column
    }
}
