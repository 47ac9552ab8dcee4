import GeoKit

extension Registry {
    /// The areas (or, with `zones`, their zones) in force on `day` as features for any vector
    /// format, with the properties id, code, name, kind, level, zone, area_km2, valid_from, valid_to.
    public func features(asOf day: Day, zones: Bool = false) async throws -> [Feature] {
        var out: [Feature] = []
        for item in try await list(asOf: day) {
            if zones && !item.version.zones.isEmpty {
                out += item.version.zones.map { Self.feature(item.area, item.version, zone: $0) }
            } else {
                out.append(Self.feature(item.area, item.version))
            }
        }
        return out
    }

    /// One area's outline (id: the area id), or one of its zones (no id), as a feature.
    public static func feature(_ area: ProtectedArea, _ v: BoundaryVersion, zone: Zone? = nil) -> Feature {
        let km2 = zone?.areaKm2 ?? v.areaKm2
        var properties = Properties(AreaShape(area).json.objectValue ?? [])
        properties["zone"] = zone.map { .string($0.kind.rawValue) } ?? .null
        properties["area_km2"] = .double((km2 * 1e4).rounded() / 1e4)
        properties["valid_from"] = v.validFrom.startJSON
        properties["valid_to"] = v.validTo.map { .string($0.description) } ?? .null
        return Feature(id: zone == nil ? .int(area.id) : nil, geometry: zone?.geometry ?? v.geometry, properties: properties)
    }
}
