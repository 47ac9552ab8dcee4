import GeoKit

/// One epoch opened for reading on one thread: its role bands as `Float` planes over any window
/// of the reference grid, warping on the fly where a file lies on another grid, plus which
/// pixels are invalid (nodata, or masked). Not `Sendable`: each worker opens its own.
final class EpochReader {
    private struct Group {
        let raster: Raster
        var bands: [Int]
        var planes: [Int]
        var noData: [Double?]
    }

    private var groups: [Group] = []
    private let mask: Raster?
    private let bandCount: Int

    /// Opens the files of `plan` (and virtual warps onto `grid` where needed).
    init(_ plan: EpochPlan, grid: RasterGrid) throws {
        var opened: [String: Raster] = [:]
        func raster(_ source: BandSource, resampling: Resampling) throws -> Raster {
            let key = "\(source.file)|\(source.warp)"
            if let r = opened[key] { return r }
            var r = try Raster.open(source.file)
            if source.warp { r = try r.warp(onto: grid, resampling: resampling) }
            opened[key] = r
            return r
        }
        for (plane, source) in plan.bands.enumerated() {
            let r = try raster(source, resampling: .bilinear)
            let noData = source.warp ? (source.noData ?? 0) : source.noData
            if let i = groups.firstIndex(where: { $0.raster === r }) {
                groups[i].bands.append(source.band)
                groups[i].planes.append(plane)
                groups[i].noData.append(noData)
            } else {
                groups.append(Group(raster: r, bands: [source.band], planes: [plane], noData: [noData]))
            }
        }
        bandCount = plan.bands.count
        mask = try plan.mask.map { try raster($0, resampling: .nearest) }
    }

    /// Reads the role bands over `window` into `planes` (band-sequential, role order) and marks
    /// invalid pixels in `invalid` (1 = nodata in any band, all bands zero, or masked).
    func read(_ window: Window, planes: inout [Float], invalid: inout [UInt8]) throws {
        let n = window.pixelCount
        if planes.count != n * bandCount { planes = [Float](repeating: 0, count: n * bandCount) }
        if invalid.count != n { invalid = [UInt8](repeating: 0, count: n) }
        for i in 0..<n { invalid[i] = 0 }
        for group in groups {
            let buffer = try group.raster.read(bands: group.bands, window: window, as: Float.self)
            if groups.count == 1, group.planes == Array(0..<bandCount) {
                planes = buffer.values   // one multiband file in role order: no copy
            } else {
                planes.withUnsafeMutableBufferPointer { target in
                    buffer.values.withUnsafeBufferPointer { source in
                        for (k, plane) in group.planes.enumerated() {
                            (target.baseAddress! + plane * n).update(from: source.baseAddress! + k * n, count: n)
                        }
                    }
                }
            }
            for (k, plane) in group.planes.enumerated() {
                guard let noData = group.noData[k].map({ Float($0) }) else { continue }
                planes.withUnsafeBufferPointer { p in
                    invalid.withUnsafeMutableBufferPointer { bad in
                        let base = plane * n
                        for i in 0..<n where p[base + i] == noData || p[base + i].isNaN { bad[i] = 1 }
                    }
                }
            }
        }
        planes.withUnsafeBufferPointer { p in
            invalid.withUnsafeMutableBufferPointer { bad in
                for i in 0..<n where bad[i] == 0 {
                    var allZero = true
                    for b in 0..<bandCount where p[b * n + i] != 0 {
                        allZero = false
                        break
                    }
                    if allZero { bad[i] = 1 }
                }
            }
        }
        if let mask {
            let m = try mask.read(band: 1, window: window, as: UInt8.self)
            for i in 0..<n where m.values[i] != 0 { invalid[i] = 1 }
        }
    }
}
