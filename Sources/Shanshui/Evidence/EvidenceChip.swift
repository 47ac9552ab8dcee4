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
/// and the dates, so an officer sees at a glance what changed where.
public enum EvidenceChip {
    /// Renders both chips into `directory` as `NAME-true.png` and `NAME-false.png`.
    /// - Parameters:
    ///   - patch: the damage outline in lon/lat.
    ///   - size: chip side in pixels for each epoch.
    /// - Returns: the two paths written.
    /// - Throws: `GDALError` when the imagery cannot be read there, `DomainError` when the patch is outside it.
    @discardableResult
    public static func render(before: ChipImagery, after: ChipImagery, patch: Geometry, name: String,
                              to directory: String, size: Int = 240) throws -> [String] {
        let reference = try Raster.open(before.paths[0])
        guard let transform = reference.geoTransform, let crs = reference.crs else {
            throw DomainError.invalidInput("'\(before.paths[0])' is not georeferenced; no chip can be cut")
        }
        let local = try Transformer(from: .wgs84, to: crs).transform(patch)
        guard let box = local.envelope else { throw DomainError.invalidInput("the patch of \(name) is empty") }
        let window = try chipWindow(box, transform, reference)
        let beforeBands = try read(before, window: window, grid: reference.grid)
        let afterBands = try read(after, window: window, grid: reference.grid)
        let metresPerPixel = try groundWidth(window, transform, crs) / Double(size)
        let outline = outlinePixels(local, transform, window, size: size)
        var written: [String] = []
        for (suffix, keys) in [("true", ["red", "green", "blue"]), ("false", ["nir", "red", "green"])] {
            let stretch = keys.map { Stretch(beforeBands[$0]! + afterBands[$0]!) }
            var sheet = Canvas(width: size * 2 + 8, height: size + 24, fill: .white)
            for (i, (bands, imagery, label)) in [(beforeBands, before, "BEFORE"), (afterBands, after, "AFTER")].enumerated() {
                var chip = compose(keys.map { bands[$0]! }, stretch, window: window, size: size)
                for ring in outline {
                    for (a, b) in zip(ring, ring.dropFirst()) { chip.line(from: a, to: b, suffix == "true" ? .yellow : .white, thickness: 2) }
                }
                drawScaleBar(&chip, metresPerPixel: metresPerPixel)
                sheet.paste(chip, x: i * (size + 8), y: 24)
                let title = "\(label) \(imagery.date?.description ?? "")"
                let scale = Canvas.textWidth(title, scale: 2) <= size - 8 ? 2 : 1
                sheet.text(title, x: i * (size + 8) + 4, y: 6, .black, scale: scale)
            }
            let path = URL(fileURLWithPath: directory).appendingPathComponent("\(name)-\(suffix).png").path
            try sheet.writePNG(to: path)
            written.append(path)
        }
        return written
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

    /// Reads the four roles over `window` of the reference grid, warping other grids onto it.
    static func read(_ imagery: ChipImagery, window: Window, grid: RasterGrid) throws -> [String: [Float]] {
        var bands: [String: [Float]] = [:]
        let wanted = ["red": imagery.red, "green": imagery.green, "blue": imagery.blue, "nir": imagery.nir]
        var rasters: [(Raster, Int)] = []
        for path in imagery.paths {
            let r = try Raster.open(path)
            let onGrid = r.grid == grid ? r : try r.warp(onto: grid, resampling: .bilinear)
            rasters.append((onGrid, r.bandCount))
        }
        for (role, number) in wanted {
            var remaining = number
            for (raster, count) in rasters {
                if remaining <= count {
                    bands[role] = try raster.read(band: remaining, window: window, as: Float.self).values
                    break
                }
                remaining -= count
            }
            guard bands[role] != nil else { throw DomainError.invalidInput("band \(number) (\(role)) does not exist in \(imagery.paths.joined(separator: ","))") }
        }
        return bands
    }

    static func compose(_ bands: [[Float]], _ stretch: [Stretch], window: Window, size: Int) -> Canvas {
        var chip = Canvas(width: size, height: size, fill: .black)
        for y in 0..<size {
            let row = min(window.height - 1, y * window.height / size)
            for x in 0..<size {
                let i = row * window.width + min(window.width - 1, x * window.width / size)
                chip.set(x: x, y: y, RGB(stretch[0].byte(bands[0][i]), stretch[1].byte(bands[1][i]), stretch[2].byte(bands[2][i])))
            }
        }
        return chip
    }

    static func groundWidth(_ w: Window, _ t: GeoTransform, _ crs: CRS) throws -> Double {
        let a = t.pixelToGeo(column: Double(w.column), row: Double(w.row + w.height / 2))
        let b = t.pixelToGeo(column: Double(w.column + w.width), row: Double(w.row + w.height / 2))
        guard crs.isGeographic else { return hypot(b.x - a.x, b.y - a.y) }
        return Geometry.geodesicDistance(a, b)
    }

    private static func drawScaleBar(_ chip: inout Canvas, metresPerPixel: Double) {
        let target = Double(chip.width) / 4 * metresPerPixel
        let nice = [10.0, 20, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 50000]
        let length = nice.last { $0 <= target } ?? nice[0]
        let pixels = Int(length / metresPerPixel)
        let y = chip.height - 12
        chip.fillRect(x: 6, y: y - 2, width: pixels + 4, height: 8, .black)
        chip.fillRect(x: 8, y: y, width: pixels, height: 4, .white)
        let label = length >= 1000 ? "\(Int(length / 1000)) KM" : "\(Int(length)) M"
        chip.text(label, x: 10 + pixels + 4, y: y - 4, .white, scale: 1, backdrop: .black)
    }
}

/// A 2–98 % linear stretch to bytes, shared by both epochs so their colours compare.
struct Stretch {
    let low: Float
    let high: Float

    init(_ values: [Float]) {
        let finite = values.filter(\.isFinite).sorted()
        guard !finite.isEmpty else {
            low = 0
            high = 1
            return
        }
        low = finite[finite.count * 2 / 100]
        high = max(low + 1e-6, finite[min(finite.count - 1, finite.count * 98 / 100)])
    }

    func byte(_ v: Float) -> UInt8 {
        guard v.isFinite else { return 0 }
        return UInt8(max(0, min(255, (v - low) / (high - low) * 255)))
    }
}
