import GeoKit

/// The case as a flat record for exports, JSON and map layers. Personal data (names and phones
/// of the responsible people) is kept in named fields so public outputs can drop exactly those.
public enum CaseFields {
    /// The properties that hold personal data.
    public static let personal: Set<String> = ["unit", "head", "staff", "routed_unit", "routed_head", "routed_staff"]

    /// The fields anyone may see (anonymous callers of a public service).
    public static var publicFields: Set<String> { CaseRecordShape.publicFields }

    /// Every field of a case (its `CaseRecordShape`), in a fixed order; only `publicFields` without personal data.
    public static func properties(_ c: Case, today: Day, includePersonal: Bool = true) -> Properties {
        Properties(Audience(personal: includePersonal).view(CaseRecordShape(c, today: today)).json.objectValue ?? [])
    }

    /// The case as a map feature (its damage outline).
    public static func feature(_ c: Case, today: Day, includePersonal: Bool = true) -> Feature {
        Feature(id: .int(c.id), geometry: c.geometry, properties: properties(c, today: today, includePersonal: includePersonal))
    }
}
