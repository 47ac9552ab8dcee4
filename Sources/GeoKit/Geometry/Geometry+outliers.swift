extension Geometry {
    /// Vertices far from the rest of their ring: a vertex typed as (0, 0) or with a lost digit,
    /// which turns a reserve into a spike across a province. A vertex is an outlier when its
    /// distance from the ring's median point (per axis, the larger) passes `ratio` times the
    /// median such distance of the ring's vertices.
    /// - Returns: up to `limit` outlying vertices, in ring order.
    public func outlierVertices(ratio: Double = 20, limit: Int = 3) -> [Coordinate] {
        var found: [Coordinate] = []
        let rings: [[Coordinate]] = polygons.isEmpty ? [allCoordinates] : polygons.flatMap(\.rings)
        for ring in rings where ring.count >= 4 {
            let mx = Self.median(ring.map(\.x)), my = Self.median(ring.map(\.y))
            let distances = ring.map { max(abs($0.x - mx), abs($0.y - my)) }
            let spread = Self.median(distances)
            guard spread > 0 else { continue }
            for (c, d) in zip(ring, distances) where d > ratio * spread && !found.contains(c) {
                found.append(c)
                if found.count == limit { return found }
            }
        }
        return found
    }

    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }
}
