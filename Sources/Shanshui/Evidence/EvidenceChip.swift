import Foundation
import GeoKit

/// One epoch's imagery as a chip needs it: the raster files (one multiband file, or one file per
/// band in band order), which band is red, green, blue and near-infrared, and the date.
public struct ChipImagery: Sendable {
    public var paths: [String]
    public var red: Int
    public var green: Int
    public var blue: Int
    public var nir: Int
    public var date: Day?

    /// Band numbers are 1-based across the files taken in order.
    public init(paths: [String], red: Int, green: Int, blue: Int, nir: Int, date: Day?) {
        self.paths = paths
        self.red = red
        self.green = green
        self.blue = blue
        self.nir = nir
        self.date = date
    }
}

/// Before/after evidence chips for a case: a true-colour and a false-colour (NIR-red-green) PNG,
/// each showing both epochs side by side around the patch, its outline drawn, with a scale bar
/// and the dates labelled in Chinese (`之前 2025-09-30`, `之后 2026-03-31`, `500 米`), so an
/// officer sees at a glance what changed where.
///
/// A chip pair is complete when both files exist: each is written atomically (temporary file,
/// then rename), and a scan resumed after a kill draws again any case missing either file.
public enum EvidenceChip {
    /// How chips are compressed: run-length coding alone (`PNG.encode` level 0, our own coder).
    /// Filtered chip rows are mostly runs of zeros where the window is enlarged, and a search
    /// for longer matches finds little else in imagery: on the bench pair's chips it takes half
    /// the CPU of GDAL's libdeflate at its fastest level (0.7 against 1.5 ms a PNG), for files
    /// about 6 % larger. A scan draws a chip pair for every new case.
    public static let compression = 0
    /// The titles over each epoch's half, followed by its date: Chinese, the officers' language.
    static let beforeLabel = "之前", afterLabel = "之后"

    /// The chip files of a case, in the order `render` writes them.
    public static func files(_ name: String) -> [String] { ["\(name)-true.png", "\(name)-false.png"] }

    /// Writes a case's chips (PNG bytes in `files` order) into `directory`, each atomically.
    /// - Returns: the paths written.
    @discardableResult
    static func write(_ pngs: [[UInt8]], name: String, to directory: String) throws -> [String] {
        try zip(files(name), pngs).map { file, bytes in
            let path = URL(fileURLWithPath: directory).appendingPathComponent(file).path
            try PNG.write(bytes, to: path)
            return path
        }
    }

    /// True when every chip of `name` is in `directory`.
    public static func isComplete(_ name: String, in directory: String) -> Bool {
        files(name).allSatisfy { FileManager.default.fileExists(atPath: URL(fileURLWithPath: directory).appendingPathComponent($0).path) }
    }

    /// Removes what an interrupted write left in `directory`: hidden temporary files (`.NAME…`).
    public static func removeTemporaries(in directory: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names where name.hasPrefix(".") {
            try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: directory).appendingPathComponent(name).path)
        }
    }

    /// Renders both chips into `directory` as `NAME-true.png` and `NAME-false.png`.
    /// For many cases make one `ChipRenderer` per thread instead: it keeps the imagery open.
    /// - Parameters:
    ///   - patch: the damage outline in lon/lat.
    ///   - size: chip side in pixels for each epoch.
    /// - Returns: the two paths written.
    /// - Throws: `GDALError` when the imagery cannot be read there, `DomainError` when the patch is outside it.
    @discardableResult
    public static func render(before: ChipImagery, after: ChipImagery, patch: Geometry, name: String,
                              to directory: String, size: Int = 240) throws -> [String] {
        try ChipRenderer(before: before, after: after).render(patch: patch, name: name, to: directory, size: size)
    }

    /// The outline's rings in the pixels of a `size`-pixel chip of `window`.
    static func outlinePixels(_ local: Geometry, _ transform: GeoTransform, _ window: Window, size: Int) -> [[(x: Double, y: Double)]] {
        local.polygons.flatMap(\.rings).map { ring in
            ring.map { c -> (x: Double, y: Double) in
                let p = transform.geoToPixel(c)
                return ((p.column - Double(window.column)) * Double(size) / Double(window.width),
                        (p.row - Double(window.row)) * Double(size) / Double(window.height))
            }
        }
    }

    /// The patch box widened to show surroundings (at least 24 pixels each side), squared, clamped.
    static func chipWindow(_ box: Envelope, _ t: GeoTransform, _ raster: Raster) throws -> Window {
        let a = t.geoToPixel(Coordinate(box.minX, box.maxY)), b = t.geoToPixel(Coordinate(box.maxX, box.minY))
        let minC = min(a.column, b.column), maxC = max(a.column, b.column)
        let minR = min(a.row, b.row), maxR = max(a.row, b.row)
        let side = max(maxC - minC, maxR - minR) * 2 + 48
        let cx = (minC + maxC) / 2, cy = (minR + maxR) / 2
        let col = max(0, Int(cx - side / 2)), row = max(0, Int(cy - side / 2))
        let window = Window(column: col, row: row, width: min(raster.width - col, Int(side.rounded(.up))),
                            height: min(raster.height - row, Int(side.rounded(.up))))
        guard window.width > 0, window.height > 0, maxC >= 0, maxR >= 0, minC <= Double(raster.width), minR <= Double(raster.height) else {
            throw DomainError.invalidInput("the patch lies outside the imagery '\(raster.path)'")
        }
        return window
    }

    /// The window's bands stretched to colours and enlarged (or reduced) to `size`² by nearest
    /// neighbour (see the byte-plane `compose`).
    static func compose(_ bands: [[Float]], _ stretch: [Stretch], window: Window, size: Int) -> Canvas {
        compose(zip(bands, stretch).map { colours($0, $1) }, window: window, size: size)
    }

    /// A band's values through its stretch: one byte per window pixel, worked out once however
    /// many chips show the band.
    static func colours(_ band: [Float], _ stretch: Stretch) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: band.count) { out, count in
            band.withUnsafeBufferPointer { v in
                for i in 0..<v.count { out[i] = stretch.byte(v[i]) }
            }
            count = band.count
        }
    }

    /// Three byte planes of the window (red, green, blue) interleaved and enlarged (or reduced)
    /// to `size`² by nearest neighbour; a chip row that shows the same window row as the one
    /// above is copied.
    static func compose(_ planes: [[UInt8]], window: Window, size: Int) -> Canvas {
        let columns = (0..<size).map { min(window.width - 1, $0 * window.width / size) }
        var pixels = [UInt8](repeating: 0, count: size * size * 3)
        pixels.withUnsafeMutableBufferPointer { out in
            planes[0].withUnsafeBufferPointer { r in
                planes[1].withUnsafeBufferPointer { g in
                    planes[2].withUnsafeBufferPointer { b in
                        var previous = -1
                        for y in 0..<size {
                            let source = min(window.height - 1, y * window.height / size), target = y * size * 3
                            if source == previous {
                                (out.baseAddress! + target).update(from: out.baseAddress! + target - size * 3, count: size * 3)
                                continue
                            }
                            previous = source
                            let row = source * window.width
                            for x in 0..<size {
                                let i = row + columns[x], o = target + x * 3
                                out[o] = r[i]
                                out[o + 1] = g[i]
                                out[o + 2] = b[i]
                            }
                        }
                    }
                }
            }
        }
        return Canvas(width: size, height: size, pixels: pixels)
    }

    static func groundWidth(_ w: Window, _ t: GeoTransform, _ crs: CRS) throws -> Double {
        let a = t.pixelToGeo(column: Double(w.column), row: Double(w.row + w.height / 2))
        let b = t.pixelToGeo(column: Double(w.column + w.width), row: Double(w.row + w.height / 2))
        guard crs.isGeographic else { return hypot(b.x - a.x, b.y - a.y) }
        return Geometry.geodesicDistance(a, b)
    }

    /// Draws the scale bar (`ScaleBar`) in the chip's bottom-left corner, labelled in Chinese.
    static func drawScaleBar(_ chip: inout Canvas, metresPerPixel: Double) {
        let bar = ScaleBar(metresPerPixel: metresPerPixel, width: chip.width)
        let y = chip.height - 12
        chip.fillRect(x: 6, y: y - 2, width: bar.pixels + 4, height: 8, .black)
        chip.fillRect(x: 8, y: y, width: bar.pixels, height: 4, .white)
        chip.text(bar.label, x: 10 + bar.pixels + 4, y: y - 5, .white, pixelSize: 11, backdrop: .black)
    }
}

/// A 2–98 % linear stretch to bytes, shared by both epochs so their colours compare. The
/// percentiles come from a 4,096-bin histogram between the extremes (no sort): within 1/4,096
/// of the range of the sorted values' percentiles, which no eye tells apart on a chip.
struct Stretch {
    let low: Float
    let high: Float

    static let bins = 4096

    init(_ parts: [Float]...) {
        // Swift's min and max keep the other operand when one is NaN, so the extremes need no
        // test per value; infinities (never in imagery read here) take the slower loop.
        // Four running extremes each, so one comparison need not wait for the one before.
        var lows = SIMD4<Float>(repeating: .infinity), highs = SIMD4<Float>(repeating: -.infinity)
        for part in parts {
            part.withUnsafeBufferPointer { values in
                var i = 0
                while i + 4 <= values.count {
                    for k in 0..<4 {
                        lows[k] = min(lows[k], values[i + k])
                        highs[k] = max(highs[k], values[i + k])
                    }
                    i += 4
                }
                while i < values.count {
                    lows[0] = min(lows[0], values[i])
                    highs[0] = max(highs[0], values[i])
                    i += 1
                }
            }
        }
        var lo = min(min(lows[0], lows[1]), min(lows[2], lows[3])), hi = max(max(highs[0], highs[1]), max(highs[2], highs[3]))
        if !lo.isFinite || !hi.isFinite {
            lo = .infinity
            hi = -.infinity
            for part in parts {
                part.withUnsafeBufferPointer { values in
                    for v in values where v.isFinite {
                        lo = min(lo, v)
                        hi = max(hi, v)
                    }
                }
            }
        }
        guard lo <= hi else {  // no finite value
            low = 0
            high = 1
            return
        }
        guard hi > lo else {
            low = lo
            high = lo + 1e-6
            return
        }
        let scale = Float(Self.bins) / (hi - lo)
        // Four histograms taken in turn, added up after: neighbouring pixels often fall in one
        // bin, and a count need not wait for the one its neighbour stored.
        var counts = [Int](repeating: 0, count: 4 * Self.bins)
        counts.withUnsafeMutableBufferPointer { h in
            for part in parts {
                part.withUnsafeBufferPointer { values in
                    var i = 0
                    while i + 4 <= values.count {
                        for k in 0..<4 where values[i + k].isFinite {
                            h[k * Self.bins + min(Self.bins - 1, Int((values[i + k] - lo) * scale))] &+= 1
                        }
                        i += 4
                    }
                    for v in values[i...] where v.isFinite { h[min(Self.bins - 1, Int((v - lo) * scale))] &+= 1 }
                }
            }
        }
        let histogram = (0..<Self.bins).map { counts[$0] &+ counts[Self.bins + $0] &+ counts[2 * Self.bins + $0] &+ counts[3 * Self.bins + $0] }
        let count = histogram.reduce(0, +)
        /// The bin holding the value of this rank in sorted order.
        func bin(_ rank: Int) -> Int {
            var seen = 0
            for (i, n) in histogram.enumerated() {
                seen += n
                if seen > rank { return i }
            }
            return Self.bins - 1
        }
        low = lo + Float(bin(count * 2 / 100)) / scale
        high = max(low + 1e-6, min(hi, lo + Float(bin(min(count - 1, count * 98 / 100)) + 1) / scale))
    }

    @inline(__always)
    func byte(_ v: Float) -> UInt8 {
        guard v.isFinite else { return 0 }
        return UInt8(max(0, min(255, (v - low) * (255 / (high - low)))))
    }
}
