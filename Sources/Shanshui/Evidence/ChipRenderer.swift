import Foundation
import GeoKit

/// Draws the chips of many cases over one epoch pair: the rasters, the CRS transformer and the
/// reference grid are opened once, so consecutive chips share GDAL's block cache, and each
/// epoch's window is read in one call per file (all four bands at once). Owns GDAL and PROJ
/// objects (its transformer has a PROJ context of its own): not `Sendable`, use it on one thread
/// at a time — one per thread, or handed from thread to thread by a `ChipRendererPool`.
public final class ChipRenderer {
    let before: ChipImagery
    let after: ChipImagery
    let reference: Raster
    let transform: GeoTransform
    let crs: CRS
    private let toLocal: Transformer
    private var beforeFiles: [Raster] = []
    private var afterFiles: [Raster] = []

    /// Opens the imagery of both epochs (other grids warped onto the before epoch's first file).
    /// - Throws: `GDALError` when a file cannot be opened, `DomainError` when the imagery has no georeferencing.
    public init(before: ChipImagery, after: ChipImagery) throws {
        self.before = before
        self.after = after
        reference = try Raster.open(before.paths[0])
        guard let transform = reference.geoTransform, let crs = reference.crs else {
            throw DomainError.invalidInput("'\(before.paths[0])' is not georeferenced; no chip can be cut")
        }
        self.transform = transform
        self.crs = crs
        toLocal = try Transformer(from: .wgs84, to: crs)
        beforeFiles = try open(before)
        afterFiles = try open(after)
    }

    /// Bytes of one row of tiles (blocks) across every file of both epochs, decoded: what GDAL's
    /// block cache holds per tile row that windows read.
    public var tileRowBytes: Int64 {
        (beforeFiles + afterFiles).reduce(0) { sum, r in
            guard let band = r.bands.first else { return sum }
            return sum + Int64(r.width) * Int64(max(1, band.blockHeight)) * Int64(r.bandCount) * Int64(band.dataType.byteSize)
        }
    }

    private func open(_ imagery: ChipImagery) throws -> [Raster] {
        try imagery.paths.map { path in
            let r = path == before.paths[0] ? reference : try Raster.open(path)
            return r.grid == reference.grid ? r : try r.warp(onto: reference.grid, resampling: .bilinear)
        }
    }

    /// One case's imagery cut out: the outline in the imagery's CRS, the window around it and
    /// both epochs' bands over it (by role: red, green, blue, nir).
    struct Cut {
        let local: Geometry
        let window: Window
        let before: [String: [Float]]
        let after: [String: [Float]]
        /// The window's width on the ground, metres.
        let groundWidth: Double
    }

    /// Cuts the window around `patch` (lon/lat) out of both epochs.
    func cut(_ patch: Geometry, name: String) throws -> Cut {
        let local = try toLocal.transform(patch)
        guard let box = local.envelope else { throw DomainError.invalidInput("the outline of \(name) is empty") }
        let window = try EvidenceChip.chipWindow(box, transform, reference)
        return Cut(local: local, window: window, before: try read(before, beforeFiles, window), after: try read(after, afterFiles, window),
                   groundWidth: try EvidenceChip.groundWidth(window, transform, crs))
    }

    /// Renders both chips of one case into `directory` as `NAME-true.png` and `NAME-false.png`
    /// (see `EvidenceChip`). - Returns: the two paths written.
    @discardableResult
    public func render(patch: Geometry, name: String, to directory: String, size: Int = 240) throws -> [String] {
        try EvidenceChip.write(try pngs(patch: patch, name: name, size: size), name: name, to: directory)
    }

    /// Both chips of an outline as PNG bytes, true colour then false colour (see `EvidenceChip`);
    /// `name` is for error messages.
    public func pngs(patch: Geometry, name: String, size: Int = 240) throws -> [[UInt8]] {
        let cut = try cut(patch, name: name)
        let window = cut.window, beforeBands = cut.before, afterBands = cut.after
        let metresPerPixel = cut.groundWidth / Double(size)
        let outline = EvidenceChip.outlinePixels(cut.local, transform, window, size: size)
        // One stretch per role, shared by both epochs, and each role's colours worked out once
        // per epoch: red and green show in both chips.
        var colours: [[String: [UInt8]]] = [[:], [:]]
        for role in ["red", "green", "blue", "nir"] {
            let stretch = Stretch(beforeBands[role]!, afterBands[role]!)
            colours[0][role] = EvidenceChip.colours(beforeBands[role]!, stretch)
            colours[1][role] = EvidenceChip.colours(afterBands[role]!, stretch)
        }
        return try [("true", ["red", "green", "blue"]), ("false", ["nir", "red", "green"])].map { suffix, keys in
            var sheet = Canvas(width: size * 2 + 8, height: size + 24, fill: .white)
            for (i, (imagery, label)) in [(before, EvidenceChip.beforeLabel), (after, EvidenceChip.afterLabel)].enumerated() {
                var chip = EvidenceChip.compose(keys.map { colours[i][$0]! }, window: window, size: size)
                for ring in outline {
                    for (a, b) in zip(ring, ring.dropFirst()) { chip.line(from: a, to: b, suffix == "true" ? .yellow : .white, thickness: 2) }
                }
                EvidenceChip.drawScaleBar(&chip, metresPerPixel: metresPerPixel)
                sheet.paste(chip, x: i * (size + 8), y: 24)
                let title = "\(label) \(imagery.date?.description ?? "")"
                let scale = Canvas.textWidth(title, scale: 2) <= size - 8 ? 2 : 1
                sheet.text(title, x: i * (size + 8) + 4, y: 6, .black, scale: scale)
            }
            return try sheet.pngBytes(compression: EvidenceChip.compression)
        }
    }

    /// The four roles over `window`, each file read once with every role it holds.
    private func read(_ imagery: ChipImagery, _ files: [Raster], _ window: Window) throws -> [String: [Float]] {
        let wanted = [("red", imagery.red), ("green", imagery.green), ("blue", imagery.blue), ("nir", imagery.nir)]
        var bands: [String: [Float]] = [:]
        var first = 1
        for raster in files {
            let count = raster.bandCount
            let here = wanted.filter { (first..<first + count).contains($0.1) }
            if !here.isEmpty {
                let buffer = try raster.read(bands: here.map { $0.1 - first + 1 }, window: window, as: Float.self)
                let n = buffer.pixelsPerBand
                for (k, (role, _)) in here.enumerated() { bands[role] = Array(buffer.values[k * n..<(k + 1) * n]) }
            }
            first += count
        }
        for (role, number) in wanted where bands[role] == nil {
            throw DomainError.invalidInput("band \(number) (\(role)) does not exist in \(imagery.paths.joined(separator: ","))")
        }
        return bands
    }
}
