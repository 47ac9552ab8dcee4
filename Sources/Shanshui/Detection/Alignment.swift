import Foundation
import GeoKit

/// Where each band of an epoch comes from once aligned: a band of a file, read directly when the
/// file is on the reference grid, through a virtual warp onto it otherwise.
struct BandSource: Hashable, Sendable {
    var file: String
    var band: Int
    var warp: Bool
    var noData: Double?
}

/// One epoch, resolved: its role bands and mask on the reference grid.
struct EpochPlan: Hashable, Sendable {
    var source: EpochSource
    var bands: [BandSource]
    var mask: BandSource?
    var names: [String]
}

/// The common grid of the two epochs: BEFORE's finest role band defines it, AFTER (and any
/// coarser band, and masks on other grids) is warped onto it, and only the pixels both epochs
/// (and the requested region) cover are processed.
public struct Alignment: Sendable {
    /// The reference grid: every output raster is on it.
    public let grid: RasterGrid
    /// The processed pixels of `grid`: the overlap of the epochs, clipped to the region.
    public let window: Window
    /// The pixels of `grid` both epochs cover, whatever the region: the scene model is fitted
    /// here, so every region of one epoch pair gets the same model.
    public let overlap: Window
    /// The roles read, in order.
    public let roles: [BandRole]
    /// The band roles used for BEFORE (AFTER uses the same numbers).
    public let bandRoles: BandRoles
    /// Things the user should know (bands warped, epochs only partly overlapping).
    public let notes: [String]
    /// The notes of the epochs themselves (bands warped), whatever the region.
    private let epochNotes: [String]
    let before: EpochPlan
    let after: EpochPlan

    /// Opens the epochs' files, checks band roles and works out the common grid and window.
    /// - Parameters:
    ///   - before: the earlier epoch.
    ///   - after: the later epoch.
    ///   - roles: band roles; inferred from band names when nil.
    ///   - region: a lon/lat box to restrict detection to; the whole overlap when nil.
    /// - Throws: `DetectionError` for unreadable files, missing roles, missing CRS or no overlap.
    static func plan(before: EpochSource, after: EpochSource, roles: BandRoles?, region: Envelope?) throws -> Alignment {
        try scene(before: before, after: after, roles: roles).restricted(to: region)
    }

    /// The epochs aligned over their whole overlap: `plan` without a region, to be cut down to
    /// many regions (`restricted(to:)`) without opening the files again.
    static func scene(before: EpochSource, after: EpochSource, roles: BandRoles?) throws -> Alignment {
        let b = try EpochInventory(before, label: "BEFORE"), a = try EpochInventory(after, label: "AFTER")
        let bandRoles = roles ?? BandRoles.inferred(fromNames: b.names)
        try bandRoles.validate(bandCount: b.bands.count, epoch: "BEFORE \(before.name)")
        try bandRoles.validate(bandCount: a.bands.count, epoch: "AFTER \(after.name)")
        let ordered = bandRoles.ordered
        let finest = ordered.map { b.bands[$0.band - 1].grid }.min { abs($0.geoTransform.pixelWidth) < abs($1.geoTransform.pixelWidth) }!
        let grid = finest
        var notes: [String] = []
        let needsWarp = { (other: RasterGrid) in !Alignment.sameGrid(other, grid) }
        func resolve(_ inventory: EpochInventory, label: String) throws -> [BandSource] {
            try ordered.map { role, band in
                let entry = inventory.bands[band - 1]
                let warp = needsWarp(entry.grid)
                if warp {
                    guard entry.grid.crs != nil, grid.crs != nil else {
                        throw DetectionError.noOverlap("\(label) band \(band) ('\(entry.file)') is on another grid and has no CRS, "
                            + "so it cannot be aligned; assign one (gdal_edit.py -a_srs)")
                    }
                    notes.append("\(label) \(role.rawValue) (\(URL(fileURLWithPath: entry.file).lastPathComponent)) warped onto the reference grid")
                }
                return BandSource(file: entry.file, band: entry.bandInFile, warp: warp, noData: entry.noData)
            }
        }
        let beforeBands = try resolve(b, label: "BEFORE"), afterBands = try resolve(a, label: "AFTER")
        var window = grid.window
        for band in afterBands where band.warp {
            let entry = a.bands.first { $0.file == band.file && $0.bandInFile == band.band }!
            window = try Alignment.clip(window, of: grid, to: entry.grid, what: "AFTER \(after.name)")
        }
        return Alignment(grid: grid, window: window, overlap: window, roles: ordered.map(\.role), bandRoles: bandRoles,
                         notes: Alignment.notes(notes, grid: grid, window: window), epochNotes: notes,
                         before: EpochPlan(source: before, bands: beforeBands, mask: try b.maskSource(on: grid), names: b.names),
                         after: EpochPlan(source: after, bands: afterBands, mask: try a.maskSource(on: grid), names: a.names))
    }

    /// The same epochs processed only where they overlap `region` (a lon/lat box; the whole
    /// overlap when nil).
    /// - Throws: `DetectionError` when the region misses the overlap or the epochs have no CRS.
    func restricted(to region: Envelope?) throws -> Alignment {
        var window = overlap
        if let region {
            guard let crs = grid.crs else { throw DetectionError.invalidOption("a region needs a georeferenced BEFORE epoch") }
            let box = try Transformer.cached(from: .wgs84, to: crs).transform(region)
            window = try Alignment.clip(window, of: grid, to: box, what: "the requested region")
        }
        return Alignment(grid: grid, window: window, overlap: overlap, roles: roles, bandRoles: bandRoles,
                         notes: Alignment.notes(epochNotes, grid: grid, window: window), epochNotes: epochNotes, before: before, after: after)
    }

    /// The epochs' notes and, when only part of the grid is processed, how much.
    private static func notes(_ epochNotes: [String], grid: RasterGrid, window: Window) -> [String] {
        window == grid.window ? epochNotes
            : epochNotes + ["processing \(window.width)x\(window.height) of \(grid.width)x\(grid.height) pixels (overlap only)"]
    }

    /// The same alignment with `window` widened to whole blocks of a `size` grid anchored at the
    /// overlap's corner: a region's blocks are then the whole scene's blocks, so every pixel is
    /// decided exactly as when the whole scene is processed.
    func snapped(toBlocks size: Int) -> Alignment {
        let o = overlap, w = window
        let c0 = o.column + (w.column - o.column) / size * size, r0 = o.row + (w.row - o.row) / size * size
        let c1 = min(o.columnEnd, o.column + (w.columnEnd - o.column + size - 1) / size * size)
        let r1 = min(o.rowEnd, o.row + (w.rowEnd - o.row + size - 1) / size * size)
        return Alignment(grid: grid, window: Window(column: c0, row: r0, width: c1 - c0, height: r1 - r0), overlap: overlap,
                         roles: roles, bandRoles: bandRoles, notes: notes, epochNotes: epochNotes, before: before, after: after)
    }

    /// True when two grids have the same size, CRS and pixel corners (within a thousandth of a pixel).
    static func sameGrid(_ a: RasterGrid, _ b: RasterGrid) -> Bool {
        let tolerance = abs(b.geoTransform.pixelWidth) * 1e-3
        return a.width == b.width && a.height == b.height && a.crs == b.crs
            && zip(a.geoTransform.coefficients, b.geoTransform.coefficients).allSatisfy { abs($0 - $1) <= tolerance }
    }

    /// `window` cut down to the pixels of `grid` that `other` covers.
    private static func clip(_ window: Window, of grid: RasterGrid, to other: RasterGrid, what: String) throws -> Window {
        guard let from = other.crs, let to = grid.crs else { return window }
        let box = try Transformer.cached(from: from, to: to).transform(other.bounds)
        return try clip(window, of: grid, to: box, what: what)
    }

    private static func clip(_ window: Window, of grid: RasterGrid, to box: Envelope, what: String) throws -> Window {
        let g = grid.geoTransform
        let corners = [g.geoToPixel(Coordinate(box.minX, box.minY)), g.geoToPixel(Coordinate(box.maxX, box.maxY))]
        let c0 = Int(max(0, (corners.map(\.column).min()! + 1e-6).rounded(.down)))
        let c1 = Int(min(Double(grid.width), (corners.map(\.column).max()! - 1e-6).rounded(.up)))
        let r0 = Int(max(0, (corners.map(\.row).min()! + 1e-6).rounded(.down)))
        let r1 = Int(min(Double(grid.height), (corners.map(\.row).max()! - 1e-6).rounded(.up)))
        guard c1 > c0, r1 > r0, let clipped = window.intersection(Window(column: c0, row: r0, width: c1 - c0, height: r1 - r0)) else {
            throw DetectionError.noOverlap("\(what) does not overlap BEFORE: nothing to compare; check that both epochs cover the same place")
        }
        return clipped
    }
}

/// Every band of an epoch across its files, read once on the planning thread.
private struct EpochInventory {
    struct Entry {
        var file: String
        var bandInFile: Int
        var grid: RasterGrid
        var noData: Double?
    }

    let source: EpochSource
    let label: String
    var bands: [Entry] = []
    var names: [String] = []

    init(_ source: EpochSource, label: String) throws {
        self.source = source
        self.label = label
        guard !source.files.isEmpty else { throw DetectionError.invalidOption("\(label): no raster given") }
        for file in source.files {
            let raster = try EpochInventory.open(file)
            let grid = raster.grid
            for info in raster.bands {
                bands.append(Entry(file: file, bandInFile: info.index, grid: grid, noData: info.noData))
                let fileName = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
                names.append(info.description.isEmpty && source.files.count > 1 ? fileName : info.description)
            }
        }
    }

    /// The mask as a band on `grid`, warped (nearest) when it lies on another grid.
    func maskSource(on grid: RasterGrid) throws -> BandSource? {
        guard let mask = source.mask else { return nil }
        let raster = try EpochInventory.open(mask)
        let warp = !Alignment.sameGrid(raster.grid, grid)
        if warp, raster.crs == nil || grid.crs == nil {
            throw DetectionError.noOverlap("\(label) mask '\(mask)' is on another grid and has no CRS; it cannot be aligned")
        }
        return BandSource(file: mask, band: 1, warp: warp, noData: nil)
    }

    static func open(_ path: String) throws -> Raster { try Raster.openForAnalysis(path) }
}
