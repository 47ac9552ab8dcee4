import GeoKit

/// One epoch opened for reading on one thread: its role bands as `Float` planes over any window
/// of the reference grid, warping on the fly where a file lies on another grid, plus which
/// pixels are invalid (nodata, or masked). Not `Sendable`: each worker opens its own.
final class EpochReader {
    private struct Group {
        let raster: Raster
        var bands: [Int]
        var planes: [Int]
        var noData: [Double?]
        /// The bands' type when they are read straight from the file (not warped) and all hold
        /// 8- or 16-bit integers, which `Float` represents exactly: such bands are read in their
        /// own type and converted here, in the same pass as the nodata test (GDAL's conversion
        /// and the separate passes cost more than a tenth of a 1-thread detection).
        var integerType: RasterDataType?
        /// The file's tiles, decoded by libtiff without GDAL, when the epoch is this one tiled
        /// GeoTIFF (see `readTiles`).
        var tiles: GeoTIFFTiles?
    }

    private var groups: [Group] = []
    /// Reused per block: the integer values of a group as read (as large as the largest window),
    /// and, for epochs read from several files, this epoch's nodata marks and which pixels have a
    /// non-zero band.
    private var bytes: [UInt8] = [], words: [UInt16] = [], signedWords: [Int16] = [], own: [UInt8] = [], nonZero: [UInt8] = []
    private let mask: Raster?
    private let bandCount: Int
    /// Pixels the given mask is widened by (`maskGrowthMetres` on this grid, at least two).
    private let maskGrowth: Int

    /// Opens the files of `plan` (and virtual warps onto `grid` where needed).
    init(_ plan: EpochPlan, grid: RasterGrid) throws {
        var opened: [String: Raster] = [:]
        func raster(_ source: BandSource, resampling: Resampling) throws -> Raster {
            let key = "\(source.file)|\(source.warp)"
            if let r = opened[key] { return r }
            var r = try Raster.open(source.file)
            if source.warp { r = try r.warp(onto: grid, resampling: resampling) }
            opened[key] = r
            return r
        }
        for (plane, source) in plan.bands.enumerated() {
            let r = try raster(source, resampling: .bilinear)
            let noData = source.warp ? (source.noData ?? 0) : source.noData
            let type = source.warp ? nil : r.bands[source.band - 1].dataType
            let integerType = type.flatMap { [RasterDataType.byte, .uint16, .int16].contains($0) ? $0 : nil }
            if let i = groups.firstIndex(where: { $0.raster === r }) {
                groups[i].bands.append(source.band)
                groups[i].planes.append(plane)
                groups[i].noData.append(noData)
                if groups[i].integerType != integerType { groups[i].integerType = nil }
            } else {
                groups.append(Group(raster: r, bands: [source.band], planes: [plane], noData: [noData], integerType: integerType))
            }
        }
        bandCount = plan.bands.count
        if groups.count == 1, groups[0].planes.count == bandCount, let type = groups[0].integerType {
            groups[0].tiles = GeoTIFFTiles(groups[0].raster, dataType: type)
        }
        mask = try plan.mask.map { try raster($0, resampling: .nearest) }
        let metresPerUnit = grid.crs?.isGeographic == true ? 111_000.0 : 1
        maskGrowth = max(2, Int((EpochReader.maskGrowthMetres / (abs(grid.geoTransform.pixelWidth) * metresPerUnit)).rounded()))
    }

    /// Reads the role bands over `window` into `planes` (band-sequential, role order) and marks
    /// invalid pixels in `invalid` (1 = nodata in any band, all bands zero, or masked). With
    /// `combine`, `invalid` already holds the other epoch's marks and this epoch's are added to them.
    func read(_ window: Window, planes: inout [Float], invalid: inout [UInt8], combine: Bool = false) throws {
        let n = window.pixelCount
        planes.resize(to: n * bandCount)
        invalid.resize(to: n)
        if groups.count == 1, let type = groups[0].integerType, groups[0].planes.count == bandCount {
            // One file holding every role band in 8 or 16 bits (the usual product): read in its own
            // type and converted strip by strip, every test in the same pass; from whole tiles when
            // the window is made of them.
            let group = groups[0]
            switch type {
            case .byte where readTiles(group, window: window, buffer: &bytes, planes: &planes, invalid: &invalid, combine: combine): break
            case .uint16 where readTiles(group, window: window, buffer: &words, planes: &planes, invalid: &invalid, combine: combine): break
            case .int16 where readTiles(group, window: window, buffer: &signedWords, planes: &planes, invalid: &invalid, combine: combine): break
            case .byte: try read(groups[0], window: window, buffer: &bytes, planes: &planes, invalid: &invalid, combine: combine)
            case .uint16: try read(groups[0], window: window, buffer: &words, planes: &planes, invalid: &invalid, combine: combine)
            default: try read(groups[0], window: window, buffer: &signedWords, planes: &planes, invalid: &invalid, combine: combine)
            }
        } else {
            own.resize(to: n)
            nonZero.resize(to: n)
            own.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            nonZero.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            for group in groups {
                switch group.integerType {
                case .byte?: try read(group, window: window, buffer: &bytes, planes: &planes)
                case .uint16?: try read(group, window: window, buffer: &words, planes: &planes)
                case .int16?: try read(group, window: window, buffer: &signedWords, planes: &planes)
                default: try readFloat(group, window: window, planes: &planes)
                }
            }
            // All bands zero is nodata too (the fill of Landsat and Sentinel-2 products): `nonZero`
            // marks the pixels with a band that is not, gathered plane by plane while converting.
            invalid.withUnsafeMutableBufferPointer { bad in
                own.withUnsafeBufferPointer { mine in
                    nonZero.withUnsafeBufferPointer { any in
                        for i in 0..<n { bad[i] = (combine ? bad[i] : 0) | mine[i] | (any[i] ^ 1) }
                    }
                }
            }
        }
        if let mask { try readMask(mask, window: window, into: &invalid) }
    }

    /// Pixels per strip of the one-pass conversion: its flags stay in the L1 cache.
    private static let strip = 2048
    /// Bytes of integer values read from GDAL at a time: rows enough to fill the L2 cache, so
    /// the conversion reads what GDAL has just written from there (a whole 512² block of four
    /// 16-bit bands, 2 MB, was read back from memory).
    private static let pieceBytes = 256 << 10

    /// Reads a group holding every role band in its own integer type, a few rows at a time into
    /// `buffer`, and converts them to `Float` planes strip by strip, marking in the same pass the
    /// pixels with a nodata value or all bands zero.
    private func read<T: RasterScalar & BinaryInteger>(_ group: Group, window: Window, buffer: inout [T], planes: inout [Float],
                                                       invalid: inout [UInt8], combine: Bool) throws {
        let n = window.pixelCount, strip = EpochReader.strip, bands = group.bands.count
        let rows = max(1, min(window.height, EpochReader.pieceBytes / (window.width * bands * MemoryLayout<T>.stride)))
        if buffer.count < rows * window.width * bands { buffer = [T](repeating: 0, count: rows * window.width * bands) }
        // Without a nodata value the test is against NaN, which no integer converts to.
        let noData = group.noData.map { $0.map { Float($0) } ?? .nan }
        for top in stride(from: 0, to: window.height, by: rows) {
            let piece = Window(column: window.column, row: window.row + top, width: window.width, height: min(rows, window.height - top))
            try buffer.withUnsafeMutableBufferPointer { try group.raster.read(bands: group.bands, window: piece, into: $0) }
            let m = piece.pixelCount, first = top * window.width
            buffer.withUnsafeBufferPointer { source in
                planes.withUnsafeMutableBufferPointer { target in
                    invalid.withUnsafeMutableBufferPointer { invalid in
                        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * strip) { flags in
                            let any = flags.baseAddress!, bad = any + strip
                            var start = 0
                            while start < m {
                                let length = min(strip, m - start)
                                EpochReader.convertMarking(source.baseAddress! + start, sourceStride: m, planes: group.planes, noData: noData,
                                                           into: target.baseAddress! + first + start, planeStride: n,
                                                           marks: invalid.baseAddress! + first + start, count: length, combine: combine,
                                                           nonZero: any, noDataFound: bad)
                                start += length
                            }
                        }
                    }
                }
            }
        }
    }

    /// Reads a group holding every role band in its own integer type from the file's tiles, one
    /// tile at a time into `buffer` (it stays in the L2 cache), converting each tile row to `Float`
    /// planes and marking nodata and all-zero pixels as `read(_:window:buffer:planes:invalid:combine:)`
    /// does, with the same values (libtiff decodes the tiles for GDAL too). GDAL's block cache
    /// de-interleaves every tile into a block per band and copies those out again.
    /// - Returns: false, having read nothing or part of the window, when the group has no tiles, the
    ///   window does not start and end on tile edges (its tiles would be decoded again by its
    ///   neighbours), or libtiff cannot decode a tile: GDAL reads the whole window then.
    private func readTiles<T: RasterScalar & BinaryInteger & SIMDScalar>(_ group: Group, window: Window, buffer: inout [T], planes: inout [Float],
                                                                        invalid: inout [UInt8], combine: Bool) -> Bool {
        guard let tiles = group.tiles else { return false }
        let tw = tiles.tileWidth, th = tiles.tileHeight, spp = tiles.samplesPerPixel
        let raster = group.raster
        guard window.column % tw == 0, window.row % th == 0, window.columnEnd % tw == 0 || window.columnEnd == raster.width,
              window.rowEnd % th == 0 || window.rowEnd == raster.height else { return false }
        if buffer.count < tiles.tileValueCount { buffer = [T](repeating: 0, count: tiles.tileValueCount) }
        let n = window.pixelCount, offsets = group.bands.map { $0 - 1 }, bands = offsets.count
        let fourInOrder = spp == 4 && offsets == [0, 1, 2, 3]
        let noData = group.noData.map { $0.map { Float($0) } ?? .nan }
        return buffer.withUnsafeMutableBufferPointer { tile in
            planes.withUnsafeMutableBufferPointer { target in
                invalid.withUnsafeMutableBufferPointer { invalid in
                    withUnsafeTemporaryAllocation(of: T.self, capacity: bands * tw) { rows in
                        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * tw) { flags in
                            let rows = rows.baseAddress!, any = flags.baseAddress!, bad = any + tw
                            for top in stride(from: window.row, to: window.rowEnd, by: th) {
                                for left in stride(from: window.column, to: window.columnEnd, by: tw) {
                                    guard tiles.read(column: left, row: top, into: tile) else { return false }
                                    let length = min(tw, window.columnEnd - left)
                                    for r in 0..<min(th, window.rowEnd - top) {
                                        let first = (top - window.row + r) * window.width + left - window.column
                                        EpochReader.deinterleave(UnsafePointer(tile.baseAddress!) + r * tw * spp, samples: spp, offsets: offsets,
                                                                 fourInOrder: fourInOrder, count: length, into: rows, stride: tw)
                                        EpochReader.convertMarking(UnsafePointer(rows), sourceStride: tw, planes: group.planes, noData: noData,
                                                                   into: target.baseAddress! + first, planeStride: n,
                                                                   marks: invalid.baseAddress! + first, count: length, combine: combine,
                                                                   nonZero: any, noDataFound: bad)
                                    }
                                }
                            }
                            return true
                        }
                    }
                }
            }
        }
    }

    /// Copies values `offsets` of `count` pixels of `samples` interleaved values each into rows
    /// `stride` apart in `rows`, one row per offset: four bands in order (`fourInOrder`, the usual
    /// product) eight pixels at a time with vector shuffles, anything else value by value.
    @inline(__always)
    private static func deinterleave<T: SIMDScalar & BinaryInteger>(_ source: UnsafePointer<T>, samples: Int, offsets: [Int], fourInOrder: Bool,
                                                                     count: Int, into rows: UnsafeMutablePointer<T>, stride: Int) {
        var j = 0
        if fourInOrder {
            while j + 8 <= count {
                let v = UnsafeRawPointer(source + j * 4).loadUnaligned(as: SIMD32<T>.self)
                let even = v.evenHalf, odd = v.oddHalf
                UnsafeMutableRawPointer(rows + j).storeBytes(of: even.evenHalf, as: SIMD8<T>.self)
                UnsafeMutableRawPointer(rows + stride + j).storeBytes(of: odd.evenHalf, as: SIMD8<T>.self)
                UnsafeMutableRawPointer(rows + 2 * stride + j).storeBytes(of: even.oddHalf, as: SIMD8<T>.self)
                UnsafeMutableRawPointer(rows + 3 * stride + j).storeBytes(of: odd.oddHalf, as: SIMD8<T>.self)
                j += 8
            }
        }
        for (k, offset) in offsets.enumerated() {
            for i in j..<count { rows[k * stride + i] = source[i * samples + offset] }
        }
    }

    /// Reads a group of integer bands in their own type and converts them to `Float` planes,
    /// marking nodata pixels in `own` and pixels with a non-zero band in `nonZero` (for epochs
    /// whose role bands come from several files).
    private func read<T: RasterScalar & BinaryInteger>(_ group: Group, window: Window, buffer: inout [T], planes: inout [Float]) throws {
        let n = window.pixelCount
        if buffer.count < n * group.bands.count { buffer = [T](repeating: 0, count: n * group.bands.count) }
        try buffer.withUnsafeMutableBufferPointer { try group.raster.read(bands: group.bands, window: window, into: $0) }
        buffer.withUnsafeBufferPointer { source in
            planes.withUnsafeMutableBufferPointer { target in
                own.withUnsafeMutableBufferPointer { bad in
                    nonZero.withUnsafeMutableBufferPointer { any in
                        for (k, plane) in group.planes.enumerated() {
                            // Without a nodata value the test is against NaN, which no integer converts to.
                            EpochReader.convert(source.baseAddress! + k * n, into: target.baseAddress! + plane * n, count: n,
                                                noData: group.noData[k].map { Float($0) } ?? .nan,
                                                nonZero: any.baseAddress!, noDataFound: bad.baseAddress!)
                        }
                    }
                }
            }
        }
    }

    /// Converts `count` pixels of a group's bands (band k's values at `source + k × sourceStride`)
    /// into their `planes` (plane p at `target + p × planeStride`) and marks in `marks` the pixels
    /// that are nodata in a band or zero in every band (the fill of Landsat and Sentinel-2
    /// products), or-ed into the marks there when `combine`. `nonZero` and `noDataFound` are
    /// scratch flags for `count` pixels.
    @inline(__always)
    private static func convertMarking<T: BinaryInteger>(_ source: UnsafePointer<T>, sourceStride: Int, planes: [Int], noData: [Float],
                                                         into target: UnsafeMutablePointer<Float>, planeStride: Int,
                                                         marks: UnsafeMutablePointer<UInt8>, count: Int, combine: Bool,
                                                         nonZero any: UnsafeMutablePointer<UInt8>, noDataFound bad: UnsafeMutablePointer<UInt8>) {
        any.update(repeating: 0, count: count)
        bad.update(repeating: 0, count: count)
        for (k, plane) in planes.enumerated() {
            convert(source + k * sourceStride, into: target + plane * planeStride, count: count, noData: noData[k], nonZero: any, noDataFound: bad)
        }
        if combine {
            for i in 0..<count { marks[i] |= bad[i] | (any[i] ^ 1) }
        } else {
            for i in 0..<count { marks[i] = bad[i] | (any[i] ^ 1) }
        }
    }

    /// Converts `count` integers to `Float`, adding to `nonZero` the values that are not zero and
    /// to `noDataFound` those equal to `noData` (1 where so): the plane is not read back.
    @inline(__always)
    private static func convert<T: BinaryInteger>(_ from: UnsafePointer<T>, into to: UnsafeMutablePointer<Float>, count: Int, noData: Float,
                                                  nonZero any: UnsafeMutablePointer<UInt8>, noDataFound bad: UnsafeMutablePointer<UInt8>) {
        for i in 0..<count {
            let value = Float(from[i])
            to[i] = value
            any[i] |= value != 0 ? 1 : 0
            bad[i] |= value == noData ? 1 : 0
        }
    }

    /// Reads a group of bands as `Float` (GDAL converts, and warps where needed), marking nodata
    /// and NaN pixels.
    private func readFloat(_ group: Group, window: Window, planes: inout [Float]) throws {
        let n = window.pixelCount
        let buffer = try group.raster.read(bands: group.bands, window: window, as: Float.self)
        if groups.count == 1, group.planes == Array(0..<bandCount) {
            planes = buffer.values   // one multiband file in role order: no copy
        } else {
            planes.withUnsafeMutableBufferPointer { target in
                buffer.values.withUnsafeBufferPointer { source in
                    for (k, plane) in group.planes.enumerated() {
                        (target.baseAddress! + plane * n).update(from: source.baseAddress! + k * n, count: n)
                    }
                }
            }
        }
        for (k, plane) in group.planes.enumerated() {
            planes.withUnsafeBufferPointer { p in
                nonZero.withUnsafeMutableBufferPointer { any in
                    let values = p.baseAddress! + plane * n
                    for i in 0..<n { any[i] |= values[i] != 0 ? 1 : 0 }
                }
            }
            guard let noData = group.noData[k].map({ Float($0) }) else { continue }
            planes.withUnsafeBufferPointer { p in
                own.withUnsafeMutableBufferPointer { bad in
                    let base = plane * n
                    for i in 0..<n where p[base + i] == noData || p[base + i].isNaN { bad[i] = 1 }
                }
            }
        }
    }

    /// Metres a given cloud mask is widened by: masks drawn on the opaque cloud miss its hazy
    /// edge and the shadow's penumbra (some 100 m wide), which otherwise read as change.
    static let maskGrowthMetres = 100.0

    /// Marks the masked pixels of `window`, the mask widened by `maskGrowth` pixels. The mask is
    /// read with a margin, so the widening is the same whatever the blocks.
    private func readMask(_ mask: Raster, window: Window, into invalid: inout [UInt8]) throws {
        let g = maskGrowth
        let c0 = max(0, window.column - g), r0 = max(0, window.row - g)
        let c1 = min(mask.width, window.columnEnd + g), r1 = min(mask.height, window.rowEnd + g)
        let wide = Window(column: c0, row: r0, width: c1 - c0, height: r1 - r0)
        let m = try mask.read(band: 1, window: wide, as: UInt8.self).values
        // Separable dilation: along rows, then along columns, of the wide window.
        var rows = [UInt8](repeating: 0, count: wide.pixelCount)
        for r in 0..<wide.height {
            var last = -g - 1
            for c in 0..<wide.width where m[r * wide.width + c] != 0 {
                // Pixels up to last + g are set already.
                for k in stride(from: max(last + g + 1, c - g), through: min(wide.width - 1, c + g), by: 1) { rows[r * wide.width + k] = 1 }
                last = c
            }
        }
        for row in 0..<window.height {
            let wr = row + window.row - r0
            for column in 0..<window.width {
                let wc = column + window.column - c0
                for k in max(0, wr - g)...min(wide.height - 1, wr + g) where rows[k * wide.width + wc] != 0 {
                    invalid[row * window.width + column] = 1
                    break
                }
            }
        }
    }
}
