import Foundation
import GeoKit

extension ChangeDetector {
    /// Stitches the blocks' components, drops those under the minimum mapping unit, and turns the
    /// rest into patches with lon/lat outlines, measures and activity; with a region, only the
    /// patches that reach into it (the blocks around it were analysed too). A component in
    /// `known` (by its first run) is not outlined again; nor is one lying wholly inside the layout
    /// that `outlines` holds, and those this call outlines go into `outlines`.
    func buildPatches(_ blocks: [BlockComponents], layout: BlockLayout, alignment: Alignment, model: ChangeModel,
                      region: Envelope?, known: [Int64: Patch?] = [:], outlines: InteriorOutlines? = nil,
                      meter: ProgressMeter) throws -> DetectionResult {
        var stitcher = ComponentStitcher(blocks: blocks, rows: layout.rows, columns: layout.columns)
        let pixelArea = try ChangeDetector.pixelAreaM2(alignment)
        let seam = outlines == nil ? [] : Self.edgeComponents(blocks, stitcher: &stitcher, rows: layout.rows, columns: layout.columns)
        let (statistics, runs, grown) = components(blocks, stitcher: &stitcher, minimumPixels: configuration.minimumArea / pixelArea)
        let order = runs.keys.sorted { a, b in
            let ra = runs[a]![0], rb = runs[b]![0]
            return (ra.row, ra.start) < (rb.row, rb.start)
        }
        let interior = outlines == nil ? [] : order.filter { !seam.contains($0) }
        var taken = known
        if let outlines {
            taken.merge(outlines.patches(interior.map { runs[$0]![0].key }, pixelArea: pixelArea)) { first, _ in first }
        }
        let outlined = taken
        let componentRuns = runs, componentGrown = grown, componentStatistics = statistics
        meter.begin(.outlining, total: order.count)
        let grid = alignment.grid, tolerance = configuration.simplifyTolerance
        let pixelSize = pixelArea.squareRoot()
        let found = try Parallel.map(count: order.count, threads: configuration.threads, makeWorker: {
            try Transformer.cached(from: grid.crs ?? .wgs84, to: .wgs84)
        }) { transformer, k in
            let root = order[k]
            if let stored = outlined[componentRuns[root]![0].key] {
                meter.advance()
                return stored.map { p in
                    var numbered = p
                    numbered.id = k + 1
                    return numbered
                }
            }
            let patch = try ChangeDetector.patch(id: k + 1, runs: componentRuns[root]!, grown: componentGrown[root] ?? [], statistics: componentStatistics[root]!, grid: grid,
                                                 model: model, pixelSize: pixelSize, tolerance: tolerance, transformer: transformer)
            meter.advance()
            return patch
        }
        if let outlines {
            var kept: [Int64: Patch?] = [:]
            for (k, root) in order.enumerated() where !seam.contains(root) { kept[runs[root]![0].key] = found[k] }
            outlines.keep(kept, pixelArea: pixelArea)
        }
        // Natural change (phenology, water level, moisture) is dropped; the rest are numbered in order.
        let inside = found.compactMap { $0 }.filter { p in region.map { r in p.geometry.envelope.map(r.intersects) ?? false } ?? true }
        let patches = inside.enumerated().map { k, p in
            var numbered = p
            numbered.id = k + 1
            return numbered
        }
        let assessed = blocks.reduce(0) { $0 + $1.assessed }, changed = blocks.reduce(0) { $0 + $1.changed }
        var byActivity: [Activity: Int] = [:]
        for patch in patches where patch.change == .new { byActivity[patch.activity, default: 0] += 1 }
        let restored = patches.filter { $0.change == .restored }
        let summary = DetectionSummary(pixelsAssessed: assessed, pixelsChanged: changed, newByActivity: byActivity,
                                       restored: restored.count,
                                       newArea: patches.filter { $0.change == .new }.reduce(0) { $0 + $1.areaM2 },
                                       restoredArea: restored.reduce(0) { $0 + $1.areaM2 }, seconds: meter.elapsed)
        return DetectionResult(patches: patches, summary: summary, provenance: .null)
    }

    /// The components reaching an outer edge of a layout of `rows` × `columns` blocks: a block
    /// outside it may hold more of them.
    static func edgeComponents(_ blocks: [BlockComponents], stitcher: inout ComponentStitcher, rows: Int, columns: Int) -> Set<Int> {
        var seam = Set<Int>()
        for (k, block) in blocks.enumerated() {
            let r = k / columns, c = k % columns
            for (edge, onEdge) in [(block.top, r == 0), (block.bottom, r == rows - 1), (block.left, c == 0), (block.right, c == columns - 1)]
            where onEdge {
                for label in edge where label >= 0 { seam.insert(stitcher.component(block: k, label: label)) }
            }
        }
        return seam
    }

    /// The stitched components' statistics (merged in block and label order) and, for those of at
    /// least `minimumPixels` mapped pixels, their runs and the runs widening their outlines, in block
    /// order; components in `excluded` are left out.
    func components(_ blocks: [BlockComponents], stitcher: inout ComponentStitcher, minimumPixels: Double, excluded: Set<Int> = [])
        -> (statistics: [Int: PatchStatistics], runs: [Int: [ComponentRun]], grown: [Int: [ComponentRun]]) {
        var statistics: [Int: PatchStatistics] = [:]
        for (b, block) in blocks.enumerated() {
            for (label, s) in block.statistics.enumerated() {
                let root = stitcher.component(block: b, label: Int32(label))
                if !excluded.contains(root) { statistics[root, default: PatchStatistics()].merge(s) }
            }
        }
        var runs: [Int: [ComponentRun]] = [:]
        for (b, block) in blocks.enumerated() {
            for run in block.runs {
                let root = stitcher.component(block: b, label: run.label)
                guard let s = statistics[root], s.mappedPixels >= minimumPixels else { continue }
                runs[root, default: []].append(run)
            }
        }
        var grown: [Int: [ComponentRun]] = [:]
        for (b, block) in blocks.enumerated() {
            for run in block.grown {
                let root = stitcher.component(block: b, label: run.label)
                guard runs[root] != nil else { continue }
                grown[root, default: []].append(run)
            }
        }
        return (statistics, runs, grown)
    }

    /// One patch from a component's runs and statistics, decided on them alone and drawn with the
    /// `grown` runs too (see `OutlineGrowth`); nil for natural change, which is not reported
    /// (see `ActivityClassifier`).
    static func patch(id: Int, runs: [ComponentRun], grown: [ComponentRun] = [], statistics s: PatchStatistics, grid: RasterGrid, model: ChangeModel,
                      pixelSize: Double, tolerance: Double?, transformer: Transformer) throws -> Patch? {
        let outline = Polygonizer.outline(runs)
        let shape = PatchShape(runs: runs, statistics: s, perimeterEdges: outline.edgeCount)
        let evidence = ActivityClassifier.Evidence(
            ndviBefore: s.mean(s.ndviBefore), ndviAfter: s.mean(s.ndviAfter),
            waterFractionBefore: Double(s.waterPixelsBefore) / Double(s.count), waterFractionAfter: Double(s.waterPixelsAfter) / Double(s.count),
            dWater: s.mean(s.waterAfter - s.waterBefore), dBare: s.mean(s.bareAfter - s.bareBefore),
            dBrightness: s.mean(s.visibleAfter - s.visibleBefore) / Double(model.brightnessScale),
            bareAfter: s.mean(s.bareAfter),
            spectralAngle: acos(max(-1, min(1, s.mean(s.cosine)))) * 180 / .pi,
            enclosed: Double(outline.polygons.flatMap(\.holes).reduce(0) { $0 + abs(Polygonizer.signedArea($1)) }) / Double(2 * max(s.count, 1)),
            oldEdgeShare: s.oldEdgeShare, shiftShare: s.shiftShare, meanVectorAngle: s.meanVectorAngle, pixels: s.count, shape: shape, pixelSize: pixelSize)
        guard let (activity, change) = ActivityClassifier.classify(evidence) else { return nil }
        let g = grid.geoTransform
        func ring(_ r: Polygonizer.Ring) -> [Coordinate] {
            r.map { g.pixelToGeo(column: Double($0.x), row: Double($0.y)) }
        }
        let drawnRuns = OutlineGrowth.drawn(runs: runs, pixels: s.count, grown: grown)
        let drawn = drawnRuns.count == runs.count ? outline : Polygonizer.outline(drawnRuns)
        var geometry = Geometry.multiPolygon(drawn.polygons.map { Polygon(exterior: ring($0.exterior), holes: $0.holes.map(ring)) })
        if let tolerance, tolerance > 0 { geometry = try geometry.simplified(tolerance: tolerance) }
        // Simplification and reprojection can make rings cross: repair, so only valid outlines are stored and served.
        geometry = ChangeDetector.rightHanded(try transformer.transform(geometry).validPolygonal())
        if case .multiPolygon(let parts) = geometry, parts.count == 1 { geometry = .polygon(parts[0]) }
        let ratio = s.mean(s.magnitude) / Double(model.threshold)
        let (areaM2, perimeterM) = geometry.geodesicAreaAndPerimeter
        var patch = Patch(id: id, geometry: geometry, areaM2: areaM2, perimeterM: perimeterM,
                          activity: activity, change: change, confidence: 0, magnitudeRatio: ratio,
                          dNDVI: evidence.ndviAfter - evidence.ndviBefore, dWater: evidence.dWater,
                          dBare: evidence.dBare, dBrightness: evidence.dBrightness, elongation: shape.elongation,
                          spectralAngle: evidence.spectralAngle, pixelCount: s.count, oldEdgeShare: s.oldEdgeShare,
                          shiftShare: s.shiftShare, meanVectorAngle: s.meanVectorAngle, rectangularity: shape.rectangularity)
        patch.confidence = PatchConfidence.of(patch)
        return patch
    }

    /// RFC 7946 ring order: exteriors counter-clockwise, holes clockwise.
    static func rightHanded(_ geometry: Geometry) -> Geometry {
        func area(_ ring: [Coordinate]) -> Double {
            zip(ring, ring.dropFirst()).reduce(0) { $0 + $1.0.x * $1.1.y - $1.1.x * $1.0.y }
        }
        func orient(_ p: Polygon) -> Polygon {
            Polygon(exterior: area(p.exterior) < 0 ? p.exterior.reversed() : p.exterior,
                    holes: p.holes.map { area($0) > 0 ? $0.reversed() : $0 })
        }
        switch geometry {
        case .polygon(let p): return .polygon(orient(p))
        case .multiPolygon(let ps): return .multiPolygon(ps.map(orient))
        default: return geometry
        }
    }

    /// The area of one pixel of the grid in m²: from the geotransform in a projected CRS, on the
    /// ellipsoid at the window's centre in a geographic one.
    static func pixelAreaM2(_ alignment: Alignment) throws -> Double {
        let g = alignment.grid.geoTransform
        guard let crs = alignment.grid.crs, crs.isGeographic else { return g.pixelArea }
        let w = alignment.window
        let c = g.pixelToGeo(column: Double(w.column) + Double(w.width) / 2, row: Double(w.row) + Double(w.height) / 2)
        let lonlat = try Transformer.cached(from: crs, to: .wgs84)
        let a = try lonlat.transform(c)
        let b = try lonlat.transform(Coordinate(c.x + g.pixelWidth, c.y))
        let d = try lonlat.transform(Coordinate(c.x, c.y + g.pixelHeight))
        return Geometry.geodesicDistance(a, b) * Geometry.geodesicDistance(a, d)
    }

    /// Inputs, dates, roles, grid, method and fitted figures, for the output file.
    func provenance(alignment: Alignment, model: ChangeModel, before: EpochSource, after: EpochSource, region: Envelope?) -> JSONValue {
        func epoch(_ e: EpochSource) -> JSONValue {
            .object([("files", .array(e.files.map { .string($0) })), ("mask", e.mask.map { .string($0) } ?? .null),
                     ("date", e.date.map { .string($0.description) } ?? .null)])
        }
        func numbers(_ values: [Float]) -> JSONValue { .array(values.map { .double((Double($0) * 1e5).rounded() / 1e5) }) }
        let g = alignment.grid, indices = SpectralIndices(roles: alignment.roles)
        var members: [(key: String, value: JSONValue)] = [
            ("software", .string(DetectionResult.softwareVersion)),
            ("generated", .string(clock.now.description)),
            ("before", epoch(before)), ("after", epoch(after)),
            ("band_roles", .string(alignment.bandRoles.description)),
            ("grid", .object([("crs", .string(g.crs?.description ?? "none")), ("width", .int(Int64(g.width))),
                              ("height", .int(Int64(g.height))), ("pixel_size", .double(abs(g.geoTransform.pixelWidth))),
                              ("window", .array([alignment.window.column, alignment.window.row, alignment.window.width,
                                                 alignment.window.height].map { .int(Int64($0)) }))])),
            ("method", .string(model.measure == .irmad
                ? "IR-MAD chi-square (\(model.irmad.iterations) iterations), 3x3 mean, threshold on its square root"
                : "standardised change vectors (BEFORE shifted up to half a pixel), 3x3 mean, threshold on its square root")),
            ("measure", .string(model.measure.rawValue)),
            ("threshold", .double((Double(model.threshold) * 1e4).rounded() / 1e4)),
            ("threshold_source", .string(model.thresholdSource)),
            ("warnings", .array(model.warning.map { [.string($0)] } ?? [])),
            ("canonical_correlations", .array(model.irmad.correlations.map { .double(($0 * 1e5).rounded() / 1e5) })),
            ("normalisation", .object([("gains", numbers(model.normalisation.gains)), ("offsets", numbers(model.normalisation.offsets))])),
            ("cloud_screen", .object([("before", .string(model.beforeScreen != nil ? "automatic" : (before.mask != nil ? "mask" : "off"))),
                                      ("after", .string(model.afterScreen != nil ? "automatic" : (after.mask != nil ? "mask" : "off")))])),
            ("indices", .object([("vegetation", "NDVI"), ("water", .string(indices.waterIndexName)), ("bare", .string(indices.bareIndexName))])),
            ("min_area_m2", .double(configuration.minimumArea)),
            ("simplify_tolerance", configuration.simplifyTolerance.map { .double($0) } ?? .null),
        ]
        if let region {
            members.append(("region", .array([region.minX, region.minY, region.maxX, region.maxY].map { .double($0) })))
        }
        members.append(("notes", .array(alignment.notes.map { .string($0) })))
        return .object(members)
    }
}
