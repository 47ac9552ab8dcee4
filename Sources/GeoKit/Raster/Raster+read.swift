import CGDAL

extension Raster {
    /// Reads bands over a window, converted to `T` by GDAL (`GDALDatasetRasterIOEx`).
    /// - Parameters:
    ///   - bands: 1-based band numbers, in the order wanted in the buffer.
    ///   - window: the pixels to read; the whole raster when nil.
    ///   - type: the Swift type to read into (`UInt16.self`, `Float.self`...).
    /// - Returns: a band-sequential buffer of `window.width` x `window.height` per band.
    /// - Throws: `GDALError` for a missing band, a window outside the raster, or a read failure.
    public func read<T: RasterScalar>(bands: [Int], window: Window? = nil, as type: T.Type = T.self) throws -> RasterBuffer<T> {
        let window = window ?? Window.full(width: width, height: height)
        try check(bands: bands, window: window)
        // GDAL fills every value, so the array is not zeroed first (in unspecialised generic code
        // a zero fill costs as much as the read).
        let count = window.pixelCount * bands.count
        let values = try [T](unsafeUninitializedCapacity: count) { storage, initialized in
            try rasterIO(GF_Read, bands: bands, window: window, buffer: UnsafeMutableRawPointer(storage.baseAddress), type: T.self)
            initialized = count
        }
        return RasterBuffer(width: window.width, height: window.height, bandCount: bands.count, values: values)
    }

    /// Reads bands over a window into `values`, reusing its storage (resized when the window's
    /// size differs), converted to `T` by GDAL and laid out as `read(bands:window:as:)` does: for
    /// loops reading block after block, which then allocate nothing per block.
    /// - Parameters:
    ///   - bands: 1-based band numbers, in the order wanted in the buffer.
    ///   - window: the pixels to read.
    ///   - values: the buffer, band-sequential, `window.pixelCount * bands.count` values afterwards.
    /// - Throws: `GDALError` for a missing band, a window outside the raster, or a read failure.
    public func read<T: RasterScalar>(bands: [Int], window: Window, into values: inout [T]) throws {
        try check(bands: bands, window: window)
        let count = window.pixelCount * bands.count
        // GDAL fills every value, so a new buffer is not zeroed (unspecialised, that costs a pass).
        if values.count != count { values = [T](unsafeUninitializedCapacity: count) { _, initialized in initialized = count } }
        try values.withUnsafeMutableBytes { storage in
            try rasterIO(GF_Read, bands: bands, window: window, buffer: storage.baseAddress, type: T.self)
        }
    }

    /// Reads bands over a window into the start of memory the caller owns, converted to `T` by
    /// GDAL and laid out as `read(bands:window:as:)` does: for a reader that keeps one buffer as
    /// large as its largest window (a smaller edge window then neither allocates nor faults in
    /// fresh pages).
    /// - Parameters:
    ///   - bands: 1-based band numbers, in the order wanted in the buffer.
    ///   - window: the pixels to read.
    ///   - buffer: room for at least `window.pixelCount * bands.count` values; the rest is left as it was.
    /// - Throws: `GDALError` for a missing band, a window outside the raster, or a read failure.
    public func read<T: RasterScalar>(bands: [Int], window: Window, into buffer: UnsafeMutableBufferPointer<T>) throws {
        try check(bands: bands, window: window)
        precondition(buffer.count >= window.pixelCount * bands.count, "a buffer of \(buffer.count) values cannot hold \(window) of \(bands.count) band(s)")
        try rasterIO(GF_Read, bands: bands, window: window, buffer: UnsafeMutableRawPointer(buffer.baseAddress), type: T.self)
    }

    /// Reads one band over a window: `try src.read(band: 1, window: w, as: Float.self)`.
    /// - Parameters:
    ///   - band: 1-based band number.
    ///   - window: the pixels to read; the whole raster when nil.
    ///   - type: the Swift type to read into.
    /// - Returns: a one-band buffer.
    /// - Throws: `GDALError` for a missing band, a window outside the raster, or a read failure.
    public func read<T: RasterScalar>(band: Int = 1, window: Window? = nil, as type: T.Type = T.self) throws -> RasterBuffer<T> {
        try read(bands: [band], window: window, as: type)
    }

    /// The band's natural blocks (tiles or strips) as windows, row by row, those on the right
    /// and bottom edges clipped to the raster: rasterio's `block_windows()`. Reading block by
    /// block keeps memory bounded and matches how the file is stored.
    /// - Parameter band: 1-based band whose block layout to follow.
    /// - Returns: windows covering every pixel exactly once; empty when the band does not exist.
    public func blockWindows(band: Int = 1) -> [Window] {
        guard let h = try? bandHandle(band) else { return [] }
        var blockWidth: Int32 = 0, blockHeight: Int32 = 0
        GDALGetBlockSize(h, &blockWidth, &blockHeight)
        let bw = max(1, Int(blockWidth)), bh = max(1, Int(blockHeight))
        let width = self.width, height = self.height
        var windows: [Window] = []
        windows.reserveCapacity(((width + bw - 1) / bw) * ((height + bh - 1) / bh))
        for row in stride(from: 0, to: height, by: bh) {
            for column in stride(from: 0, to: width, by: bw) {
                windows.append(Window(column: column, row: row,
                                      width: min(bw, width - column), height: min(bh, height - row)))
            }
        }
        return windows
    }

    /// Throws unless every band exists and the window lies inside the raster.
    func check(bands: [Int], window: Window) throws {
        guard !bands.isEmpty else { throw GDALError(message: "no band given for '\(displayName)'") }
        for band in bands { _ = try bandHandle(band) }
        guard !window.isEmpty, Window.full(width: width, height: height).contains(window) else {
            throw GDALError(message: "\(window) is outside '\(displayName)', which is \(width)x\(height) pixels")
        }
    }

    /// One `GDALDatasetRasterIOEx` call with a band-sequential buffer of `T`.
    func rasterIO<T: RasterScalar>(_ direction: GDALRWFlag, bands: [Int], window: Window,
                                   buffer: UnsafeMutableRawPointer?, type: T.Type) throws {
        var bandMap = bands.map { Int32($0) }
        let pixelSpace = Int64(MemoryLayout<T>.stride)
        let lineSpace = pixelSpace * Int64(window.width)
        let bandSpace = lineSpace * Int64(window.height)
        CPLErrorReset()
        let status = GDALDatasetRasterIOEx(
            handle, direction, Int32(window.column), Int32(window.row), Int32(window.width), Int32(window.height),
            buffer, Int32(window.width), Int32(window.height), T.rasterDataType.gdal,
            Int32(bands.count), &bandMap, pixelSpace, lineSpace, bandSpace, nil)
        guard status == CE_None else {
            let verb = direction == GF_Read ? "read" : "write"
            throw GDALError.last("cannot \(verb) \(window) of band(s) \(bands) of '\(displayName)'")
        }
    }
}
