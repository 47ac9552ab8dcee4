/// Writing features and geometries straight into a `JSONWriter`: coordinates never become
/// `JSONValue`s, which keeps exports of large layers fast and small in memory.
extension GeoJSON {
    static func write(_ features: [Feature], into writer: inout JSONWriter, bbox: Bool) {
        let boxes = bbox ? features.map { $0.geometry?.envelope } : []
        writer.beginObject()
        writer.key("type")
        writer.writeString("FeatureCollection")
        if bbox, let box = union(boxes) {
            writer.key("bbox")
            write(box, into: &writer)
        }
        writer.key("features")
        writer.beginArray()
        for (i, feature) in features.enumerated() {
            writer.element()
            write(feature, box: bbox ? boxes[i] : nil, into: &writer)
        }
        writer.endArray()
        writer.endObject()
    }

    private static func write(_ feature: Feature, box: Envelope?, into writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("type")
        writer.writeString("Feature")
        if let id = feature.id, id != .null {
            writer.key("id")
            writer.write(id)
        }
        if let box {
            writer.key("bbox")
            write(box, into: &writer)
        }
        writer.key("geometry")
        if let geometry = feature.geometry {
            write(geometry, into: &writer, bbox: false)
        } else {
            writer.writeRaw("null")
        }
        writer.key("properties")
        writer.write(.object(feature.properties.members))
        writer.endObject()
    }

    static func write(_ geometry: Geometry, into writer: inout JSONWriter, bbox: Bool) {
        writer.beginObject()
        writer.key("type")
        writer.writeString(geometry.typeName)
        if bbox, let box = geometry.envelope {
            writer.key("bbox")
            write(box, into: &writer)
        }
        switch geometry {
        case .point(let position):
            writer.key("coordinates")
            write(position, into: &writer)
        case .lineString(let positions), .multiPoint(let positions):
            writer.key("coordinates")
            write(positions, into: &writer)
        case .polygon(let polygon):
            writer.key("coordinates")
            write(polygon, into: &writer)
        case .multiLineString(let lines):
            writer.key("coordinates")
            writer.beginArray()
            for line in lines {
                writer.element()
                write(line, into: &writer)
            }
            writer.endArray()
        case .multiPolygon(let polygons):
            writer.key("coordinates")
            writer.beginArray()
            for polygon in polygons {
                writer.element()
                write(polygon, into: &writer)
            }
            writer.endArray()
        case .geometryCollection(let members):
            writer.key("geometries")
            writer.beginArray()
            for member in members {
                writer.element()
                write(member, into: &writer, bbox: false)
            }
            writer.endArray()
        }
        writer.endObject()
    }

    /// Writes the rings by the right-hand rule (RFC 7946 §3.1.6): the exterior counter-clockwise,
    /// holes clockwise, reversing a ring whose signed area says it runs the other way.
    private static func write(_ polygon: Polygon, into writer: inout JSONWriter) {
        writer.beginArray()
        if !polygon.exterior.isEmpty {
            writer.element()
            write(polygon.exterior, into: &writer, counterClockwise: true)
            for hole in polygon.holes {
                writer.element()
                write(hole, into: &writer, counterClockwise: false)
            }
        }
        writer.endArray()
    }

    private static func write(_ ring: [Coordinate], into writer: inout JSONWriter, counterClockwise: Bool) {
        let area = signedArea(ring)
        if counterClockwise ? area < 0 : area > 0 {
            write(ring.reversed(), into: &writer)
        } else {
            write(ring, into: &writer)
        }
    }

    private static func write(_ positions: some Collection<Coordinate>, into writer: inout JSONWriter) {
        writer.beginArray()
        for position in positions {
            writer.element()
            write(position, into: &writer)
        }
        writer.endArray()
    }

    /// A position on one line even in pretty output: `[120.1234568, 30.5]`.
    private static func write(_ position: Coordinate, into writer: inout JSONWriter) {
        writer.writeRaw("[")
        writer.writeRounded(position.x, decimals: coordinateDecimals)
        writer.pretty ? writer.writeRaw(", ") : writer.writeRaw(",")
        writer.writeRounded(position.y, decimals: coordinateDecimals)
        writer.writeRaw("]")
    }

    private static func write(_ box: Envelope, into writer: inout JSONWriter) {
        writer.beginArray()
        for value in [box.minX, box.minY, box.maxX, box.maxY] {
            writer.element()
            writer.writeRounded(value, decimals: coordinateDecimals)
        }
        writer.endArray()
    }

    private static func union(_ boxes: [Envelope?]) -> Envelope? {
        boxes.reduce(nil, Envelope.union)
    }

    /// The signed area of a ring, positive when it runs counter-clockwise (the shoelace formula
    /// over a fan from the first position, which keeps the products small and needs no closing).
    static func signedArea(_ ring: [Coordinate]) -> Double {
        guard ring.count >= 3 else { return 0 }
        let origin = ring[0]
        var sum = 0.0
        for i in 1..<ring.count - 1 {
            let a = ring[i]
            let b = ring[i + 1]
            sum += (a.x - origin.x) * (b.y - origin.y) - (b.x - origin.x) * (a.y - origin.y)
        }
        return sum / 2
    }
}
