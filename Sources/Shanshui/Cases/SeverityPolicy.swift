/// The one table that says how serious damage is by where it happens: by zone first, then by
/// the kind of protected area. Offices that weigh things differently change it here (or pass
/// their own to the scan).
public struct SeverityPolicy: Sendable, Hashable {
    public var byZone: [ZoneKind: Severity]
    public var byKind: [ProtectedAreaKind: Severity]
    /// Used when neither table names the place.
    public var fallback: Severity

    /// The national default: core, core protection and buffer zones high; experimental and
    /// general control zones, red lines, natural parks and water sources medium.
    public static let standard = SeverityPolicy(
        byZone: [.core: .high, .coreProtection: .high, .buffer: .high, .experimental: .medium, .generalControl: .medium],
        byKind: [.ecologicalRedLine: .medium, .naturalPark: .medium, .drinkingWaterSource: .medium,
                 .ecologicalFunctionArea: .medium, .nationalPark: .high, .nationalNatureReserve: .high,
                 .provincialNatureReserve: .medium, .municipalNatureReserve: .medium, .countyNatureReserve: .medium],
        fallback: .medium)

    /// Makes a policy.
    public init(byZone: [ZoneKind: Severity], byKind: [ProtectedAreaKind: Severity], fallback: Severity) {
        self.byZone = byZone
        self.byKind = byKind
        self.fallback = fallback
    }

    /// The severity of damage in `zone` (if the area has zones) of an area of `kind`.
    public func severity(kind: ProtectedAreaKind, zone: ZoneKind?) -> Severity {
        if let zone, let s = byZone[zone] { return s }
        return byKind[kind] ?? fallback
    }
}
