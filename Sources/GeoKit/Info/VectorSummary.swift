import Foundation

/// A vector dataset's description: driver and, per layer, geometry type, count, fields, CRS, extent.
public struct VectorSummary: Sendable {
    /// One layer's description.
    public struct Layer: Sendable {
        public var name: String
        public var geometryType: String
        public var featureCount: Int
        public var fields: [VectorLayer.Field]
        public var crs: CRSSummary?
        public var extent: Envelope?
        public var extentLonLat: Envelope?
    }

    public var path: String
    public var driver: String
    public var driverLongName: String
    public var layers: [Layer]

    /// Reads everything from an open vector source.
    public init(_ source: VectorSource) {
        path = source.path
        driver = source.driverShortName
        driverLongName = source.driverLongName
        layers = source.layers.map { layer in
            let crs = layer.crs
            let extent = layer.extent
            return Layer(name: layer.name, geometryType: layer.geometryTypeName, featureCount: layer.featureCount,
                         fields: layer.fields, crs: crs.map(CRSSummary.init), extent: extent,
                         extentLonLat: extent?.lonLat(from: crs))
        }
    }

    var json: JSONValue {
        .object([
            ("kind", "vector"), ("path", .string(path)), ("driver", .string(driver)),
            ("driverLongName", .string(driverLongName)),
            ("layers", .array(layers.map { l in
                .object([
                    ("name", .string(l.name)), ("geometryType", .string(l.geometryType)),
                    ("featureCount", .int(Int64(l.featureCount))),
                    ("fields", .array(l.fields.map { .object([("name", .string($0.name)), ("type", .string($0.type))]) })),
                    ("crs", l.crs?.json ?? .null), ("extent", l.extent?.json ?? .null),
                    ("extentLonLat", l.extentLonLat?.json ?? .null),
                ])
            })),
        ])
    }

    var text: String {
        var lines = InfoLines()
        lines.add("File", path)
        lines.add("Kind", "vector")
        lines.add("Driver", "\(driver) (\(driverLongName))")
        lines.add("Layers", "\(layers.count)")
        var text = lines.text
        for l in layers {
            var layer = InfoLines()
            layer.add("Layer", l.name)
            layer.add("  Geometry", l.geometryType)
            layer.add("  Features", "\(l.featureCount)")
            layer.add("  CRS", l.crs?.text ?? "none declared")
            let decimals = l.crs?.isGeographic ?? true ? 7 : 3
            if let e = l.extent { layer.add("  Extent", e.text(decimals: decimals)) }
            if let e = l.extentLonLat { layer.add("  Extent lon/lat", e.text(decimals: 7)) }
            layer.add("  Fields", l.fields.isEmpty ? "none" : "")
            for f in l.fields { layer.add("", "    \(f.name): \(f.type)\(f.width > 0 ? "(\(f.width))" : "")") }
            text += "\n\n" + layer.text
        }
        return text
    }
}
