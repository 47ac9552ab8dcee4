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
        let text = Schema.string
        func shape(_ name: String) -> ResponseDoc { ResponseDoc(json, Schema.ref(name)) }
        func list(_ name: String) -> ResponseDoc { ResponseDoc(json, Schema.array(Schema.ref(name))) }
        func either(_ name: String) -> ResponseDoc { ResponseDoc(json, ShapeSchemas.either(name)) }
        let features = ResponseDoc(geoJSON, Schema.ref("FeatureCollection"))
        let binary = ResponseDoc("application/octet-stream", JSONValue.object([("type", "string"), ("format", "binary")]))
        return [
            "GET /healthz": ResponseDoc(json, Schema.object([("status", Schema.enumeration(["ok"]))], required: ["status"])),
            "GET /metrics": ResponseDoc("text/plain", text),
            "GET /api/v1/openapi.json": ResponseDoc("application/vnd.oai.openapi+json;version=3.1",
                                                    Schema.object([("openapi", text), ("paths", Schema.object([]))], required: ["openapi", "paths"])),
            "GET /api/v1/protected-areas": shape("AreaPage"),
            "POST /api/v1/protected-areas": shape("ImportSummary"),
            "GET /api/v1/protected-areas/{id}": shape("AreaDetail"),
            "GET /api/v1/protected-areas/{id}/history": shape("AreaHistory"),
            "GET /api/v1/epochs": list("Epoch"),
            "POST /api/v1/epochs": shape("Epoch"),
            "GET /api/v1/epochs/{id}": shape("Epoch"),
            "GET /api/v1/scans": list("Scan"),
            "POST /api/v1/scans": shape("ScanStart"),
            "POST /api/v1/patch-imports": shape("PatchImport"),
            "GET /api/v1/scans/{id}": shape("Scan"),
            "GET /api/v1/patches": features,
            "GET /api/v1/patches/{id}": features,
            "GET /api/v1/cases": shape("CasePage"),
            "GET /api/v1/cases/{id}": either("CaseDetail"),
            "POST /api/v1/cases/{id}/transitions": shape("CaseDetail"),
            "POST /api/v1/session": shape("Session"),
            "GET /api/v1/session": shape("Session"),
            "GET /api/v1/me/cases": shape("MyCases"),
            "GET /api/v1/cases/{id}/evidence/{file}": binary,
            "GET /api/v1/grid/cells": features,
            "GET /api/v1/grid/cells/{code}": shape("CellHistory"),
            "GET /api/v1/grid/lookup": shape("Responsibility"),
            "POST /api/v1/grid/cells/{code}/assignments": shape("Assignment"),
            "GET /api/v1/grid/check": shape("GridCheck"),
            "GET /api/v1/exports/{layer}": features,
            "GET /": ResponseDoc("text/html", text),
            "GET /map/app.js": ResponseDoc("text/javascript", text),
            "GET /map/leaflet/{file}": binary,
            "GET /map/leaflet/images/{file}": binary,
        ]
    }
}
