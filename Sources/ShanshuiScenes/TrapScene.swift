import Foundation
import GeoKit
import Shanshui

/// A seeded synthetic epoch pair built to test a change detector the way real imagery does:
/// every activity the ledger cares about is planted with spectra of its own, and every trap of
/// real scenes (haze outside a given cloud mask, shadows, field-by-field phenology, a sensor gain
/// and offset, sub-pixel misregistration, lakes rising and falling, vegetation recovery, bright
/// bare soil, changes below the mapping unit, a small protected area in a large scene) can be
/// switched on alone, so a test can tell which one a detector falls into.
///
/// The scene is a 10 m UTM grid: a sea along the west edge, forest, grassland and natural lakes
/// inland, one planted item per cell of `cellSize` pixels. Pixels are the mean of 2×2 samples of a
/// continuous scene (mixed pixels at every edge, as a sensor's footprint makes them) and come from
/// hashes of their position, so any strip is generated on its own and any size in bounded memory.
public struct TrapScene: Sendable {
    /// The traps of real imagery, each switchable on its own.
    public enum Trap: String, CaseIterable, Sendable, Codable {
        /// Clouds with a given mask that covers their cores but misses the hazy edge and the
        /// shadow's penumbra.
        case hazeEdge = "haze_edge"
        /// Clouds in the given mask whose shadows are not in it at all.
        case shadows
        /// Farmland fields each greening, ripening or harvested between the dates.
        case phenology
        /// A per-band gain and offset between the epochs (a scene-wide colour shift).
        case gainOffset = "gain_offset"
        /// The later epoch shifted by a fraction of a pixel.
        case misregistration
        /// Lakes rising over their shores and falling back to wet mud.
        case water
        /// Bare ground coming back to vegetation (to be reported as restored, never as damage).
        case recovery
        /// Bright natural sand and rock, drier or wetter on the later date.
        case brightSoil = "bright_soil"
        /// Clearings smaller than the minimum mapping unit.
        case belowMappingUnit = "below_mapping_unit"
        /// A protected area of about 0.7 km² inside the large scene (`area.geojson`).
        case smallArea = "small_area"
    }

    /// What detection must find and type: the activities planted as damage.
    public static let activities: [Activity] = [.mining, .construction, .road, .waterWorks, .reclamation, .farming]

    /// One planted item: its pixel box and what it is.
    public struct Item: Sendable {
        /// 1-based number, in planting order.
        public var id: Int
        /// The activity of planted damage, nil for a trap.
        public var activity: Activity?
        /// The trap this item belongs to, nil for damage.
        public var trap: Trap?
        /// Vegetation coming back: reported as restored, not damage.
        public var restored: Bool { trap == .recovery }
        /// Pixel box holding every pixel the item changes (haze and penumbra included).
        public var box: Window
        var layers: [Layer]
        /// The shapes whose pixels count as the item's change in the truth.
        var changed: [Shape] {
            layers.filter { $0.epochs == .after && $0.counts }.map(\.shape)
        }
    }

    /// Columns.
    public let width: Int
    /// Rows.
    public let height: Int
    /// Bands: 4 (blue, green, red, nir) or 6 (plus swir1, swir2).
    public let bandCount: Int
    /// Seed of every random choice.
    public let seed: UInt64
    /// The activities planted.
    public let activities: [Activity]
    /// The traps switched on.
    public let traps: Set<Trap>
    /// Side of the cells that hold one item each, pixels.
    public let cellSize: Int
    /// Planted items: damage, restored land and local traps (clouds, fields, lakes...).
    public internal(set) var items: [Item] = []
    /// Where the sea ends at row 0 (the coast wobbles around it).
    let coast: Double

    /// The grid: UTM zone 50N, 10 m pixels.
    public var grid: RasterGrid {
        RasterGrid(width: width, height: height,
                   geoTransform: GeoTransform(originX: 500_000, pixelWidth: 10, originY: 3_300_000, pixelHeight: -10),
                   crs: try? CRS(epsg: 32650))
    }

    /// Plans a scene.
    /// - Parameters:
    ///   - size: columns and rows, at least 300.
    ///   - bandCount: 4 or 6.
    ///   - seed: seed of the layout and noise.
    ///   - activities: the damage to plant (all by default).
    ///   - traps: the traps to switch on (all by default).
    ///   - cellSize: one item per cell of this many pixels.
    public init(size: Int, bandCount: Int = 6, seed: UInt64 = 1, activities: [Activity] = TrapScene.activities,
                traps: Set<Trap> = Set(Trap.allCases), cellSize: Int = 150) {
        precondition(size >= 300 && (bandCount == 4 || bandCount == 6) && cellSize >= 100, "scene too small or bad band count")
        width = size
        height = size
        self.bandCount = bandCount
        self.seed = seed
        self.activities = activities
        self.traps = traps
        self.cellSize = cellSize
        coast = Double(min(100, size / 12))
        plant()
    }

    /// Whether a cloud mask is written for either epoch.
    public var hasCloudMask: Bool { !traps.isDisjoint(with: [.hazeEdge, .shadows]) }

    /// The planted damage items.
    public var damage: [Item] { items.filter { $0.activity != nil } }

    /// The small protected area's pixel window, when that trap is on.
    public var smallAreaWindow: Window? {
        guard traps.contains(.smallArea) else { return nil }
        let side = 84  // 0.71 km² at 10 m
        let centre = cellSize + cellSize / 2
        return Window(column: centre - side / 2, row: centre - side / 2, width: side, height: side)
    }
}
