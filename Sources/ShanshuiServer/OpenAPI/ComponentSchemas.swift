import GeoKit

/// The schemas both OpenAPI documents share: RFC 9457 problems, and the OGC API - Features
/// Part 1 shapes (landing page, conformance, collections, GeoJSON features) after the OGC's
/// own `ogcapi-features-1.yaml`; then the shapes of the REST API (`ShapeSchemas`).
enum ComponentSchemas {
    static var all: [(key: String, value: JSONValue)] {
        let links = Schema.array(Schema.ref("Link"))
        return [
            ("Problem", Schema.object([("type", Schema.string), ("title", Schema.string), ("status", Schema.integer()),
                                       ("detail", Schema.string), ("instance", Schema.string)], required: ["title", "status"])),
            ("Link", Schema.object([("href", Schema.string), ("rel", Schema.string), ("type", Schema.string),
                                    ("title", Schema.string)], required: ["href", "rel"])),
            ("LandingPage", Schema.object([("title", Schema.string), ("description", Schema.string), ("links", links)],
                                          required: ["links"])),
            ("ConfClasses", Schema.object([("conformsTo", Schema.array(Schema.string))], required: ["conformsTo"])),
            ("Collections", Schema.object([("links", links), ("collections", Schema.array(Schema.ref("Collection")))],
                                          required: ["links", "collections"])),
            ("Collection", Schema.object([("id", Schema.string), ("title", Schema.string), ("description", Schema.string),
                                          ("links", links), ("extent", Schema.ref("Extent")), ("itemType", Schema.string),
                                          ("crs", Schema.array(Schema.string))], required: ["id", "links"])),
            ("Extent", Schema.object([
                ("spatial", Schema.object([("bbox", Schema.array(Schema.array(Schema.number, minItems: 4, maxItems: 6), minItems: 1)),
                                           ("crs", Schema.string)])),
                ("temporal", Schema.object([("interval", Schema.array(Schema.array(Schema.nullable(Schema.dateTime), minItems: 2, maxItems: 2),
                                                                      minItems: 1)),
                                            ("trs", Schema.string)])),
            ])),
            ("Geometry", Schema.nullable(Schema.object([
                ("type", Schema.enumeration(["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon",
                                             "GeometryCollection"])),
                ("coordinates", Schema.array(Schema.any)), ("geometries", Schema.array(Schema.any)),
            ], required: ["type"]))),
            ("Feature", Schema.object([
                ("type", Schema.enumeration(["Feature"])),
                ("id", .object([("oneOf", .array([Schema.string, Schema.integer()]))])),
                ("geometry", Schema.ref("Geometry")),
                ("properties", Schema.nullable(Schema.object([]))),
                ("links", links),
            ], required: ["type", "geometry", "properties"])),
            ("FeatureCollection", Schema.object([
                ("type", Schema.enumeration(["FeatureCollection"])), ("features", Schema.array(Schema.ref("Feature"))),
                ("links", links), ("timeStamp", Schema.dateTime), ("numberMatched", Schema.integer(minimum: 0)),
                ("numberReturned", Schema.integer(minimum: 0)),
            ], required: ["type", "features"])),
        ] + ShapeSchemas.all
    }
}
