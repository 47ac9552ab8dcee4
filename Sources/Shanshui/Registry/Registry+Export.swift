import GeoKit

extension Registry {
    /// The areas (or, with `zones`, their zones) in force on `day` as features for any vector
    /// format, with the properties id, code, name, kind, level, zone, area_km2, valid_from, valid_to.
    public func features(asOf day: Day = .today, zones: Bool = false) async throws -> [Feature] {
        var out: [Feature] = []
        for item in try await list(asOf: day) {
            let v = item.version
            func feature(_ geometry: Geometry?, zone: ZoneKind?, km2: Double) -> Feature {
                Feature(id: zone == nil ? .int(item.area.id) : nil, geometry: geometry, properties: [
                    "id": .int(item.area.id), "code": .string(item.area.code), "name": .string(item.area.name),
                    "kind": .string(item.area.kind.rawValue), "level": item.area.level.map(JSONValue.string) ?? .null,
                    "zone": zone.map { .string($0.rawValue) } ?? .null, "area_km2": .double((km2 * 1e4).rounded() / 1e4),
                    "valid_from": v.validFrom.startJSON, "valid_to": v.validTo.map { .string($0.description) } ?? .null,
                ])
            }
            if zones && !v.zones.isEmpty {
                out += v.zones.map { feature($0.geometry, zone: $0.kind, km2: $0.areaKm2) }
            } else {
                out.append(feature(v.geometry, zone: nil, km2: v.areaKm2))
            }
        }
        return out
    }
}
