import GeoKit

/// Builders of protected-area boundary data with known geometry, for registry tests.
public enum ReserveScene {
    /// A lon/lat square, counter-clockwise, `half` degrees from `center` to each side.
    public static func square(_ center: Coordinate, half: Double) -> Polygon {
        Polygon(exterior: [
            Coordinate(center.x - half, center.y - half), Coordinate(center.x + half, center.y - half),
            Coordinate(center.x + half, center.y + half), Coordinate(center.x - half, center.y + half),
            Coordinate(center.x - half, center.y - half),
        ])
    }

    /// A square ring: the square of `outer` with the square of `inner` as a hole.
    public static func ring(_ center: Coordinate, inner: Double, outer: Double) -> Polygon {
        Polygon(exterior: square(center, half: outer).exterior, holes: [square(center, half: inner).exterior.reversed()])
    }

    /// A nature reserve of three nested zones around `center`: core (±0.01°), buffer (ring to
    /// ±0.02°), experimental (ring to ±0.03°), one feature per zone, the experimental zone in two
    /// features to exercise dissolving.
    public static func natureReserve(code: String, name: String, center: Coordinate) -> [Feature] {
        let experimental = ring(center, inner: 0.02, outer: 0.03)
        let west = try! Geometry.polygon(experimental).intersection(
            .polygon(Polygon(exterior: [Coordinate(center.x - 1, center.y - 1), Coordinate(center.x, center.y - 1),
                                        Coordinate(center.x, center.y + 1), Coordinate(center.x - 1, center.y + 1),
                                        Coordinate(center.x - 1, center.y - 1)])))
        let east = try! Geometry.polygon(experimental).difference(west)
        func feature(_ g: Geometry, _ zone: String) -> Feature {
            Feature(geometry: g, properties: ["code": .string(code), "name": .string(name), "zone": .string(zone), "level": "national"])
        }
        return [
            feature(.polygon(square(center, half: 0.01)), "core"),
            feature(.polygon(ring(center, inner: 0.01, outer: 0.02)), "缓冲区"),
            feature(west, "experimental"),
            feature(east, "Experimental Zone"),
        ]
    }

    /// An ecological red line: one square, no zones.
    public static func redLine(code: String, name: String, center: Coordinate, half: Double) -> Feature {
        Feature(geometry: .polygon(square(center, half: half)), properties: ["code": .string(code), "name": .string(name)])
    }
}
