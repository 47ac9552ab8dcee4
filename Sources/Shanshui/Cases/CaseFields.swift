import GeoKit

/// The case as a flat record for exports, JSON and map layers. Personal data (names and phones
/// of the responsible people) is kept in named fields so public outputs can drop exactly those.
public enum CaseFields {
    /// The properties that hold personal data.
    public static let personal: Set<String> = ["unit", "head", "staff", "routed_unit", "routed_head", "routed_staff"]

    /// The fields anyone may see (anonymous callers of a public service): a whitelist, so a
    /// field added to cases later stays out of public outputs until it is named here.
    public static let publicFields: Set<String> = [
        "id", "number", "status", "severity", "overdue", "supervised", "supervision_level", "expanded", "area_id", "area_code",
        "area_name", "area_kind", "zone", "activity", "overlap_m2", "detected_on", "due_on", "verdict", "transfer_department",
        "village_code", "village_name", "township_code", "township_name", "county_code", "county_name", "cell_code",
        "recurrence_of", "routed", "routed_on",
    ]

    /// Every field of a case, in a fixed order; only `publicFields` without personal data.
    public static func properties(_ c: Case, today: Day = .today, includePersonal: Bool = true) -> Properties {
        var p = Properties()
        p["id"] = .int(c.id)
        p["number"] = .string(c.number)
        p["status"] = .string(c.status.rawValue)
        p["severity"] = .string(c.severity.rawValue)
        p["overdue"] = .bool(c.isOverdue(on: today))
        p["supervised"] = .bool(c.supervision != nil)
        p["supervision_level"] = c.supervision.map { .string($0.level) } ?? .null
        p["expanded"] = .bool(c.expanded)
        p["recurrence_of"] = c.recurrenceOf.map { .string($0.number) } ?? .null
        p["area_id"] = .int(c.area.id)
        p["area_code"] = .string(c.area.code)
        p["area_name"] = .string(c.area.name)
        p["area_kind"] = .string(c.area.kind.rawValue)
        p["zone"] = c.area.zone.map { .string($0.rawValue) } ?? .null
        p["activity"] = .string(c.activity)
        p["overlap_m2"] = .double((c.overlapM2 * 10).rounded() / 10)
        p["detected_on"] = .string(c.detectedOn.description)
        p["due_on"] = .string(c.dueOn.description)
        p["verdict"] = c.verdict.map { .string($0.name) } ?? .null
        p["transfer_department"] = c.transfer.map { .string($0.department) } ?? .null
        p["transfer_receipt"] = c.transfer.map { .string($0.receipt) } ?? .null
        let chain = c.responsibility?.chain ?? []
        for level in ["village", "township", "county"] {
            let cell = chain.first { $0.level == level }
            p["\(level)_code"] = cell.map { .string($0.code) } ?? .null
            p["\(level)_name"] = cell.map { .string($0.name) } ?? .null
        }
        p["cell_code"] = c.responsibility?.cell.map { .string($0.code) } ?? .null
        p["routed"] = .bool(c.isRouted)
        p["routed_on"] = c.routedOn.map { .string($0.description) } ?? .null
        // On the detection day (the record), then now (whom the case goes to).
        p["unit"] = c.responsibility?.unit.map(JSONValue.string) ?? .null
        p["head"] = c.responsibility?.head.map(JSONValue.string) ?? .null
        p["staff"] = .string(c.responsibility?.staff.joined(separator: ", ") ?? "")
        p["routed_unit"] = c.routing?.unit.map(JSONValue.string) ?? .null
        p["routed_head"] = c.routing?.head.map(JSONValue.string) ?? .null
        p["routed_staff"] = .string(c.routing?.staff.joined(separator: ", ") ?? "")
        return includePersonal ? p : Properties(p.members.filter { publicFields.contains($0.key) })
    }

    /// The case as a map feature (its damage outline).
    public static func feature(_ c: Case, today: Day = .today, includePersonal: Bool = true) -> Feature {
        Feature(id: .int(c.id), geometry: c.geometry, properties: properties(c, today: today, includePersonal: includePersonal))
    }
}
