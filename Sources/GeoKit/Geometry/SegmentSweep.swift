import Foundation

/// The edges of a geometry's rings and lines, swept from west to east to count the places where
/// two edges meet (cross, touch or overlap) other than consecutive edges of one ring or line.
/// Used to price a MakeValid repair before GEOS spends memory on it (`RepairLimits`).
struct SegmentSweep {
    private struct Segment {
        var a: Coordinate
        var b: Coordinate
        var minX: Double, maxX: Double, minY: Double, maxY: Double
        /// The line (ring) it belongs to and its position there, to skip its neighbours.
        var line: Int32
        var index: Int32
        var lineLength: Int32
    }

    /// How the count ended.
    enum Count: Equatable {
        /// The count, or `limit + 1` when it stopped at the limit.
        case atMost(Int)
        /// The time budget ran out after this many.
        case outOfTime(Int)
    }

    private var segments: [Segment] = []

    init(_ geometry: Geometry) {
        var lines: [[Coordinate]] = []
        switch geometry {
        case .lineString(let c): lines = [c]
        case .multiLineString(let l): lines = l
        default: lines = geometry.polygons.flatMap(\.rings)
        }
        for (l, line) in lines.enumerated() where line.count >= 2 {
            let n = Int32(line.count - 1)
            for i in 0..<(line.count - 1) {
                let a = line[i], b = line[i + 1]
                segments.append(Segment(a: a, b: b, minX: min(a.x, b.x), maxX: max(a.x, b.x), minY: min(a.y, b.y),
                                        maxY: max(a.y, b.y), line: Int32(l), index: Int32(i), lineLength: n))
            }
        }
    }

    /// Counts meeting places up to `limit + 1`, giving up after `seconds`.
    func countIntersections(upTo limit: Int, seconds: Double) -> Count {
        let order = segments.indices.sorted { segments[$0].minX < segments[$1].minX }
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(Int64(seconds * 1000)))
        var active: [Int] = []
        var count = 0
        var tests = 0
        for i in order {
            let s = segments[i]
            active.removeAll { segments[$0].maxX < s.minX }
            for j in active {
                let t = segments[j]
                guard t.minY <= s.maxY, s.minY <= t.maxY, !Self.adjacent(s, t) else { continue }
                tests += 1
                if tests & 0xFFFF == 0, ContinuousClock.now > deadline { return .outOfTime(count) }
                if Self.meet(s.a, s.b, t.a, t.b) {
                    count += 1
                    if count > limit { return .atMost(count) }
                }
            }
            active.append(i)
        }
        return .atMost(count)
    }

    /// Consecutive edges of one line (and the closing pair of a ring) share a vertex by design.
    private static func adjacent(_ s: Segment, _ t: Segment) -> Bool {
        guard s.line == t.line else { return false }
        let d = abs(s.index - t.index)
        return d <= 1 || d == s.lineLength - 1
    }

    private static func orientation(_ p: Coordinate, _ q: Coordinate, _ r: Coordinate) -> Int {
        let v = (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x)
        return v > 0 ? 1 : v < 0 ? -1 : 0
    }

    private static func onSegment(_ p: Coordinate, _ q: Coordinate, _ r: Coordinate) -> Bool {
        min(p.x, r.x) <= q.x && q.x <= max(p.x, r.x) && min(p.y, r.y) <= q.y && q.y <= max(p.y, r.y)
    }

    /// True when segments ab and cd share at least one point.
    private static func meet(_ a: Coordinate, _ b: Coordinate, _ c: Coordinate, _ d: Coordinate) -> Bool {
        let o1 = orientation(a, b, c), o2 = orientation(a, b, d), o3 = orientation(c, d, a), o4 = orientation(c, d, b)
        if o1 != o2 && o3 != o4 { return true }
        return (o1 == 0 && onSegment(a, c, b)) || (o2 == 0 && onSegment(a, d, b))
            || (o3 == 0 && onSegment(c, a, d)) || (o4 == 0 && onSegment(c, b, d))
    }
}
