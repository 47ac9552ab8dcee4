import Foundation
import GeoKit

/// What a tile job of a distributed scan stores: its blocks' components, which the area's stitch
/// joins across tile edges, and the finished patches of the components lying wholly inside the
/// tile. Outlining a patch (polygon, repair, reprojection, measures, activity) is most of an
/// area's stitch; tile jobs run on every worker at once while the stitch runs on one, so the
/// stitch only outlines the patches that cross tile seams and takes the others as stored.
struct TileResult: Sendable {
    var blocks: [(index: Int, components: BlockComponents)]
    /// Interior patches by their component's first run (`ComponentRun.key`); nil for a
    /// component the classifier drops as natural change.
    var patches: [Int64: Patch?]

    /// Format tag, distinct from `BlockComponents.encodingVersion`, bumped when the layout (or
    /// the tiles' numbering, `TileLayout`) changes.
    static let encodingVersion: Int32 = 1_003

    /// The bytes stored for the tile: numbers bit for bit, outlines as WKB, so the stitch gets
    /// exactly the patches it would have outlined itself.
    func encoded() throws -> Data {
        var w = ByteWriter()
        w.int32(Self.encodingVersion)
        w.bytes(BlockComponents.encode(blocks))
        w.int(patches.count)
        for (key, patch) in patches.sorted(by: { $0.key < $1.key }) {
            w.int64(key)
            guard let p = patch else {
                w.int32(0)
                continue
            }
            w.int32(1)
            w.bytes(Data(try p.geometry.wkb))
            w.bytes(Data(p.activity.rawValue.utf8))
            w.bytes(Data(p.change.rawValue.utf8))
            for v in [p.areaM2, p.perimeterM, p.confidence, p.magnitudeRatio, p.dNDVI, p.dWater, p.dBare, p.dBrightness, p.elongation,
                      p.spectralAngle, p.oldEdgeShare, p.shiftShare, p.meanVectorAngle, p.rectangularity] { w.double(v) }
            w.int(p.pixelCount)
        }
        return w.data
    }

    /// Reads `encoded()`'s bytes.
    /// - Throws: `DomainError.invalidInput` naming `what` for truncated or foreign bytes.
    static func decode(_ data: Data, what: String) throws -> TileResult {
        var r = ByteReader(data, what: what)
        guard try r.int32() == encodingVersion else { throw DomainError.invalidInput("\(what) was written by another Shanshui version") }
        let blocks = try BlockComponents.decode(try r.bytes(), what: what)
        var patches: [Int64: Patch?] = [:]
        for _ in 0..<max(0, try r.int()) {
            let key = try r.int64()
            guard try r.int32() == 1 else {
                patches[key] = .some(nil)
                continue
            }
            let geometry = try Geometry(wkb: [UInt8](try r.bytes()))
            func value<T: RawRepresentable<String>>(_: T.Type) throws -> T {
                let text = String(decoding: try r.bytes(), as: UTF8.self)
                guard let v = T(rawValue: text) else { throw DomainError.invalidInput("\(what) holds an unknown value '\(text)'") }
                return v
            }
            let activity = try value(Activity.self), change = try value(ChangeClass.self)
            let v = try (0..<14).map { _ in try r.double() }
            patches[key] = Patch(id: 0, geometry: geometry, areaM2: v[0], perimeterM: v[1], activity: activity, change: change,
                                 confidence: v[2], magnitudeRatio: v[3], dNDVI: v[4], dWater: v[5], dBare: v[6], dBrightness: v[7],
                                 elongation: v[8], spectralAngle: v[9], pixelCount: try r.int(), oldEdgeShare: v[10], shiftShare: v[11],
                                 meanVectorAngle: v[12], rectangularity: v[13])
        }
        guard r.isAtEnd else { throw DomainError.invalidInput("\(what) has trailing bytes") }
        return TileResult(blocks: blocks, patches: patches)
    }
}

extension ComponentRun {
    /// The run's place in the grid as one number: a component's first run names it in any
    /// process, since a run belongs to one component.
    var key: Int64 { Int64(row) << 32 | Int64(UInt32(bitPattern: start)) }
}

extension ChangeDetector {
    /// The patches of the components of one tile's blocks that touch none of the tile's four
    /// edges, so no other tile holds a part of them: outlined here exactly as `assemble` would
    /// (same runs and statistics in the same order, same minimum mapping unit). Components
    /// reaching an edge are left to the stitch.
    /// - Parameter blocks: the tile's blocks in block order, laid out `rows` × `columns`.
    func interiorPatches(_ plan: DetectionPlan, blocks: [BlockComponents], rows: Int, columns: Int) throws -> [Int64: Patch?] {
        var stitcher = ComponentStitcher(blocks: blocks, rows: rows, columns: columns)
        let seam = Self.edgeComponents(blocks, stitcher: &stitcher, rows: rows, columns: columns)
        let pixelArea = try ChangeDetector.pixelAreaM2(plan.alignment)
        let (statistics, runs, grown) = components(blocks, stitcher: &stitcher, minimumPixels: configuration.minimumArea / pixelArea, excluded: seam)
        let roots = Array(runs.keys), componentRuns = runs, componentGrown = grown, componentStatistics = statistics
        let grid = plan.alignment.grid, model = plan.model, tolerance = configuration.simplifyTolerance, pixelSize = pixelArea.squareRoot()
        let found = try Parallel.map(count: roots.count, threads: configuration.threads, makeWorker: {
            try Transformer.cached(from: grid.crs ?? .wgs84, to: .wgs84)
        }) { transformer, k in
            try ChangeDetector.patch(id: 0, runs: componentRuns[roots[k]]!, grown: componentGrown[roots[k]] ?? [], statistics: componentStatistics[roots[k]]!, grid: grid,
                                     model: model, pixelSize: pixelSize, tolerance: tolerance, transformer: transformer)
        }
        var patches: [Int64: Patch?] = [:]
        for (k, root) in roots.enumerated() { patches[componentRuns[root]![0].key] = found[k] }
        return patches
    }
}
