import GeoKit

/// What the REST routes answer, by method and path, for routes whose controller does not
/// declare it: kept in one table so the controllers stay about behaviour. Objects allow more
/// members than listed; listed ones are those clients rely on.
enum ResponseSchemas {
    static let json = "application/json", geoJSON = "application/geo+json"

    /// The success response of a route, or a generic JSON one.
    static func response(_ method: String, _ path: String) -> ResponseDoc {
        table["\(method.uppercased()) \(path)"] ?? ResponseDoc(json, Schema.any)
    }

    static var table: [String: ResponseDoc] {
        let id = Schema.integer(), text = Schema.string, strings = Schema.array(Schema.string)
        let area = Schema.object([("id", id), ("code", text), ("name", text), ("kind", text), ("level", Schema.nullable(text))],
                                 required: ["id", "code", "name", "kind"])
        let signedIn = Schema.object([("user", text), ("role", text), ("person", Schema.nullable(Schema.object([("phone", text)]))),
                                      ("csrf_token", text), ("expires_at", text)], required: ["user", "role", "person"])
        let epoch = Schema.object([("id", id), ("name", text), ("date", Schema.date), ("paths", strings)], required: ["id", "name", "date"])
        let scan = Schema.object([("id", id), ("status", text), ("before_epoch", id), ("after_epoch", id), ("started_at", text),
                                  ("areas", Schema.array(Schema.object([("area_id", id), ("done", Schema.boolean)])))],
                                 required: ["id", "status"])
        let caseDetail = Schema.object([("number", text), ("status", text), ("revision", id)])
        let features = ResponseDoc(geoJSON, Schema.ref("FeatureCollection"))
        let binary = ResponseDoc("application/octet-stream", JSONValue.object([("type", "string"), ("format", "binary")]))
        return [
            "GET /healthz": ResponseDoc(json, Schema.object([("status", Schema.enumeration(["ok"]))], required: ["status"])),
            "GET /metrics": ResponseDoc("text/plain", text),
            "GET /api/v1/openapi.json": ResponseDoc("application/vnd.oai.openapi+json;version=3.1",
                                                    Schema.object([("openapi", text), ("paths", Schema.object([]))], required: ["openapi", "paths"])),
            "GET /api/v1/protected-areas": ResponseDoc(json, Schema.array(area)),
            "POST /api/v1/protected-areas": ResponseDoc(json, Schema.object([("areas", Schema.array(Schema.object([]))), ("warnings", strings)],
                                                                            required: ["areas", "warnings"])),
            "GET /api/v1/protected-areas/{id}": ResponseDoc(json, area),
            "GET /api/v1/protected-areas/{id}/history": ResponseDoc(json, Schema.object([("versions", Schema.array(Schema.object([
                ("valid_from", Schema.date), ("valid_to", Schema.nullable(Schema.date)), ("change", text),
            ], required: ["valid_from", "change"])))], required: ["versions"])),
            "GET /api/v1/epochs": ResponseDoc(json, Schema.array(epoch)),
            "POST /api/v1/epochs": ResponseDoc(json, epoch),
            "GET /api/v1/epochs/{id}": ResponseDoc(json, epoch),
            "GET /api/v1/scans": ResponseDoc(json, Schema.array(scan)),
            "POST /api/v1/scans": ResponseDoc(json, Schema.object([("id", id), ("status", text), ("href", text)], required: ["id", "status", "href"])),
            "GET /api/v1/scans/{id}": ResponseDoc(json, scan),
            "GET /api/v1/patches": features,
            "GET /api/v1/patches/{id}": features,
            "GET /api/v1/cases": ResponseDoc(json, Schema.object([("cases", Schema.array(Schema.object([]))), ("total", Schema.integer(minimum: 0)),
                                                                 ("limit", id), ("offset", id), ("next", text)],
                                                                required: ["cases", "total", "limit", "offset"])),
            "GET /api/v1/cases/{id}": ResponseDoc(json, caseDetail),
            "POST /api/v1/session": ResponseDoc(json, signedIn),
            "GET /api/v1/session": ResponseDoc(json, signedIn),
            "GET /api/v1/me/cases": ResponseDoc(json, Schema.object([
                ("as_of", Schema.date), ("person", Schema.object([("phone", text)])),
                ("cells", Schema.array(Schema.object([("code", text), ("role", text)], required: ["code", "role"]))),
                ("cases", Schema.array(Schema.object([("id", id), ("number", text), ("status", text), ("due_on", Schema.date), ("revision", id),
                                                      ("distance_m", Schema.nullable(Schema.number)), ("bearing_deg", Schema.nullable(Schema.number)),
                                                      ("geo_uri", Schema.nullable(text))], required: ["id", "number", "status", "due_on"]))),
            ], required: ["as_of", "cells", "cases"])),
            "POST /api/v1/cases/{id}/transitions": ResponseDoc(json, caseDetail),
            "GET /api/v1/cases/{id}/evidence/{file}": binary,
            "GET /api/v1/grid/cells": features,
            "GET /api/v1/grid/cells/{code}": ResponseDoc(json, Schema.object([("code", text), ("name", text), ("assignments", Schema.array(Schema.object([])))],
                                                                             required: ["code", "assignments"])),
            "GET /api/v1/grid/lookup": ResponseDoc(json, Schema.object([("as_of", Schema.date), ("chain", Schema.array(Schema.object([])))],
                                                                       required: ["as_of", "chain"])),
            "POST /api/v1/grid/cells/{code}/assignments": ResponseDoc(json, Schema.object([("unit", text)])),
            "GET /api/v1/grid/check": ResponseDoc(json, Schema.object([("errors", Schema.integer(minimum: 0)), ("findings", Schema.array(Schema.object([])))],
                                                                      required: ["errors", "findings"])),
            "GET /api/v1/exports/{layer}": features,
            "GET /": ResponseDoc("text/html", text),
            "GET /map/app.js": ResponseDoc("text/javascript", text),
            "GET /map/leaflet/{file}": binary,
            "GET /map/leaflet/images/{file}": binary,
        ]
    }
}
