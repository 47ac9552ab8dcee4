import GeoKit

/// A horizontal run of changed pixels in one row, columns `start..<end`, global grid coordinates,
/// with its component label (local to a block until stitched).
struct ComponentRun: Sendable {
    var row: Int32
    var start: Int32
    var end: Int32
    var label: Int32
}

/// The components of one block: 8-connected runs of changed pixels labelled with a union-find,
/// their statistics, and the labels along the four block edges so that neighbouring blocks can be
/// stitched afterwards without keeping any pixels.
struct BlockComponents: Sendable {
    let window: Window
    var runs: [ComponentRun] = []
    /// Runs of unchanged pixels that only widen their component's drawn outline (`growOutlines`),
    /// labelled like `runs`; not part of the component's statistics nor of the stitching.
    var grown: [ComponentRun] = []
    var statistics: [PatchStatistics] = []
    /// Labels of the first row, last row, first column and last column (-1 = no change there).
    var top: [Int32], bottom: [Int32], left: [Int32], right: [Int32]
    /// Pixels assessed and pixels changed in the block.
    var assessed = 0, changed = 0

    /// Components read back from storage (see `encode`).
    init(window: Window, runs: [ComponentRun], grown: [ComponentRun], statistics: [PatchStatistics], top: [Int32], bottom: [Int32],
         left: [Int32], right: [Int32], assessed: Int, changed: Int) {
        self.window = window
        self.runs = runs
        self.grown = grown
        self.statistics = statistics
        self.top = top
        self.bottom = bottom
        self.left = left
        self.right = right
        self.assessed = assessed
        self.changed = changed
    }

    /// Labels the changed pixels (`codes == 1`) of a block.
    init(window: Window, codes: [UInt8]) {
        self.window = window
        let w = window.width, h = window.height
        top = Array(repeating: -1, count: w)
        bottom = top
        left = Array(repeating: -1, count: h)
        right = left
        var parent: [Int32] = []
        func find(_ x: Int32) -> Int32 {
            var x = x
            while parent[Int(x)] != x {
                parent[Int(x)] = parent[Int(parent[Int(x)])]
                x = parent[Int(x)]
            }
            return x
        }
        var previous: Range<Int> = 0..<0
        for row in 0..<h {
            let rowStart = runs.count
            var column = 0
            let base = row * w
            while column < w {
                let code = codes[base + column]
                if code != ChangeMask.notAssessed { assessed += 1 }
                guard code == ChangeMask.change else {
                    column += 1
                    continue
                }
                var end = column + 1
                while end < w, codes[base + end] == ChangeMask.change { end += 1 }
                assessed += end - column - 1
                changed += end - column
                let label = Int32(parent.count)
                parent.append(label)
                for k in previous {
                    let p = runs[k]
                    let pStart = Int(p.start) - window.column, pEnd = Int(p.end) - window.column
                    guard pStart <= end, column <= pEnd else { continue }
                    let a = find(label), b = find(p.label)
                    if a != b { parent[Int(max(a, b))] = min(a, b) }
                }
                runs.append(ComponentRun(row: Int32(window.row + row), start: Int32(window.column + column),
                                         end: Int32(window.column + end), label: label))
                column = end
            }
            previous = rowStart..<runs.count
        }
        // Compact the roots to 0..<k.
        var compact = [Int32](repeating: -1, count: parent.count)
        var next: Int32 = 0
        for i in runs.indices {
            let root = Int(find(runs[i].label))
            if compact[root] < 0 {
                compact[root] = next
                next += 1
            }
            runs[i].label = compact[root]
        }
        statistics = Array(repeating: PatchStatistics(), count: Int(next))
        for run in runs {
            let r = Int(run.row) - window.row, c0 = Int(run.start) - window.column, c1 = Int(run.end) - window.column
            if r == 0 { for c in c0..<c1 { top[c] = run.label } }
            if r == h - 1 { for c in c0..<c1 { bottom[c] = run.label } }
            if c0 == 0 { left[r] = run.label }
            if c1 == w { right[r] = run.label }
        }
    }
}

/// Joins block components into scene components: a union-find over every block's labels,
/// merging labels that touch (8-connectivity) across a block edge or corner.
struct ComponentStitcher {
    /// Per block, the offset of its first label in the scene-wide numbering.
    private(set) var offsets: [Int]
    private var parent: [Int32]

    /// Stitches `blocks`, laid out in `rows` × `columns` in row-major order.
    init(blocks: [BlockComponents], rows: Int, columns: Int) {
        offsets = []
        var total = 0
        for block in blocks {
            offsets.append(total)
            total += block.statistics.count
        }
        parent = (0..<Int32(total)).map { $0 }
        for i in 0..<rows {
            for j in 0..<columns {
                let a = i * columns + j
                if j + 1 < columns { joinHorizontal(blocks[a], offsets[a], blocks[a + 1], offsets[a + 1]) }
                guard i + 1 < rows else { continue }
                let below = a + columns
                joinVertical(blocks[a], offsets[a], blocks[below], offsets[below])
                if j + 1 < columns { join(blocks[a].bottom.last!, offsets[a], blocks[below + 1].top.first!, offsets[below + 1]) }
                if j > 0 { join(blocks[a].bottom.first!, offsets[a], blocks[below - 1].top.last!, offsets[below - 1]) }
            }
        }
    }

    /// The scene-wide component of a block's local label.
    mutating func component(block: Int, label: Int32) -> Int {
        Int(find(Int32(offsets[block]) + label))
    }

    private mutating func joinHorizontal(_ a: BlockComponents, _ oa: Int, _ b: BlockComponents, _ ob: Int) {
        for r in a.right.indices where a.right[r] >= 0 {
            for rr in max(0, r - 1)...min(b.left.count - 1, r + 1) { join(a.right[r], oa, b.left[rr], ob) }
        }
    }

    private mutating func joinVertical(_ a: BlockComponents, _ oa: Int, _ b: BlockComponents, _ ob: Int) {
        for c in a.bottom.indices where a.bottom[c] >= 0 {
            for cc in max(0, c - 1)...min(b.top.count - 1, c + 1) { join(a.bottom[c], oa, b.top[cc], ob) }
        }
    }

    private mutating func join(_ la: Int32, _ oa: Int, _ lb: Int32, _ ob: Int) {
        guard la >= 0, lb >= 0 else { return }
        let x = find(Int32(oa) + la), y = find(Int32(ob) + lb)
        if x != y { parent[Int(max(x, y))] = min(x, y) }
    }

    private mutating func find(_ x: Int32) -> Int32 {
        var x = x
        while parent[Int(x)] != x {
            parent[Int(x)] = parent[Int(parent[Int(x)])]
            x = parent[Int(x)]
        }
        return x
    }
}
