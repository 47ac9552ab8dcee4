import Foundation
import GeoKit
import Shanshui

extension TrapScene {
    /// The later epoch's sensor gain and offset per band, when that trap is on.
    static let gains: [Double] = [1.12, 1.07, 0.91, 1.16, 1.05, 0.93]
    static let offsets: [Double] = [160, -70, 60, 240, -110, 40]
    /// The later epoch's shift in pixels, when that trap is on.
    static let shift = (x: 0.4, y: -0.35)
    /// Where a pixel is sampled: a 2×2 footprint, so every edge makes mixed pixels.
    static let samples: [(Double, Double)] = [(0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)]

    /// The pixels of one epoch over a window, band-sequential: each the mean of 2×2 samples.
    func strip(_ window: Window, epoch: Int) -> RasterBuffer<UInt16> {
        var buffer = RasterBuffer<UInt16>(width: window.width, height: window.height, bandCount: bandCount)
        let active = items.filter { $0.box.intersection(window) != nil }
        let (sx, sy) = epoch == 1 && traps.contains(.misregistration) ? TrapScene.shift : (0, 0)
        let shifted = epoch == 1 && traps.contains(.gainOffset)
        let n = window.pixelCount
        buffer.values.withUnsafeMutableBufferPointer { out in
            var sum = [Double](repeating: 0, count: 6)
            for r in 0..<window.height {
                let y = window.row + r
                for c in 0..<window.width {
                    let x = window.column + c
                    for b in 0..<6 { sum[b] = 0 }
                    var rough = 0.0
                    for (ox, oy) in TrapScene.samples {
                        rough = max(rough, sample(Double(x) + ox + sx, Double(y) + oy + sy, epoch: epoch, items: active, into: &sum))
                    }
                    let px = Double(x) + sx, py = Double(y) + sy
                    let texture = 1 + 0.07 * noise(px / 9, py / 9, salt: 7) + 0.04 * noise(px / 2.5, py / 2.5, salt: 11)
                        + 0.03 * noise(px / 6, py / 6, salt: UInt64(13 + epoch)) + rough * noise(px / 1.3, py / 1.3, salt: 17)
                    for b in 0..<bandCount {
                        let mean = sum[b] / 4
                        let grain = gaussian(x, y, salt: UInt64(epoch * 8 + b + 1)) * (0.02 * mean + 25)
                        var value = mean * texture + grain
                        if shifted { value = value * TrapScene.gains[b] + TrapScene.offsets[b] }
                        out[b * n + r * window.width + c] = UInt16(max(1, min(65_000, value.rounded())))
                    }
                }
            }
        }
        return buffer
    }

    /// Adds the reflectance at one point to `sum`; returns the point's roughness.
    private func sample(_ x: Double, _ y: Double, epoch: Int, items: [Item], into sum: inout [Double]) -> Double {
        var material = background(x, y)
        var shade = 1.0, haze = 0.0
        for item in items where Double(item.box.column) <= x && x < Double(item.box.columnEnd) && Double(item.box.row) <= y && y < Double(item.box.rowEnd) {
            for layer in item.layers where layer.applies(toEpoch: epoch) {
                let d = layer.shape.signedDistance(x, y)
                switch layer.effect {
                case .paint(let m):
                    if d <= 0 { material = m }
                case .land(let m):
                    if d <= 0, material == .sea || material == .lake { material = m }
                case .shadow(let penumbra):
                    if d <= penumbra { shade = min(shade, 0.3 + 0.7 * max(0, d) / penumbra) }
                case .haze(let width):
                    if d > 0, d < width { haze = max(haze, 0.55 * (1 - d / width) * (1 - d / width)) }
                }
            }
        }
        let ground = material.reflectance, cloud = Material.cloud.reflectance
        for b in 0..<6 {
            let season = epoch == 1 ? material.seasonal(b) : 1
            sum[b] += ((1 - haze) * ground[b] * season + haze * cloud[b]) * shade
        }
        return material.roughness
    }

    /// The cloud mask given with one epoch over a window: 1 where a masked layer's core covers the
    /// pixel centre (haze and penumbrae are, as in real masks, left out).
    func maskStrip(_ window: Window, epoch: Int) -> RasterBuffer<UInt8> {
        var buffer = RasterBuffer<UInt8>(width: window.width, height: window.height)
        let masked = items.filter { $0.box.intersection(window) != nil }.flatMap { $0.layers.filter { $0.masked && $0.applies(toEpoch: epoch) } }
        guard !masked.isEmpty else { return buffer }
        for r in 0..<window.height {
            for c in 0..<window.width {
                let x = Double(window.column + c) + 0.5, y = Double(window.row + r) + 0.5
                if masked.contains(where: { $0.shape.contains(x, y) }) { buffer.values[r * window.width + c] = 1 }
            }
        }
        return buffer
    }
}
