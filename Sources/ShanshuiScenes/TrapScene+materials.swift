import Foundation

extension TrapScene {
    /// A land cover with its reflectance (× 10000) in blue, green, red, nir, swir1, swir2. Every
    /// planted activity has a material of its own, as real sites differ: a quarry's fresh rock is
    /// brighter in the short-wave infrared than a ploughed field, a roof bluer than a road.
    enum Material: Int, Sendable, CaseIterable {
        case forest, grass, sea, lake, shore, wetMud
        case mine, built, roof, road, dam, fill, ploughed
        case cropGreen, cropSparse, stubble, clearing, regrowth
        case sand, sandDry, sandWet, cloud

        /// Reflectance in the six roles' order.
        var reflectance: [Double] { Material.table[rawValue] }

        private static let table = Material.allCases.map(\.literal)

        private var literal: [Double] {
            switch self {
            case .forest: [320, 600, 380, 3200, 1550, 700]
            case .grass: [520, 880, 720, 2700, 2250, 1350]
            case .sea: [850, 780, 520, 260, 120, 70]
            case .lake: [700, 620, 420, 220, 110, 60]
            case .shore: [480, 820, 650, 2400, 1900, 1100]
            case .wetMud: [520, 620, 680, 850, 850, 650]
            case .mine: [1750, 2150, 2700, 3000, 3900, 3400]
            case .built: [2050, 2100, 2150, 2350, 2550, 2350]
            case .roof: [2500, 2250, 1900, 2200, 2300, 2100]
            case .road: [1450, 1550, 1650, 1800, 2100, 1950]
            case .dam: [2250, 2350, 2450, 2550, 2650, 2450]
            case .fill: [1850, 2150, 2550, 2850, 3350, 2950]
            case .ploughed: [820, 1020, 1280, 1650, 2650, 2250]
            case .cropGreen: [430, 800, 520, 3900, 2000, 950]
            case .cropSparse: [680, 950, 980, 2500, 2500, 1700]
            case .stubble: [950, 1150, 1350, 1950, 2800, 2150]
            case .clearing: [1050, 1300, 1650, 2150, 2950, 2450]
            case .regrowth: [420, 760, 520, 2900, 1800, 850]
            case .sand: [1650, 2050, 2650, 3050, 3750, 3250]
            case .sandDry: [1800, 2250, 2900, 3350, 4100, 3550]
            case .sandWet: [1480, 1850, 2380, 2750, 3350, 2900]
            case .cloud: [7000, 7200, 7300, 7500, 5500, 4500]
            }
        }

        /// Natural cover changes a little with the season: a few per cent, never a patch.
        func seasonal(_ band: Int) -> Double {
            switch self {
            case .forest: [1.02, 1.03, 1.02, 0.96, 1.0, 1.0][band]
            case .grass, .shore: [1.03, 1.02, 1.05, 0.93, 1.03, 1.03][band]
            default: 1
            }
        }

        /// Extra fine texture: a quarry's benches and spoil heaps are rough.
        var roughness: Double { self == .mine ? 0.12 : 0 }
    }

    /// The materials and effects an item lays over the landscape.
    struct Layer: Sendable {
        enum Epochs: Sendable { case before, after, both }
        enum Effect: Sendable {
            /// The shape is this material.
            case paint(Material)
            /// The land as it was: the background, or this material where the background is water
            /// (so a road or a quarry is cut through whatever cover is there, never through a lake).
            case land(Material)
            /// A cloud's shadow: 0.3 of the light inside, back to full over `penumbra` pixels.
            case shadow(penumbra: Double)
            /// A cloud's haze: a veil of cloud thinning to nothing over `width` pixels outside.
            case haze(width: Double)
        }

        var shape: Shape
        var effect: Effect
        var epochs: Epochs
        /// The layer's pixels are the item's change in the truth.
        var counts = false
        /// The layer's core is in the cloud mask given with its epoch.
        var masked = false

        func applies(toEpoch epoch: Int) -> Bool {
            switch epochs {
            case .both: true
            case .before: epoch == 0
            case .after: epoch == 1
            }
        }

        /// How far outside the shape the layer reaches, pixels.
        var reach: Double {
            switch effect {
            case .paint, .land: 0
            case .shadow(let p): p
            case .haze(let w): w
            }
        }
    }

    /// Continuous shapes in pixel coordinates (x right, y down; pixel (c, r) covers [c, c+1) × [r, r+1)).
    enum Shape: Sendable {
        case discs([Disc])
        case rectangle(x0: Double, y0: Double, x1: Double, y1: Double)
        case segment(x0: Double, y0: Double, x1: Double, y1: Double, halfWidth: Double)

        struct Disc: Sendable {
            var x: Double, y: Double, r: Double
        }

        /// Distance from the point to the shape's edge: negative or zero inside, positive outside.
        func signedDistance(_ x: Double, _ y: Double) -> Double {
            switch self {
            case .discs(let discs):
                return discs.reduce(Double.infinity) { min($0, (($1.x - x) * ($1.x - x) + ($1.y - y) * ($1.y - y)).squareRoot() - $1.r) }
            case .rectangle(let x0, let y0, let x1, let y1):
                let dx = max(x0 - x, 0, x - x1), dy = max(y0 - y, 0, y - y1)
                if dx == 0, dy == 0 { return -min(x - x0, x1 - x, y - y0, y1 - y) }
                return (dx * dx + dy * dy).squareRoot()
            case .segment(let x0, let y0, let x1, let y1, let h):
                let dx = x1 - x0, dy = y1 - y0
                let t = max(0, min(1, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy)))
                let ex = x0 + t * dx - x, ey = y0 + t * dy - y
                return (ex * ex + ey * ey).squareRoot() - h
            }
        }

        func contains(_ x: Double, _ y: Double) -> Bool { signedDistance(x, y) <= 0 }

        /// The box around the shape grown by `margin` pixels.
        func box(margin: Double = 0) -> (x0: Double, y0: Double, x1: Double, y1: Double) {
            switch self {
            case .discs(let d):
                return (d.map { $0.x - $0.r }.min()! - margin, d.map { $0.y - $0.r }.min()! - margin,
                        d.map { $0.x + $0.r }.max()! + margin, d.map { $0.y + $0.r }.max()! + margin)
            case .rectangle(let x0, let y0, let x1, let y1):
                return (x0 - margin, y0 - margin, x1 + margin, y1 + margin)
            case .segment(let x0, let y0, let x1, let y1, let h):
                return (min(x0, x1) - h - margin, min(y0, y1) - h - margin, max(x0, x1) + h + margin, max(y0, y1) + h + margin)
            }
        }

        /// Outline rings in pixel coordinates, for the truth's footprints.
        var rings: [[(Double, Double)]] {
            func circle(_ cx: Double, _ cy: Double, _ r: Double) -> [(Double, Double)] {
                let ring = (0..<32).map { k -> (Double, Double) in
                    let a = -Double(k) * 2 * Double.pi / 32
                    return (cx + r * cos(a), cy + r * sin(a))
                }
                return ring + [ring[0]]
            }
            switch self {
            case .discs(let d): return d.map { circle($0.x, $0.y, $0.r) }
            case .rectangle(let x0, let y0, let x1, let y1): return [[(x0, y0), (x0, y1), (x1, y1), (x1, y0), (x0, y0)]]
            case .segment(let x0, let y0, let x1, let y1, let h):
                let length = max(1e-9, ((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0)).squareRoot())
                let nx = -(y1 - y0) / length * h, ny = (x1 - x0) / length * h
                return [[(x0 + nx, y0 + ny), (x1 + nx, y1 + ny), (x1 - nx, y1 - ny), (x0 - nx, y0 - ny), (x0 + nx, y0 + ny)]]
                    + [circle(x0, y0, h), circle(x1, y1, h)]
            }
        }
    }
}
