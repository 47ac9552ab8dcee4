import Foundation
import Synchronization
import GeoKit
import Shanshui

extension TrapScene {
    /// Truth codes of `truth.tif` band 1.
    public enum TruthCode {
        /// No damage: unchanged land, natural change, traps.
        public static let none: UInt16 = 0
        /// Planted damage.
        public static let damage: UInt16 = 1
        /// Vegetation coming back.
        public static let restored: UInt16 = 2
        /// Under a given cloud mask: not assessable, left out of scoring.
        public static let masked: UInt16 = 255
    }

    /// The files `write(to:)` makes in a folder.
    public struct Files: Sendable {
        public var before: String, after: String
        /// Cloud masks given with each epoch (1 = masked), when a cloud trap is on.
        public var beforeMask: String?, afterMask: String?
        /// Two bands: the truth code and the planted item's id per pixel.
        public var truthRaster: String
        /// Every item's footprint in lon/lat with `id`, `role` (damage, restored, trap), `activity`, `trap`.
        public var truthFeatures: String
        /// The small protected area in lon/lat, when that trap is on.
        public var area: String?

        /// The file names in `directory`.
        public init(directory: String, masks: Bool, area: Bool) {
            func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
            before = path("before.tif")
            after = path("after.tif")
            beforeMask = masks ? path("before_mask.tif") : nil
            afterMask = masks ? path("after_mask.tif") : nil
            truthRaster = path("truth.tif")
            truthFeatures = path("truth.geojson")
            self.area = area ? path("area.geojson") : nil
        }
    }

    /// Writes the epochs (tiled DEFLATE GeoTIFFs, UInt16 reflectance × 10000, band descriptions
    /// naming the roles), the given cloud masks, the truth raster and features, and the small
    /// area, strip by strip in bounded memory.
    /// - Parameter directory: an existing folder.
    /// - Returns: the paths written.
    @discardableResult
    public func write(to directory: String) throws -> Files {
        let files = Files(directory: directory, masks: hasCloudMask, area: traps.contains(.smallArea))
        let profile = RasterProfile(grid: grid, bandCount: bandCount, dataType: .uint16, noData: 0)
        let epochs = [try Raster.create(files.before, profile: profile), try Raster.create(files.after, profile: profile)]
        let maskProfile = RasterProfile(grid: grid, bandCount: 1, dataType: .byte, noData: nil)
        let masks = try [files.beforeMask, files.afterMask].map { try $0.map { try Raster.create($0, profile: maskProfile) } }
        let truth = try Raster.create(files.truthRaster, profile: RasterProfile(grid: grid, bandCount: 2, dataType: .uint16, noData: nil))
        for (b, role) in BandRole.allCases.prefix(bandCount).enumerated() {
            for raster in epochs { try raster.setDescription(role.rawValue, band: b + 1) }
        }
        // Strips are drawn on all cores a batch at a time and written in order.
        let windows = stride(from: 0, to: height, by: 256).map { Window(column: 0, row: $0, width: width, height: min(256, height - $0)) }
        let batch = 2 * ProcessInfo.processInfo.activeProcessorCount
        for first in stride(from: 0, to: windows.count, by: batch) {
            let part = Array(windows[first..<min(first + batch, windows.count)])
            let drawn = TrapScene.parallelMap(part.count) { k in
                (epochs: [strip(part[k], epoch: 0), strip(part[k], epoch: 1)],
                 masks: [maskStrip(part[k], epoch: 0), maskStrip(part[k], epoch: 1)], truth: truthStrip(part[k]))
            }
            for (window, strips) in zip(part, drawn) {
                for (i, raster) in epochs.enumerated() { try raster.write(strips.epochs[i], at: window) }
                for (i, mask) in masks.enumerated() { try mask?.write(strips.masks[i], at: window) }
                try truth.write(strips.truth, at: window)
            }
        }
        for raster in epochs + masks.compactMap({ $0 }) + [truth] { try raster.flush() }
        try VectorSink.write(truthFeatures(), to: files.truthFeatures)
        if let area = files.area, let window = smallAreaWindow {
            let ring = try lonLat([(Double(window.column), Double(window.row)), (Double(window.column), Double(window.rowEnd)),
                                   (Double(window.columnEnd), Double(window.rowEnd)), (Double(window.columnEnd), Double(window.row)),
                                   (Double(window.column), Double(window.row))])
            try VectorSink.write([Feature(id: .int(1), geometry: .polygon(Polygon(exterior: ring)),
                                          properties: ["name": "小保护地 (演示)", "trap": .string(Trap.smallArea.rawValue)])], to: area)
        }
        return files
    }

    /// Truth codes and item ids over a window, decided at pixel centres in the earlier epoch's frame.
    func truthStrip(_ window: Window) -> RasterBuffer<UInt16> {
        var buffer = RasterBuffer<UInt16>(width: window.width, height: window.height, bandCount: 2)
        let active = items.filter { $0.box.intersection(window) != nil }
        let n = window.pixelCount
        for r in 0..<window.height {
            for c in 0..<window.width {
                let x = Double(window.column + c) + 0.5, y = Double(window.row + r) + 0.5
                var code = TruthCode.none, id: UInt16 = 0
                for item in active {
                    if item.layers.contains(where: { $0.masked && $0.shape.contains(x, y) }) {
                        code = TruthCode.masked
                        id = UInt16(item.id)
                        break
                    }
                    if item.changed.contains(where: { $0.contains(x, y) }) {
                        code = item.restored ? TruthCode.restored : TruthCode.damage
                        id = UInt16(item.id)
                    }
                }
                buffer.values[r * window.width + c] = code
                buffer.values[n + r * window.width + c] = id
            }
        }
        return buffer
    }

    /// Every item's footprint (the union of its shapes) in lon/lat, with what it is.
    public func truthFeatures() throws -> [Feature] {
        try items.compactMap { item in
            let shapes = item.activity != nil || item.restored ? item.changed : item.layers.map(\.shape)
            var polygons: [Geometry] = []
            for shape in shapes {
                for ring in shape.rings { polygons.append(.polygon(Polygon(exterior: try lonLat(ring)))) }
            }
            guard !polygons.isEmpty else { return nil }
            let role = item.activity != nil ? "damage" : item.restored ? "restored" : "trap"
            return Feature(id: .int(Int64(item.id)), geometry: try Geometry.unaryUnion(polygons), properties: [
                "id": .int(Int64(item.id)), "role": .string(role),
                "activity": item.activity.map { .string($0.rawValue) } ?? .null,
                "trap": item.trap.map { .string($0.rawValue) } ?? .null,
            ])
        }
    }

    /// `body` of 0..<count on all cores, results in order.
    static func parallelMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        let results = Mutex([T?](repeating: nil, count: count))
        DispatchQueue.concurrentPerform(iterations: count) { k in
            let value = body(k)
            results.withLock { $0[k] = value }
        }
        return results.withLock { $0.map { $0! } }
    }

    /// Pixel coordinates to lon/lat through the grid.
    func lonLat(_ ring: [(Double, Double)]) throws -> [Coordinate] {
        let g = grid.geoTransform
        return try Transformer(from: grid.crs!, to: .wgs84).transform(ring.map { g.pixelToGeo(column: $0.0, row: $0.1) })
    }
}
