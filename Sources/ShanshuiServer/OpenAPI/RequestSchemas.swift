import GeoKit
import Shanshui

/// What the JSON request bodies hold, by method and path: the fields of each body type
/// (`EpochBody`, `ScanBody`, `AssignmentBody`, `CaseTransitionBody`), so clients see them in the
/// document; uploads (GeoJSON) are described by their media type alone.
enum RequestSchemas {
    /// The body schema of a route, or any value.
    static func schema(_ method: String, _ path: String) -> JSONValue {
        table["\(method.uppercased()) \(path)"] ?? Schema.any
    }

    static var table: [String: JSONValue] {
        let s = Schema.string, strings = Schema.array(Schema.string), person = Schema.ref("Person")
        let personOrText = JSONValue.object([("anyOf", .array([person, s]))])
        return [
            "POST /api/v1/epochs": Schema.object([("name", s), ("paths", Schema.array(s, minItems: 1)), ("date", Schema.date), ("sensor", s),
                                                  ("bands", s), ("mask", s)], required: ["name", "paths", "date"]),
            "POST /api/v1/scans": Schema.object([("before", s), ("after", s), ("reserves", strings),
                                                 ("kinds", Schema.array(Schema.enumeration(ProtectedAreaKind.allCases.map(\.rawValue)))),
                                                 ("buffer_m", Schema.number(0...10_000)), ("min_area_m2", Schema.number)],
                                                required: ["before", "after"]),
            "POST /api/v1/grid/cells/{code}/assignments": Schema.object([("unit", s), ("head", personOrText),
                                                                         ("staff", Schema.array(personOrText)), ("effective", Schema.date)],
                                                                        required: ["unit", "head", "effective"]),
            "POST /api/v1/cases/{id}/transitions": Schema.object([
                ("action", Schema.enumeration(CaseAction.names)), ("note", s), ("to", s), ("verdict", Schema.enumeration(Verdict.names)),
                ("permit", s), ("reason", Schema.enumeration(FalsePositiveReason.allCases.map(\.rawValue))), ("text", s), ("plan", s),
                ("due_on", Schema.date), ("percent", Schema.integer(minimum: 0, maximum: 100)), ("department", s), ("receipt", s),
                ("level", s),
            ], required: ["action"]),
        ]
    }
}
