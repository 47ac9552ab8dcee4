import GeoKit
import Shanshui

/// JSON shapes of protected areas for `--json` output.
enum AreaJSON {
    static func summary(_ item: AreaVersion) -> JSONValue {
        .object([
            ("id", .int(item.area.id)), ("code", .string(item.area.code)), ("name", .string(item.area.name)),
            ("kind", .string(item.area.kind.rawValue)), ("level", item.area.level.map(JSONValue.string) ?? .null),
            ("area_km2", .double(item.version.areaKm2)), ("valid_from", item.version.validFrom.startJSON),
            ("zones", .array(item.version.zones.map(zone))),
        ])
    }

    static func detail(_ area: ProtectedArea, _ version: BoundaryVersion?, _ versions: [BoundaryVersion]) -> JSONValue {
        .object([
            ("id", .int(area.id)), ("code", .string(area.code)), ("name", .string(area.name)),
            ("kind", .string(area.kind.rawValue)), ("level", area.level.map(JSONValue.string) ?? .null),
            ("area_km2", version.map { .double($0.areaKm2) } ?? .null),
            ("zones", .array((version?.zones ?? []).map(zone))),
            ("versions", .array(versions.map { v in
                .object([("valid_from", v.validFrom.startJSON), ("valid_to", v.validTo.map { .string($0.description) } ?? .null),
                         ("change", .string(v.change.rawValue)), ("area_km2", .double(v.areaKm2)),
                         ("instrument_number", v.instrument.number.map(JSONValue.string) ?? .null),
                         ("instrument_text", v.instrument.text.map(JSONValue.string) ?? .null)])
            })),
        ])
    }

    private static func zone(_ z: Zone) -> JSONValue {
        .object([("kind", .string(z.kind.rawValue)), ("area_km2", .double(z.areaKm2))])
    }
}
