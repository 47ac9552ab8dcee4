import GeoKit
import Shanshui

/// The schemas of the shapes (`Sources/Shanshui/Shapes`): one component per shape, and one per
/// public view (`...Public`, the same properties narrowed to the shape's `publicFields`). Every
/// property is required unless listed as optional; absent values are `null`, so nullable
/// properties are required too. `ShapeSchemaTests` checks real instances against each.
enum ShapeSchemas {
    static let s = Schema.string, i = Schema.integer(), n = Schema.number, b = Schema.boolean, d = Schema.date
    static let ns = Schema.nullable(Schema.string), ni = Schema.nullable(Schema.integer()), nn = Schema.nullable(Schema.number)
    static let nd = Schema.nullable(Schema.date), strings = Schema.array(Schema.string), geometry = Schema.ref("Geometry")

    /// An object shape: every property required but `optional`; more members only with `open`.
    static func shape(_ properties: [(String, JSONValue)], optional: Set<String> = [], open: Bool = false) -> JSONValue {
        guard case .object(var members) = Schema.object(properties, required: properties.map(\.0).filter { !optional.contains($0) }) else {
            return .null
        }
        members.append(("additionalProperties", .bool(open)))
        return .object(members)
    }

    /// A page of a listing: `items` under `key`, the total matched, the page and the next link (not on the last page).
    static func page(_ key: String, _ item: JSONValue) -> JSONValue {
        shape([(key, Schema.array(item)), ("total", Schema.integer(minimum: 0)), ("limit", i), ("offset", i), ("next", s)], optional: ["next"])
    }

    /// The public view of a shape's properties.
    static func narrowed(_ properties: [(String, JSONValue)], to fields: Set<String>) -> [(String, JSONValue)] {
        properties.filter { fields.contains($0.0) }
    }

    /// Either view of a shape: the full one (signed-in callers) or the public one.
    static func either(_ name: String) -> JSONValue {
        .object([("anyOf", .array([Schema.ref(name), Schema.ref(name + "Public")]))])
    }

    static let area: [(String, JSONValue)] = [("id", i), ("code", s), ("name", s),
                                              ("kind", Schema.enumeration(ProtectedAreaKind.allCases.map(\.rawValue))), ("level", ns)]
    static let cell: [(String, JSONValue)] = [("code", s), ("name", s), ("level", s), ("parent_code", ns), ("area_km2", n)]
    static let assignment: [(String, JSONValue)] = [("cell_code", s), ("unit", s), ("head", Schema.ref("Person")),
                                                    ("staff", Schema.array(Schema.ref("Person"))), ("valid_from", d), ("valid_to", nd)]
    static let caseEvent: [(String, JSONValue)] = [("at", s), ("actor", s), ("action", s), ("from", ns), ("to", s), ("note", ns)]
    static let caseRecord: [(String, JSONValue)] = [
        ("id", i), ("number", s), ("status", Schema.enumeration(CaseStatus.allCases.map(\.rawValue))),
        ("severity", Schema.enumeration(Severity.allCases.map(\.rawValue))), ("overdue", b), ("supervised", b), ("supervision_level", ns),
        ("expanded", b), ("recurrence_of", ns), ("area_id", i), ("area_code", s), ("area_name", s), ("area_kind", s), ("zone", ns),
        ("activity", s), ("overlap_m2", n), ("detected_on", d), ("due_on", d), ("verdict", ns), ("transfer_department", ns),
        ("transfer_receipt", ns), ("village_code", ns), ("village_name", ns), ("township_code", ns), ("township_name", ns),
        ("county_code", ns), ("county_name", ns), ("cell_code", ns), ("routed", b), ("routed_on", nd), ("unit", ns), ("head", ns),
        ("staff", s), ("routed_unit", ns), ("routed_head", ns), ("routed_staff", s),
    ]
    static let caseExtra: [(String, JSONValue)] = [("revision", i), ("geometry", geometry), ("allowed_actions", strings),
                                                   ("your_actions", strings), ("geo_uri", ns),
                                                   ("rectification", Schema.nullable(shape([("plan", s), ("due_on", d),
                                                                                            ("progress", ni), ("acceptance", ns)]))),
                                                   ("history", Schema.array(either("CaseEvent"))), ("chips", strings)]

    static var all: [(key: String, value: JSONValue)] {
        let zone = shape([("kind", s), ("area_km2", n), ("geometry", geometry)])
        let version = shape([("valid_from", nd), ("valid_to", nd), ("change", s), ("area_km2", n), ("instrument_number", ns),
                             ("instrument_text", ns), ("zones", Schema.array(Schema.ref("Zone")))])
        let zones = Schema.array(Schema.ref("Zone")), versions = Schema.array(Schema.ref("BoundaryVersion"))
        let publicAssignment = narrowed(assignment, to: AssignmentShape.publicFields)
        let anyAssignment = either("Assignment")
        return [
            ("Area", shape(area)),
            ("Zone", zone),
            ("BoundaryVersion", version),
            ("AreaSummary", shape(area + [("area_km2", n), ("valid_from", nd), ("zones", zones)])),
            ("AreaDetail", shape(area + [("as_of", d), ("in_force", b), ("area_km2", nn), ("valid_from", nd), ("geometry", geometry),
                                         ("zones", zones), ("versions", versions)])),
            ("AreaHistory", shape(area + [("versions", versions)])),
            ("ImportSummary", shape([("areas", Schema.array(shape([("code", s), ("name", s), ("kind", s), ("zones", i),
                                                                   ("result", Schema.enumeration(["created", "adjusted", "unchanged"]))]))),
                                     ("warnings", strings)])),
            ("RegistryCheck", shape([("areas_checked", i), ("errors", i), ("findings", Schema.array(shape([
                ("kind", s), ("areas", strings), ("zones", strings), ("area_m2", n), ("location", Schema.array(n)), ("error", b),
            ]))), ("unmeasured_overlaps", i)])),
            ("Person", shape([("name", s), ("phone", s)])),
            ("Cell", shape(cell)),
            ("Assignment", shape(assignment)),
            ("AssignmentPublic", shape(publicAssignment)),
            ("CellHistory", shape(cell + [("assignments", Schema.array(anyAssignment))])),
            ("Responsibility", shape([("as_of", d), ("chain", Schema.array(shape(cell + [("assignment", Schema.nullable(anyAssignment))])))])),
            ("CellOverlap", shape([("code", s), ("name", s), ("area_m2", n), ("share", n), ("responsibility", Schema.ref("Responsibility"))])),
            ("GridCheck", shape([("errors", i), ("findings", Schema.array(shape([
                ("kind", s), ("cells", strings), ("detail", s), ("error", b), ("area_m2", nn), ("location", Schema.nullable(Schema.array(n))),
            ])))])),
            ("Epoch", shape([("id", i), ("name", s), ("date", d), ("sensor", ns), ("paths", strings), ("bands", ns), ("crs", s),
                             ("width", i), ("height", i), ("band_count", i), ("footprint", geometry)])),
            ("Scan", shape([("id", i), ("status", Schema.enumeration(["running", "finished", "failed"])), ("before_epoch", i),
                            ("after_epoch", i), ("started_at", s), ("finished_at", ns), ("parameters", Schema.object([])),
                            ("progress", shape([("areas_done", i), ("areas_total", i)])), ("patches", i),
                            ("areas", Schema.array(shape([("area_id", i), ("done", b), ("patches", i), ("damage_m2", n)]))),
                            ("cases", Schema.nullable(Schema.array(shape([("id", i), ("number", s)]))))])),
            ("ScanStart", shape([("id", i), ("status", s), ("href", s)])),
            ("PatchImport", shape([("scan_id", i), ("unchanged", b), ("patches", i), ("outside", strings), ("cases", i), ("unrouted", i),
                                   ("unrouted_cells", strings), ("warnings", strings)])),
            ("PatchRecord", shape([("id", i), ("scan_id", i), ("area_id", i), ("activity", s),
                                   ("change", Schema.enumeration(PatchLineage.allCases.map(\.rawValue))), ("area_m2", n), ("perimeter_m", n),
                                   ("confidence", n), ("previous_patch_id", ni), ("case_id", ni)], open: true)),
            ("CaseRecord", shape(caseRecord)),
            ("CaseRecordPublic", shape(narrowed(caseRecord, to: CaseRecordShape.publicFields))),
            ("CaseEvent", shape(caseEvent)),
            ("CaseEventPublic", shape(narrowed(caseEvent, to: CaseEventShape.publicFields))),
            ("Attachment", shape([("path", s), ("sha256", s), ("by", s), ("at", s), ("distance_m", nn)])),
            ("CaseDetail", shape(caseRecord + caseExtra + [("attachments", Schema.array(Schema.ref("Attachment")))])),
            ("CaseDetailPublic", shape(narrowed(caseRecord, to: CaseRecordShape.publicFields) + caseExtra)),
            ("CasePage", page("cases", either("CaseRecord"))),
            ("AreaPage", page("areas", Schema.ref("AreaSummary"))),
            ("Draw", shape([("id", i), ("created_at", s), ("targets", s), ("filter", strings), ("inspectors_file", s), ("seed", s),
                            ("inputs_sha256", s), ("algorithm", s), ("picks", Schema.array(shape([
                                ("target", s), ("inspectors", Schema.array(shape([("name", s), ("phone", s), ("unit", s)]))),
                            ])))])),
            ("Token", shape([("id", i), ("name", s), ("role", Schema.enumeration(Role.allCases.map(\.rawValue))), ("created_at", s),
                             ("revoked_at", ns)])),
            ("DutyCell", shape([("code", s), ("role", Schema.enumeration(["head", "staff"]))])),
            ("PersonDuty", shape([("phone", s), ("name", ns), ("cells", Schema.array(Schema.ref("DutyCell")))])),
            ("Session", shape([("user", s), ("role", Schema.enumeration(Role.allCases.map(\.rawValue))),
                               ("person", Schema.nullable(Schema.ref("PersonDuty"))), ("csrf_token", s), ("expires_at", s)],
                              optional: ["csrf_token", "expires_at"])),
            ("MyCase", shape(caseRecord + [("revision", i), ("distance_m", nn), ("bearing_deg", nn), ("geo_uri", ns)])),
            ("MyCases", shape([("as_of", d), ("person", shape([("phone", s)])), ("cells", Schema.array(Schema.ref("DutyCell"))),
                               ("cases", Schema.array(Schema.ref("MyCase")))])),
            ("User", shape([("id", i), ("name", s), ("role", Schema.enumeration(Role.allCases.map(\.rawValue))), ("person_phone", ns),
                            ("disabled", b), ("created_at", s)])),
        ]
    }
}
