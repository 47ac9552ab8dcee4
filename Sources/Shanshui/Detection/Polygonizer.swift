/// Pixel-exact outlines of a component from its runs: every pixel edge between the component and
/// the outside becomes a boundary edge, and the edges are linked into rings. Where two pixels
/// touch only at a corner the ring turns towards its own pixels, so rings never cross or touch
/// themselves and the result is a valid (multi)polygon without any GEOS repair.
enum Polygonizer {
    /// A ring in pixel-corner coordinates (x = column, y = row), closed (first point repeated).
    typealias Ring = [(x: Int, y: Int)]

    /// Outer rings with their holes, in pixel-corner coordinates.
    struct Outline {
        var polygons: [(exterior: Ring, holes: [Ring])]
        /// Boundary length in pixel edges.
        var edgeCount: Int
    }

    /// Traces the outline of the pixels covered by `runs` (all of one component).
    static func outline(_ runs: [ComponentRun]) -> Outline {
        guard !runs.isEmpty else { return Outline(polygons: [], edgeCount: 0) }
        let minRow = Int(runs.map(\.row).min()!), maxRow = Int(runs.map(\.row).max()!)
        let minColumn = Int(runs.map(\.start).min()!), maxColumn = Int(runs.map(\.end).max()!)
        // One pixel of margin on every side so neighbour tests never leave the bitmap.
        let w = maxColumn - minColumn + 2, h = maxRow - minRow + 3
        var bitmap = [Bool](repeating: false, count: w * h)
        for run in runs {
            let r = Int(run.row) - minRow + 1
            for c in Int(run.start)..<Int(run.end) { bitmap[r * w + c - minColumn + 1] = true }
        }
        // Directions: 0 right, 1 down, 2 left, 3 up (y grows downwards). Vertex (x, y) = y * vw + x.
        let vw = w + 1
        var outgoing = [UInt8](repeating: 0, count: vw * (h + 1))
        var edgeCount = 0
        func set(_ x: Int, _ y: Int, _ direction: Int) {
            outgoing[y * vw + x] |= UInt8(1 << direction)
            edgeCount += 1
        }
        for y in 1..<(h - 1) {
            for x in 1..<(w - 1) where bitmap[y * w + x] {
                if !bitmap[(y - 1) * w + x] { set(x, y, 0) }
                if !bitmap[y * w + x + 1] { set(x + 1, y, 1) }
                if !bitmap[(y + 1) * w + x] { set(x + 1, y + 1, 2) }
                if !bitmap[y * w + x - 1] { set(x, y + 1, 3) }
            }
        }
        var used = [UInt8](repeating: 0, count: outgoing.count)
        let step = [(1, 0), (0, 1), (-1, 0), (0, -1)]
        var rings: [Ring] = []
        for start in outgoing.indices where outgoing[start] != 0 {
            for startDirection in 0..<4 where outgoing[start] & UInt8(1 << startDirection) != 0 && used[start] & UInt8(1 << startDirection) == 0 {
                var ring: Ring = []
                var vertex = start, direction = startDirection
                repeat {
                    used[vertex] |= UInt8(1 << direction)
                    let x = vertex % vw, y = vertex / vw
                    ring.append((x - 1 + minColumn, y - 1 + minRow))
                    let next = (y + step[direction].1) * vw + x + step[direction].0
                    // Prefer the right turn (towards the component), then straight on, then left.
                    let choices = [(direction + 1) % 4, direction, (direction + 3) % 4]
                    direction = choices.first { outgoing[next] & UInt8(1 << $0) != 0 } ?? direction
                    vertex = next
                } while !(vertex == start && direction == startDirection)
                rings.append(dropCollinear(ring))
            }
        }
        return Outline(polygons: assemble(rings), edgeCount: edgeCount)
    }

    /// Twice the signed area in pixel coordinates: positive for outer rings (clockwise on screen).
    static func signedArea(_ ring: Ring) -> Int {
        var sum = 0
        for i in 0..<(ring.count - 1) { sum += ring[i].x * ring[i + 1].y - ring[i + 1].x * ring[i].y }
        return sum
    }

    /// Keeps only the corners of a ring and closes it.
    private static func dropCollinear(_ ring: Ring) -> Ring {
        var corners: Ring = []
        let n = ring.count
        for i in 0..<n {
            let a = ring[(i + n - 1) % n], b = ring[i], c = ring[(i + 1) % n]
            if (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x) != 0 { corners.append(b) }
        }
        corners.append(corners[0])
        return corners
    }

    /// Groups rings into polygons: each hole goes to the smallest outer ring containing it.
    private static func assemble(_ rings: [Ring]) -> [(exterior: Ring, holes: [Ring])] {
        var shells = rings.filter { signedArea($0) > 0 }.map { (exterior: $0, holes: [Ring]()) }
        let areas = shells.map { signedArea($0.exterior) }
        for hole in rings where signedArea(hole) < 0 {
            // A point just inside the component beside the hole's first edge: (hole edges keep the
            // component on their right) - it lies inside the shell that encloses the hole.
            let a = hole[0], b = hole[1]
            let dx = Double((b.x - a.x).signum()), dy = Double((b.y - a.y).signum())
            let px = Double(a.x) + 0.5 * dx - 0.25 * dy, py = Double(a.y) + 0.5 * dy + 0.25 * dx
            var best: Int?
            for (i, shell) in shells.enumerated() where contains(shell.exterior, px, py) {
                if best == nil || areas[i] < areas[best!] { best = i }
            }
            if let best { shells[best].holes.append(hole) }
        }
        return shells
    }

    /// Even-odd point-in-ring test.
    private static func contains(_ ring: Ring, _ x: Double, _ y: Double) -> Bool {
        var inside = false
        var j = ring.count - 2
        for i in 0..<(ring.count - 1) {
            let xi = Double(ring[i].x), yi = Double(ring[i].y), xj = Double(ring[j].x), yj = Double(ring[j].y)
            if (yi > y) != (yj > y), x < (xj - xi) * (y - yi) / (yj - yi) + xi { inside.toggle() }
            j = i
        }
        return inside
    }
}
