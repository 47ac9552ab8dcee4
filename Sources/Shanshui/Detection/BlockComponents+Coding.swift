import Foundation
import GeoKit

extension BlockComponents {
    /// Format tag of the encoding, bumped when the layout changes.
    static let encodingVersion: Int32 = 5

    /// Encodes blocks' components exactly (bit for bit), so that a process stitching them gets
    /// the patches one process analysing every block would.
    static func encode(_ blocks: [(index: Int, components: BlockComponents)]) -> Data {
        var w = ByteWriter()
        w.int32(encodingVersion)
        w.int(blocks.count)
        for (index, b) in blocks {
            w.int(index)
            for v in [b.window.column, b.window.row, b.window.width, b.window.height, b.assessed, b.changed] { w.int(v) }
            for runs in [b.runs, b.grown] {
                w.int(runs.count)
                for r in runs {
                    w.int32(r.row)
                    w.int32(r.start)
                    w.int32(r.end)
                    w.int32(r.label)
                }
            }
            w.int(b.statistics.count)
            for s in b.statistics {
                for v in [s.count, s.core, s.waterPixelsBefore, s.waterPixelsAfter, s.outline, s.outlineOnOldEdge] { w.int(v) }
                for v in [s.rootSum, s.rootPeak, s.cosine, s.magnitude, s.ndviBefore, s.ndviAfter, s.waterBefore, s.waterAfter, s.bareBefore, s.bareAfter,
                          s.visibleBefore, s.visibleAfter, s.sx, s.sy, s.sxx, s.syy, s.sxy, s.shiftForgiven, s.shiftPlain] { w.double(v) }
                w.int(s.bandsBefore.count)
                for v in s.bandsBefore + s.bandsAfter { w.double(v) }
            }
            // Edges without change (most of them) are stored empty.
            for edge in [b.top, b.bottom, b.left, b.right] { w.int32s(edge.contains { $0 >= 0 } ? edge : []) }
        }
        return w.data
    }

    /// Decodes what `encode` wrote.
    /// - Throws: `DomainError.invalidInput` naming `what` for truncated or foreign bytes.
    static func decode(_ data: Data, what: String) throws -> [(index: Int, components: BlockComponents)] {
        var r = ByteReader(data, what: what)
        guard try r.int32() == encodingVersion else { throw DomainError.invalidInput("\(what) was written by another Shanshui version") }
        let count = try r.int()
        var blocks: [(index: Int, components: BlockComponents)] = []
        for _ in 0..<max(0, count) {
            let index = try r.int()
            let window = Window(column: try r.int(), row: try r.int(), width: try r.int(), height: try r.int())
            let assessed = try r.int(), changed = try r.int()
            func runs() throws -> [ComponentRun] {
                try (0..<max(0, try r.int())).map { _ in
                    ComponentRun(row: try r.int32(), start: try r.int32(), end: try r.int32(), label: try r.int32())
                }
            }
            let changedRuns = try runs(), grown = try runs()
            let statistics = try (0..<max(0, try r.int())).map { _ in
                var s = PatchStatistics()
                s.count = try r.int()
                s.core = try r.int()
                s.waterPixelsBefore = try r.int()
                s.waterPixelsAfter = try r.int()
                s.outline = try r.int()
                s.outlineOnOldEdge = try r.int()
                s.rootSum = try r.double()
                s.rootPeak = try r.double()
                s.cosine = try r.double()
                s.magnitude = try r.double()
                s.ndviBefore = try r.double()
                s.ndviAfter = try r.double()
                s.waterBefore = try r.double()
                s.waterAfter = try r.double()
                s.bareBefore = try r.double()
                s.bareAfter = try r.double()
                s.visibleBefore = try r.double()
                s.visibleAfter = try r.double()
                s.sx = try r.double()
                s.sy = try r.double()
                s.sxx = try r.double()
                s.syy = try r.double()
                s.sxy = try r.double()
                s.shiftForgiven = try r.double()
                s.shiftPlain = try r.double()
                let bands = try r.int()
                guard (0...64).contains(bands) else { throw DomainError.invalidInput("\(what) has \(bands) bands in a patch's sums") }
                s.bandsBefore = try (0..<bands).map { _ in try r.double() }
                s.bandsAfter = try (0..<bands).map { _ in try r.double() }
                return s
            }
            func edge(_ length: Int) throws -> [Int32] {
                let e = try r.int32s()
                guard e.isEmpty || e.count == length else { throw DomainError.invalidInput("\(what) has an edge of the wrong length") }
                return e.isEmpty ? Array(repeating: -1, count: length) : e
            }
            let top = try edge(window.width), bottom = try edge(window.width), left = try edge(window.height), right = try edge(window.height)
            blocks.append((index, BlockComponents(window: window, runs: changedRuns, grown: grown, statistics: statistics, top: top, bottom: bottom,
                                                  left: left, right: right, assessed: assessed, changed: changed)))
        }
        guard r.isAtEnd else { throw DomainError.invalidInput("\(what) has trailing bytes") }
        return blocks
    }
}

extension ChangeModel {
    /// The model as JSON, numbers exact (shortest round-tripping decimals), for the tile jobs.
    func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// Reads `encoded()`'s JSON.
    static func decoded(_ json: String) throws -> ChangeModel {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            return try decoder.decode(ChangeModel.self, from: Data(json.utf8))
        } catch {
            throw DomainError.invalidInput("the stored change model cannot be read: \(error)")
        }
    }
}

/// Tiles of whole blocks: the unit of work a distributed scan hands to workers. Tiles never cut
/// a block, so the blocks' results (and the patches) do not depend on the tiling. The last
/// `halvedTail` tiles are cut in two (along their longer side), so the workers of an area
/// finish its tiles together rather than all but one waiting on the last whole tile.
struct TileLayout: Sendable {
    let blocks: BlockLayout
    /// Blocks per tile side.
    let span: Int
    /// Each job's rectangle of blocks, in job order.
    private let pieces: [Piece]

    /// A rectangle of blocks: first block row and column, and its rows and columns.
    private struct Piece: Sendable {
        var row, column, rows, columns: Int
    }

    /// Whole tiles cut in two at the end of the job order.
    static let halvedTail = 2

    /// Tiles of `tileSize` pixels (rounded to whole blocks, at least one).
    init(blocks: BlockLayout, tileSize: Int) {
        self.blocks = blocks
        let span = max(1, tileSize / blocks.size)
        self.span = span
        let rows = (blocks.rows + span - 1) / span, columns = (blocks.columns + span - 1) / span
        var pieces: [Piece] = []
        for tile in 0..<(rows * columns) {
            let i = tile / columns, j = tile % columns
            let whole = Piece(row: i * span, column: j * span, rows: min(blocks.rows, (i + 1) * span) - i * span,
                              columns: min(blocks.columns, (j + 1) * span) - j * span)
            if tile < rows * columns - Self.halvedTail || whole.rows * whole.columns < 2 {
                pieces.append(whole)
            } else if whole.rows >= whole.columns {
                let top = (whole.rows + 1) / 2
                pieces.append(Piece(row: whole.row, column: whole.column, rows: top, columns: whole.columns))
                pieces.append(Piece(row: whole.row + top, column: whole.column, rows: whole.rows - top, columns: whole.columns))
            } else {
                let left = (whole.columns + 1) / 2
                pieces.append(Piece(row: whole.row, column: whole.column, rows: whole.rows, columns: left))
                pieces.append(Piece(row: whole.row, column: whole.column + left, rows: whole.rows, columns: whole.columns - left))
            }
        }
        self.pieces = pieces
    }

    /// Tile jobs (whole tiles and halves).
    var count: Int { pieces.count }

    /// The block indices of a tile job, row-major.
    func blockIndices(_ tile: Int) -> [Int] {
        let p = pieces[tile]
        var indices: [Int] = []
        for r in p.row..<(p.row + p.rows) {
            for c in p.column..<(p.column + p.columns) { indices.append(r * blocks.columns + c) }
        }
        return indices
    }

    /// Block rows and columns of a tile job (edge tiles and halves are smaller).
    func shape(_ tile: Int) -> (rows: Int, columns: Int) { (pieces[tile].rows, pieces[tile].columns) }
}
