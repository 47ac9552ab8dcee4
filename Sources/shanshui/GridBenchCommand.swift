import ArgumentParser
import Foundation
import GeoKit
import Shanshui

/// `shanshui grid bench` (hidden): point lookups per second on a synthetic county of village cells
/// with real-looking boundaries, in process; it can also write the cells and a points CSV so
/// `scripts/bench-grid` can time the bulk CLI lookup on the same data.
struct GridBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure grid point lookups per second on a synthetic county (for scripts/bench-grid).",
        shouldDisplay: false)

    @Option(help: "The county outline (any vector file; the first feature).") var outline: String
    @Option(help: "The county's code.") var code = "321204"
    @Option(help: "How many village cells to aim for.") var cells = 200
    @Option(help: "How many random points to look up.") var points = 2_000_000
    @Option(help: "Seed of the random boundaries and points.") var seed: UInt64 = 1
    @Option(help: "Write county.geojson and villages.geojson (fields code, name, parent) into this folder and stop.") var writeCells: String?
    @Option(help: "Write this many random points as lon,lat CSV to --points-file and stop.") var pointsFile: String?
    @OptionGroup var datum: DatumOptions

    func run() async throws {
        try await reportingFailure {
            var outlineGeometry = try VectorSource(path: outline).layer().features(to: .wgs84).first?.geometry ?? .multiPolygon([])
            outlineGeometry = outlineGeometry.converted(from: try datum.datum())
            let county = GridCell(code: code, name: "county \(code)", level: .county, parentCode: nil, geometry: outlineGeometry)
            let villages = try SyntheticCounty.villages(in: county, count: cells, seed: seed)
            var random = SplitMix64(seed: seed &+ 99)
            let box = outlineGeometry.envelope!
            let inside = try PreparedGeometry(outlineGeometry)
            // Points inside the county, as surveyed positions would be.
            func randomPoint() throws -> Coordinate {
                while true {
                    let p = Coordinate(box.minX + random.unit() * box.width, box.minY + random.unit() * box.height)
                    if try inside.covers(p) { return p }
                }
            }
            if let writeCells {
                for (name, cells) in [("county", [county]), ("villages", villages)] {
                    try VectorSink.write(cells.map { c in
                        Feature(geometry: c.geometry, properties: ["code": .string(c.code), "name": .string(c.name),
                                                                   "parent": c.parentCode.map(JSONValue.string) ?? .null])
                    }, to: URL(fileURLWithPath: writeCells).appendingPathComponent("\(name).geojson").path)
                }
                print("wrote 1 county and \(villages.count) village cell(s) to \(writeCells)")
            }
            if let pointsFile {
                var text = "id,lon,lat\n"
                for k in 0..<points {
                    let p = try randomPoint()
                    text += "\(k + 1),\(String(format: "%.7f", p.x)),\(String(format: "%.7f", p.y))\n"
                }
                try Data(text.utf8).write(to: URL(fileURLWithPath: pointsFile), options: .atomic)
                print("wrote \(points) point(s) to \(pointsFile)")
            }
            guard writeCells == nil, pointsFile == nil else { return }
            try measure(county: county, villages: villages, points: (0..<points).map { _ in try randomPoint() })
        }
    }

    private func measure(county: GridCell, villages: [GridCell], points: [Coordinate]) throws {
        let snapshot = GridSnapshot(day: try WallClock.command().today, cells: [county] + villages, assignments: [])
        let vertices = villages.reduce(0) { $0 + $1.geometry.allCoordinates.count }
        print("\(villages.count) village cells, \(vertices / max(1, villages.count)) vertices each on average; \(points.count) random points in the county")
        let plain = try GridIndex(snapshot)
        let sample = Array(points.prefix(200_000))
        var started = Stopwatch()
        for p in sample { _ = try plain.cellIndex(at: p) }
        let plainRate = Double(sample.count) / started.seconds
        print(String(format: "STRtree + prepared geometries, 1 thread: %.0f points/s", plainRate))
        started = Stopwatch()
        let fast = try GridIndex(snapshot, accelerated: true)
        let build = started.seconds
        let leaves = fast.interior!.leafCounts
        print(String(format: "interior tree built in %.2f s: %d leaves, %d need GEOS", build, leaves.total, leaves.uncertain))
        started = Stopwatch()
        for p in points { _ = try fast.cellIndex(at: p) }
        let oneThread = Double(points.count) / started.seconds
        let same = try sample.allSatisfy { try fast.cellIndex(at: $0) == plain.cellIndex(at: $0) }
        print(String(format: "interior tree + STRtree + prepared, 1 thread: %.0f points/s (answers equal to the plain index: %@)", oneThread, same ? "yes" : "NO"))
        started = Stopwatch()
        let answers = try GridLookup.cells(at: points, in: snapshot)
        let all = Double(points.count) / started.seconds
        let covered = answers.compactMap { $0 }.count
        print(String(format: "GridLookup on %d threads (build included): %.0f points/s; %.1f%% of points in a cell",
                     ProcessInfo.processInfo.activeProcessorCount, all, 100 * Double(covered) / Double(points.count)))
    }
}

/// Village cells with real-looking boundaries for benchmarks: a jittered lattice whose shared
/// edges wiggle (midpoint displacement, the same polyline for both neighbours), clipped to the county.
enum SyntheticCounty {
    static func villages(in county: GridCell, count: Int, seed: UInt64) throws -> [GridCell] {
        let crs = try CRS.gaussKruger3(longitude: county.geometry.envelope!.center.x)
        let shape = try Transformer(from: .wgs84, to: crs).transform(county.geometry)
        let back = try Transformer(from: crs, to: .wgs84)
        var side = (try shape.planarArea / Double(count)).squareRoot()
        var pieces: [Geometry] = []
        for _ in 0..<4 {
            pieces = try lattice(shape, side: side, seed: seed)
            if abs(pieces.count - count) <= count / 50 { break }
            side *= (Double(pieces.count) / Double(count)).squareRoot()
        }
        let box = shape.envelope!
        return try pieces.enumerated().map { n, piece in
            // Four townships by quadrant of the county, so the villages name parents to dissolve.
            let c = piece.envelope!.center
            let township = county.code + String(format: "%03d", 1 + (c.x > box.center.x ? 1 : 0) + (c.y > box.center.y ? 2 : 0))
            let code = township + String(format: "%03d", n + 1)
            return GridCell(code: code, name: "村\(code.suffix(6))", level: .village, parentCode: township,
                            geometry: try back.transform(piece))
        }
    }

    private static func lattice(_ shape: Geometry, side: Double, seed: UInt64) throws -> [Geometry] {
        let box = shape.envelope!
        let columns = Int((box.width / side).rounded(.up)), rows = Int((box.height / side).rounded(.up))
        var random = SplitMix64(seed: seed)
        var nodes: [[Coordinate]] = []
        for j in 0...rows {
            nodes.append((0...columns).map { i in
                let inner = i > 0 && i < columns && j > 0 && j < rows
                let (dx, dy) = inner ? ((random.unit() - 0.5) * 0.5 * side, (random.unit() - 0.5) * 0.5 * side) : (0, 0)
                return Coordinate(box.minX + Double(i) * side + dx, box.minY + Double(j) * side + dy)
            })
        }
        func edge(_ a: Coordinate, _ b: Coordinate, key: UInt64) -> [Coordinate] {
            var r = SplitMix64(seed: seed &* 31 &+ key)
            var line = [a, b]
            var amplitude = 0.12
            for _ in 0..<5 {
                var next = [line[0]]
                for (p, q) in zip(line, line.dropFirst()) {
                    let (dx, dy) = (q.x - p.x, q.y - p.y)
                    let shift = (r.unit() - 0.5) * 2 * amplitude
                    next += [Coordinate((p.x + q.x) / 2 - dy * shift, (p.y + q.y) / 2 + dx * shift), q]
                }
                line = next
                amplitude *= 0.6
            }
            return line
        }
        let prepared = try PreparedGeometry(shape)
        var out: [Geometry] = []
        for j in 0..<rows {
            for i in 0..<columns {
                let h = UInt64(j * (columns + 1) + i) * 4
                let bottom = edge(nodes[j][i], nodes[j][i + 1], key: h)
                let right = edge(nodes[j][i + 1], nodes[j + 1][i + 1], key: h + 4 + 1)
                let top = edge(nodes[j + 1][i], nodes[j + 1][i + 1], key: h + UInt64(columns + 1) * 4)
                let left = edge(nodes[j][i], nodes[j + 1][i], key: h + 1)
                var cell = Geometry.polygon(Polygon(exterior: bottom + right.dropFirst() + top.reversed().dropFirst() + left.reversed().dropFirst()))
                guard try prepared.intersects(cell) else { continue }
                if try !cell.validity().isValid { cell = try cell.makeValid() }
                let piece = try cell.intersection(shape)
                if try !piece.polygons.isEmpty && piece.planarArea > 1 { out.append(.multiPolygon(piece.polygons)) }
            }
        }
        return out
    }
}
