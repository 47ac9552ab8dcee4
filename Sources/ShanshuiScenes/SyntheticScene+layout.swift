import Foundation
import GeoKit

extension SyntheticScene {
    /// A land cover with its reflectance (× 10000) in blue, green, red, nir, swir1, swir2.
    enum Material: Sendable, Equatable {
        case vegetation, soil, water, built, brightSoil, concrete, cloud, shadow

        func spectrum(into s: inout [Double], season: Bool) {
            let values: [Double] = switch self {
            case .vegetation: season ? [410, 710, 515, 3400, 1830, 915] : [400, 700, 500, 3500, 1800, 900]
            case .soil: [1000, 1300, 1700, 2200, 2900, 2400]
            case .water: [600, 500, 300, 150, 80, 50]
            case .built: [1900, 2000, 2100, 2300, 2400, 2200]
            case .brightSoil: [1600, 2000, 2600, 3000, 3700, 3200]
            case .concrete: [2200, 2300, 2400, 2500, 2600, 2400]
            case .cloud: [7200, 7400, 7500, 7800, 6000, 5000]
            case .shadow: [0, 0, 0, 0, 0, 0]
            }
            for i in 0..<6 { s[i] = values[i] }
        }
    }

    /// A material painted in one epoch or both.
    struct Paint: Sendable {
        enum Epochs: Sendable { case before, after, both }
        var material: Material
        var epochs: Epochs

        func applies(toEpoch epoch: Int) -> Bool {
            switch epochs {
            case .both: true
            case .before: epoch == 0
            case .after: epoch == 1
            }
        }
    }

    /// Pixel shapes: unions of discs, rectangles, thick segments.
    enum Shape: Sendable {
        case discs([(x: Double, y: Double, r: Double)])
        case rectangle(Window)
        case segment(x0: Double, y0: Double, x1: Double, y1: Double, halfWidth: Double)

        func contains(_ px: Int, _ py: Int) -> Bool {
            let x = Double(px) + 0.5, y = Double(py) + 0.5
            switch self {
            case .discs(let discs): return discs.contains { ($0.x - x) * ($0.x - x) + ($0.y - y) * ($0.y - y) <= $0.r * $0.r }
            case .rectangle(let w): return px >= w.column && px < w.columnEnd && py >= w.row && py < w.rowEnd
            case .segment(let x0, let y0, let x1, let y1, let h):
                let dx = x1 - x0, dy = y1 - y0
                let t = max(0, min(1, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy)))
                let ex = x0 + t * dx - x, ey = y0 + t * dy - y
                return ex * ex + ey * ey <= h * h
            }
        }

        var box: Window {
            switch self {
            case .discs(let discs):
                let x0 = Int(discs.map { $0.x - $0.r }.min()!.rounded(.down)), x1 = Int(discs.map { $0.x + $0.r }.max()!.rounded(.up))
                let y0 = Int(discs.map { $0.y - $0.r }.min()!.rounded(.down)), y1 = Int(discs.map { $0.y + $0.r }.max()!.rounded(.up))
                return Window(column: x0, row: y0, width: x1 - x0 + 1, height: y1 - y0 + 1)
            case .rectangle(let w): return w
            case .segment(let x0, let y0, let x1, let y1, let h):
                let c0 = Int((min(x0, x1) - h).rounded(.down)), c1 = Int((max(x0, x1) + h).rounded(.up))
                let r0 = Int((min(y0, y1) - h).rounded(.down)), r1 = Int((max(y0, y1) + h).rounded(.up))
                return Window(column: c0, row: r0, width: c1 - c0 + 1, height: r1 - r0 + 1)
            }
        }
    }

    /// One object per cell: reclamation along the coast, the other kinds in turn inland, with
    /// some cells left unchanged and some clouded.
    mutating func plant(cellSize: Int) {
        let kinds: [Kind?] = [.mining, .construction, .road, .waterWorks, .restored, .cloud, nil]
        var inland = 0
        for cy in 0..<(height / cellSize) {
            for cx in 0..<(width / cellSize) {
                var random = SplitMix(seed: seed &* 1_000_003 &+ UInt64(cy * 7919 + cx))
                let x0 = Double(cx * cellSize), y0 = Double(cy * cellSize), size = Double(cellSize)
                let kind: Kind?
                if cx == 0 {
                    kind = cy % 2 == 0 ? .reclamation : nil
                } else {
                    kind = kinds[inland % kinds.count]
                    inland += 1
                }
                guard let kind else { continue }
                let shapes = layout(kind, x0: x0, y0: y0, size: size, random: &random)
                let box = shapes.map(\.shape.box).reduce(shapes[0].shape.box) { a, b in
                    let c0 = min(a.column, b.column), r0 = min(a.row, b.row)
                    return Window(column: c0, row: r0, width: max(a.columnEnd, b.columnEnd) - c0, height: max(a.rowEnd, b.rowEnd) - r0)
                }
                let object = Object(id: objects.count + clouds.count + 1, kind: kind, box: box, shapes: shapes)
                if kind == .cloud { clouds.append(object) } else { objects.append(object) }
            }
        }
    }

    private func layout(_ kind: Kind, x0: Double, y0: Double, size: Double, random: inout SplitMix) -> [(shape: Shape, paint: Paint)] {
        let cx = x0 + size / 2 + random.uniform(-size / 8, size / 8), cy = y0 + size / 2 + random.uniform(-size / 8, size / 8)
        func blob(_ count: Int, _ r0: Double, _ r1: Double, spread: Double) -> Shape {
            .discs((0..<count).map { _ in (cx + random.uniform(-spread, spread), cy + random.uniform(-spread, spread), random.uniform(r0, r1)) })
        }
        switch kind {
        case .mining:
            let shape = blob(4, 7, 15, spread: 14)
            return [(shape, Paint(material: .vegetation, epochs: .before)), (shape, Paint(material: .brightSoil, epochs: .after))]
        case .construction:
            let w = Int(random.uniform(14, 34)), h = Int(random.uniform(14, 34))
            let shape = Shape.rectangle(Window(column: Int(cx) - w / 2, row: Int(cy) - h / 2, width: w, height: h))
            return [(shape, Paint(material: .vegetation, epochs: .before)), (shape, Paint(material: .built, epochs: .after))]
        case .road:
            let shape = Shape.segment(x0: x0 + 8, y0: y0 + random.uniform(10, size - 10), x1: x0 + size - 8,
                                      y1: y0 + random.uniform(10, size - 10), halfWidth: 1.3)
            return [(shape, Paint(material: .vegetation, epochs: .before)), (shape, Paint(material: .concrete, epochs: .after))]
        case .waterWorks:
            let reservoir = blob(3, 9, 14, spread: 8)
            guard case .discs(let discs) = reservoir, let east = discs.max(by: { $0.x + $0.r < $1.x + $1.r }) else { return [] }
            let dam = Shape.segment(x0: east.x + east.r - 1, y0: east.y - east.r - 6, x1: east.x + east.r - 1,
                                    y1: east.y + east.r + 6, halfWidth: 1.6)
            return [(reservoir, Paint(material: .vegetation, epochs: .before)), (dam, Paint(material: .vegetation, epochs: .before)),
                    (reservoir, Paint(material: .water, epochs: .after)), (dam, Paint(material: .concrete, epochs: .after))]
        case .reclamation:
            let h = Int(random.uniform(25, 45))
            let shape = Shape.rectangle(Window(column: Int(coast) - 45, row: Int(cy) - h / 2, width: 55, height: h))
            return [(shape, Paint(material: .water, epochs: .before)), (shape, Paint(material: .soil, epochs: .after))]
        case .restored:
            let shape = blob(3, 8, 14, spread: 10)
            return [(shape, Paint(material: .soil, epochs: .before)), (shape, Paint(material: .vegetation, epochs: .after))]
        case .cloud:
            let cloud = blob(4, 10, 20, spread: 14)
            guard case .discs(let discs) = cloud else { return [] }
            let shadow = Shape.discs(discs.map { ($0.x + 14, $0.y + 10, $0.r) })
            let epochs: Paint.Epochs = Int(cy) % 3 == 0 ? .before : .after
            return [(shadow, Paint(material: .shadow, epochs: epochs)), (cloud, Paint(material: .cloud, epochs: epochs))]
        }
    }

    /// Smooth value noise in [-1, 1].
    func noise(_ x: Double, _ y: Double, salt: UInt64) -> Double { SceneNoise(seed: seed).value(x, y, salt: salt) }

    /// A standard normal deviate per pixel.
    func gaussian(_ x: Int, _ y: Int, salt: UInt64) -> Double { SceneNoise(seed: seed).gaussian(x, y, salt: salt) }
}
