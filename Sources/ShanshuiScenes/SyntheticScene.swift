import Foundation
import GeoKit
import Shanshui

/// A deterministic synthetic epoch pair for tests and the benchmark: a textured landscape of
/// vegetation, farmland soil, lakes and a sea coast, two epochs differing by sensor gain and
/// offset, season and noise, a few clouds with shadows, and planted changes of known kind —
/// mining blobs, construction rectangles, roads, reservoirs with dams, coastal reclamation —
/// plus vegetation recovery, which detection must report as `restored`.
///
/// Pixels are computed from hashes of their position, so any strip can be generated on its own
/// and a 12000² scene is written strip by strip in bounded memory.
public struct SyntheticScene: Sendable {
    /// What was planted.
    public enum Kind: String, CaseIterable, Sendable {
        case mining, construction, road
        case waterWorks = "water_works"
        case reclamation, restored, cloud
    }

    /// One planted object: its kind, its pixel bounding box and the shapes it paints.
    public struct Object: Sendable {
        /// 1-based number, in planting order.
        public var id: Int
        /// What was planted.
        public var kind: Kind
        /// Pixel box holding every pixel the object changes.
        public var box: Window
        var shapes: [(shape: Shape, paint: Paint)]
    }

    /// Columns.
    public let width: Int
    /// Rows.
    public let height: Int
    /// Bands: 4 (blue, green, red, nir) or 6 (plus swir1, swir2).
    public let bandCount: Int
    /// Seed of every random choice.
    public let seed: UInt64
    /// Planted changes (clouds excluded).
    public internal(set) var objects: [Object] = []
    /// Clouds (with their shadows) in either epoch.
    public internal(set) var clouds: [Object] = []
    /// Where the sea ends at row 0 (the coast wobbles around it).
    let coast: Double

    /// The grid: UTM zone 50N, 10 m pixels.
    public var grid: RasterGrid {
        RasterGrid(width: width, height: height,
                   geoTransform: GeoTransform(originX: 400_000, pixelWidth: 10, originY: 3_500_000, pixelHeight: -10),
                   crs: try? CRS(epsg: 32650))
    }

    /// Plans a scene.
    /// - Parameters:
    ///   - width: columns, at least 300.
    ///   - height: rows, at least 300.
    ///   - bandCount: 4 or 6.
    ///   - seed: seed of the layout and noise.
    ///   - cellSize: one planted object per cell of this many pixels.
    public init(width: Int, height: Int, bandCount: Int = 4, seed: UInt64 = 1, cellSize: Int = 150) {
        precondition(width >= 300 && height >= 300 && (bandCount == 4 || bandCount == 6), "scene too small or bad band count")
        self.width = width
        self.height = height
        self.bandCount = bandCount
        self.seed = seed
        coast = Double(min(100, width / 12))
        plant(cellSize: cellSize)
    }

    /// Writes the two epochs as tiled DEFLATE GeoTIFFs (UInt16 reflectance × 10000).
    /// - Parameters:
    ///   - before: path of the earlier epoch.
    ///   - after: path of the later epoch.
    public func write(before: String, after: String) throws {
        let profile = RasterProfile(grid: grid, bandCount: bandCount, dataType: .uint16, noData: 0)
        let outputs = [try Raster.create(before, profile: profile), try Raster.create(after, profile: profile)]
        for (i, raster) in outputs.enumerated() {
            for (b, role) in BandRole.allCases.prefix(bandCount).enumerated() {
                try raster.setDescription(role.rawValue, band: b + 1)
            }
            for row in stride(from: 0, to: height, by: 256) {
                let window = Window(column: 0, row: row, width: width, height: min(256, height - row))
                try raster.write(strip(window, epoch: i), at: window)
            }
            try raster.flush()
        }
    }

    /// The planted objects as features (pixel boxes in lon/lat, with `kind` and `id`), for
    /// scoring detections by object.
    public func truthFeatures() throws -> [Feature] {
        let transformer = try Transformer(from: grid.crs!, to: .wgs84)
        return try (objects + clouds).map { o in
            let g = grid.geoTransform
            let corners = [(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)].map {
                g.pixelToGeo(column: Double(o.box.column + $0.0 * o.box.width), row: Double(o.box.row + $0.1 * o.box.height))
            }
            let ring = try transformer.transform(corners).reversed()
            return Feature(id: .int(Int64(o.id)), geometry: .polygon(Polygon(exterior: Array(ring))),
                           properties: ["kind": .string(o.kind.rawValue), "id": .int(Int64(o.id))])
        }
    }

    /// The pixels of one epoch over a window, band-sequential.
    func strip(_ window: Window, epoch: Int) -> RasterBuffer<UInt16> {
        var buffer = RasterBuffer<UInt16>(width: window.width, height: window.height, bandCount: bandCount)
        let active = (objects + clouds).filter { $0.box.intersection(window) != nil }
        let n = window.pixelCount
        let gains: [Double] = epoch == 0 ? [1, 1, 1, 1, 1, 1] : [1.08, 1.05, 0.94, 1.12, 1.06, 0.97]
        let offsets: [Double] = epoch == 0 ? [0, 0, 0, 0, 0, 0] : [60, -25, 30, 120, -40, 15]
        buffer.values.withUnsafeMutableBufferPointer { out in
            var spectrum = [Double](repeating: 0, count: 6)
            for r in 0..<window.height {
                let y = window.row + r
                for c in 0..<window.width {
                    let x = window.column + c
                    var material = background(x, y)
                    var shade = 1.0
                    for object in active where object.box.column <= x && x < object.box.columnEnd && object.box.row <= y && y < object.box.rowEnd {
                        for (shape, paint) in object.shapes where paint.applies(toEpoch: epoch) && shape.contains(x, y) {
                            if paint.material == .shadow {
                                shade = 0.35
                            } else {
                                material = paint.material
                                shade = 1
                            }
                        }
                    }
                    material.spectrum(into: &spectrum, season: epoch == 1)
                    let texture = 1 + 0.08 * noise(Double(x) / 9, Double(y) / 9, salt: 7) + 0.05 * noise(Double(x) / 2.5, Double(y) / 2.5, salt: 11)
                        + 0.04 * noise(Double(x) / 6, Double(y) / 6, salt: UInt64(13 + epoch))
                    for b in 0..<bandCount {
                        let grain = gaussian(x, y, salt: UInt64(epoch * 8 + b + 1)) * (0.03 * spectrum[b] + 30)
                        let value = (spectrum[b] * texture * shade + grain) * gains[b] + offsets[b]
                        out[b * n + r * window.width + c] = UInt16(max(1, min(65_000, value.rounded())))
                    }
                }
            }
        }
        return buffer
    }

    /// The land cover before anything was planted.
    func background(_ x: Int, _ y: Int) -> Material {
        let wobble = 12 * noise(Double(y) / 40, 0.5, salt: 3)
        if Double(x) < coast + wobble { return .water }
        let cover = noise(Double(x) / 120, Double(y) / 120, salt: 5)
        if cover > 0.62 { return .water }
        if cover < -0.35 { return .soil }
        return .vegetation
    }
}
