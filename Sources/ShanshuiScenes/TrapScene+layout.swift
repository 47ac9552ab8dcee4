import Foundation
import GeoKit
import Shanshui

extension TrapScene {
    /// What one cell holds.
    enum Slot: Sendable {
        case damage(Activity)
        case trap(Trap)
    }

    /// The traps planted as items in cells; the others act on the whole scene.
    static let cellTraps: [Trap] = [.hazeEdge, .shadows, .phenology, .water, .recovery, .brightSoil, .belowMappingUnit]

    /// One item per cell: reclamation on every other coastal cell, the enabled activities and
    /// cell traps in turn inland, with an empty cell in every round.
    mutating func plant() {
        let slots: [Slot?] = activities.filter { $0 != .reclamation }.map { .damage($0) }
            + TrapScene.cellTraps.filter { traps.contains($0) }.map { .trap($0) } + [nil]
        var inland = 0
        for cy in 0..<(height / cellSize) {
            for cx in 0..<(width / cellSize) {
                var random = SplitMix(seed: seed &* 2_000_003 &+ UInt64(cy * 7919 + cx))
                let slot: Slot?
                if cx == 0 {
                    slot = cy % 2 == 0 && activities.contains(.reclamation) ? .damage(.reclamation) : nil
                } else {
                    slot = slots[inland % slots.count]
                    inland += 1
                }
                guard let slot else { continue }
                let cell = (x: Double(cx * cellSize), y: Double(cy * cellSize), size: Double(cellSize))
                let layers = layout(slot, cell: cell, instance: inland, random: &random)
                let boxes = layers.map { $0.shape.box(margin: $0.reach) }
                let x0 = max(0, Int(boxes.map(\.x0).min()!.rounded(.down)) - 1), y0 = max(0, Int(boxes.map(\.y0).min()!.rounded(.down)) - 1)
                let x1 = min(width, Int(boxes.map(\.x1).max()!.rounded(.up)) + 1), y1 = min(height, Int(boxes.map(\.y1).max()!.rounded(.up)) + 1)
                var activity: Activity?, trap: Trap?
                switch slot {
                case .damage(let a): activity = a
                case .trap(let t): trap = t
                }
                items.append(Item(id: items.count + 1, activity: activity, trap: trap,
                                  box: Window(column: x0, row: y0, width: x1 - x0, height: y1 - y0), layers: layers))
            }
        }
    }

    private func layout(_ slot: Slot, cell: (x: Double, y: Double, size: Double), instance: Int,
                        random: inout SplitMix) -> [Layer] {
        let cx = cell.x + cell.size / 2 + random.uniform(-cell.size / 8, cell.size / 8)
        let cy = cell.y + cell.size / 2 + random.uniform(-cell.size / 8, cell.size / 8)
        func blob(_ count: Int, _ r0: Double, _ r1: Double, spread: Double) -> [Shape.Disc] {
            (0..<count).map { _ in Shape.Disc(x: cx + random.uniform(-spread, spread), y: cy + random.uniform(-spread, spread), r: random.uniform(r0, r1)) }
        }
        func change(_ shape: Shape, from before: Material, to after: Material, counts: Bool = true) -> [Layer] {
            [Layer(shape: shape, effect: .paint(before), epochs: .before),
             Layer(shape: shape, effect: .paint(after), epochs: .after, counts: counts)]
        }
        /// Damage cut into the land as it is (forest where the background is water).
        func damage(_ shape: Shape, to after: Material) -> [Layer] {
            [Layer(shape: shape, effect: .land(.forest), epochs: .both),
             Layer(shape: shape, effect: .paint(after), epochs: .after, counts: true)]
        }
        switch slot {
        case .damage(.mining):
            return damage(.discs(blob(4, 8, 15, spread: 14)), to: .mine)
        case .damage(.construction):
            let w = random.uniform(18, 36), h = random.uniform(18, 36)
            let site = Shape.rectangle(x0: cx - w / 2, y0: cy - h / 2, x1: cx + w / 2, y1: cy + h / 2)
            var layers = damage(site, to: .built)
            for k in 0..<3 {  // roofs of the first buildings
                let rx = cx - w / 2 + 3 + Double(k) * (w - 6) / 3, ry = cy - h / 2 + 3
                layers.append(Layer(shape: .rectangle(x0: rx, y0: ry, x1: rx + (w - 6) / 3 - 2, y1: ry + h / 3),
                                     effect: .paint(.roof), epochs: .after, counts: true))
            }
            return layers
        case .damage(.road):
            let y0 = cell.y + random.uniform(15, cell.size - 15), y1 = cell.y + random.uniform(15, cell.size - 15)
            let xm = cell.x + cell.size / 2, ym = cell.y + random.uniform(20, cell.size - 20)
            return damage(.segment(x0: cell.x + 6, y0: y0, x1: xm, y1: ym, halfWidth: 2.1), to: .road)
                + damage(.segment(x0: xm, y0: ym, x1: cell.x + cell.size - 6, y1: y1, halfWidth: 2.1), to: .road)
        case .damage(.waterWorks):
            let reservoir = blob(3, 10, 15, spread: 8)
            let east = reservoir.max { $0.x + $0.r < $1.x + $1.r }!
            let top = reservoir.map { $0.y - $0.r }.min()!, bottom = reservoir.map { $0.y + $0.r }.max()!
            let dam = Shape.segment(x0: east.x + east.r, y0: top - 4, x1: east.x + east.r, y1: bottom + 4, halfWidth: 2.2)
            return damage(.discs(reservoir), to: .lake) + damage(dam, to: .dam)
        case .damage(.reclamation):
            let h = random.uniform(28, 46)
            return change(.rectangle(x0: coast - 50, y0: cy - h / 2, x1: coast + 8, y1: cy + h / 2), from: .sea, to: .fill)
        case .damage(.farming):
            let side = random.uniform(22, 30), gap = 2.0
            var layers: [Layer] = []
            for i in 0..<2 {
                for j in 0..<3 {
                    let x0 = cx - 1.5 * side - gap + Double(j) * (side + gap), y0 = cy - side - gap / 2 + Double(i) * (side + gap)
                    let field = Shape.rectangle(x0: x0, y0: y0, x1: x0 + side, y1: y0 + side)
                    layers += damage(field, to: (i + j) % 4 == 3 ? .cropSparse : .ploughed)
                }
            }
            return layers
        case .damage(.other):
            return []
        case .trap(.hazeEdge), .trap(.shadows):
            let haze = slot.isTrap(.hazeEdge)
            let cloud = blob(4, 10, 18, spread: 14)
            let epochs: Layer.Epochs = instance % 2 == 0 ? .after : .before
            let shadow = Shape.discs(cloud.map { Shape.Disc(x: $0.x + 16, y: $0.y + 12, r: $0.r) })
            var layers = [Layer(shape: shadow, effect: .shadow(penumbra: 4), epochs: epochs, masked: haze)]
            if haze { layers.append(Layer(shape: .discs(cloud), effect: .haze(width: 10), epochs: epochs)) }
            layers.append(Layer(shape: .discs(cloud), effect: .paint(.cloud), epochs: epochs, masked: true))
            return layers
        case .trap(.phenology):
            let side = 26.0, gap = 4.0
            var layers: [Layer] = []
            let transitions: [(Material, Material)] = [(.ploughed, .cropGreen), (.cropSparse, .cropGreen), (.cropGreen, .stubble),
                                                        (.cropGreen, .cropSparse), (.stubble, .ploughed), (.cropSparse, .stubble)]
            for i in 0..<4 {
                for j in 0..<4 {
                    let x0 = cell.x + 12 + Double(j) * (side + gap), y0 = cell.y + 12 + Double(i) * (side + gap)
                    let (before, after) = transitions[Int(random.uniform(0, Double(transitions.count)))]
                    layers += change(.rectangle(x0: x0, y0: y0, x1: x0 + side, y1: y0 + side), from: before, to: after, counts: false)
                }
            }
            return layers
        case .trap(.water):
            let r = random.uniform(24, 32)
            let lake = Shape.discs([Shape.Disc(x: cx, y: cy, r: r)])
            if instance % 2 == 0 {  // rising over its grassy shore
                let flooded = Shape.discs([Shape.Disc(x: cx, y: cy, r: r + 7)])
                return [Layer(shape: flooded, effect: .paint(.shore), epochs: .before),
                        Layer(shape: flooded, effect: .paint(.lake), epochs: .after),
                        Layer(shape: lake, effect: .paint(.lake), epochs: .before)]
            }
            let remaining = Shape.discs([Shape.Disc(x: cx, y: cy, r: r - 8)])
            return [Layer(shape: lake, effect: .paint(.lake), epochs: .before),
                    Layer(shape: lake, effect: .paint(.wetMud), epochs: .after),
                    Layer(shape: remaining, effect: .paint(.lake), epochs: .after)]
        case .trap(.recovery):
            return change(.discs(blob(3, 9, 15, spread: 10)), from: .clearing, to: .regrowth)
        case .trap(.brightSoil):
            let dunes = Shape.discs(blob(4, 10, 18, spread: 14))
            return [Layer(shape: dunes, effect: .paint(.sand), epochs: .before),
                    Layer(shape: dunes, effect: .paint(instance % 2 == 0 ? .sandDry : .sandWet), epochs: .after)]
        case .trap(.belowMappingUnit):
            // Clearings of 3 to 8 pixels: 300–800 m², under the 1000 m² minimum mapping unit.
            return (0..<5).flatMap { k -> [Layer] in
                let x = cell.x + 20 + Double(k) * (cell.size - 40) / 4, y = cell.y + random.uniform(20, cell.size - 20)
                return change(.discs([Shape.Disc(x: x, y: y, r: random.uniform(0.95, 1.55))]), from: .forest, to: .mine, counts: false)
            }
        case .trap(.gainOffset), .trap(.misregistration), .trap(.smallArea):
            return []
        }
    }

    /// The land cover before anything was planted: sea in the west, then forest, grassland and lakes.
    func background(_ x: Double, _ y: Double) -> Material {
        let wobble = 12 * noise(y / 40, 0.5, salt: 3)
        if x < coast + wobble { return .sea }
        let cover = noise(x / 140, y / 140, salt: 5)
        if cover > 0.64 { return .lake }
        if cover < -0.2 { return .grass }
        return .forest
    }

    /// Smooth value noise in [-1, 1].
    func noise(_ x: Double, _ y: Double, salt: UInt64) -> Double { SceneNoise(seed: seed).value(x, y, salt: salt) }

    /// A standard normal deviate per pixel.
    func gaussian(_ x: Int, _ y: Int, salt: UInt64) -> Double { SceneNoise(seed: seed).gaussian(x, y, salt: salt) }
}

extension TrapScene.Slot {
    func isTrap(_ trap: TrapScene.Trap) -> Bool {
        if case .trap(let t) = self { return t == trap }
        return false
    }
}
