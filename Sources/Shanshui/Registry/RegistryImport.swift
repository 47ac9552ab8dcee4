import Crypto
import Foundation
import GeoKit

/// How to read a boundary file into protected areas and zones (the `reserves import` options).
public struct RegistryImportOptions: Sendable {
    public var layer: String?
    public var nameField: String?
    public var codeField: String?
    public var kindField: String?
    /// The kind of every area, when the file has no kind field.
    public var kind: ProtectedAreaKind?
    public var zoneField: String?
    public var levelField: String?
    /// The CRS to assume, overriding or standing in for the file's own.
    public var sourceCRS: CRS?
    /// The web-map datum of the coordinates (Amap/DataV: GCJ-02, Baidu: BD-09).
    public var datum: ChinaOffset.Datum = .wgs84
    /// The encoding of a Shapefile's text without `.cpg` (default: detected, UTF-8 else GB18030).
    public var encoding: TextEncoding?
    /// The first day the imported boundaries are in force: `Day.unknownStart` when not given,
    /// which a first import accepts (so older imagery can be scanned) and an adjustment refuses.
    public var effective: Day
    /// False when no effective day was given: an import that would change a stored area then
    /// stops and names what would change instead of recording an adjustment.
    public var effectiveGiven: Bool
    public var instrument: LegalInstrument
    /// Set (`--force --reason`) to accept a change `BoundaryPlausibility` refuses; the reason is
    /// kept in the new version's instrument text.
    public var forceReason: String?

    /// Options with nothing but the effective day set (none: an unknown start).
    public init(effective: Day = .unknownStart, instrument: LegalInstrument = LegalInstrument()) {
        self.effective = effective
        self.effectiveGiven = effective != .unknownStart
        self.instrument = instrument
    }
}

/// One protected area as read from a file: attributes, dissolved boundary and zones, and a
/// fingerprint of all of them used to recognise a re-import of the same data.
public struct ImportedArea: Sendable, Hashable {
    public var area: ProtectedArea
    public var boundary: Geometry
    public var zones: [Zone]
    public var fingerprint: String
    /// The 0-based feature positions it was made of.
    public var features: [Int]
}

/// What a boundary file holds once read, grouped and repaired, before anything is stored.
public struct ImportPlan: Sendable {
    public var source: String
    public var areas: [ImportedArea]
    /// Repairs and oddities, each naming the feature.
    public var warnings: [String]
    /// What was decided while reading (the text encoding detected), one line each.
    public var notes: [String] = []
}

/// Reads boundary files into import plans: validation, repair, grouping and dissolving happen
/// here, so a plan either holds clean areas or the import fails before the store is touched.
public enum RegistryImport {
    /// Reads `path` with OGR, reprojects to WGS84 lon/lat (and out of GCJ-02/BD-09 when told)
    /// and plans the areas.
    /// - Throws: `DomainError` or `GDALError` naming the file, feature and field at fault.
    public static func read(_ path: String, options: RegistryImportOptions) throws -> ImportPlan {
        let source = try VectorSource(path: path, encoding: options.encoding)
        let layer = try source.layer(options.layer)
        let fields = layer.fields.map(\.name)
        for (flag, name) in [("--name-field", options.nameField), ("--code-field", options.codeField),
                             ("--kind-field", options.kindField), ("--zone-field", options.zoneField),
                             ("--level-field", options.levelField)] {
            if let name, !fields.contains(name) {
                throw DomainError.invalidInput("\(path): \(flag) '\(name)' is not a field of layer '\(layer.name)'; fields: \(fields.joined(separator: ", "))")
            }
        }
        let features = try layer.features(to: .wgs84, sourceCRS: options.sourceCRS)
        guard !features.isEmpty else { throw DomainError.invalidInput("\(path): layer '\(layer.name)' is empty") }
        var plan = try plan(features.map { f in
            var f = f
            f.geometry = f.geometry?.converted(from: options.datum)
            return f
        }, fields: fields, source: path, options: options)
        plan.notes = [source.encodingNote].compactMap { $0 }
        if let warning = layer.datumWarning { plan.warnings.insert(warning, at: 0) }
        return plan
    }

    /// Groups features into areas (by code, else name) and zones, repairing invalid polygons.
    public static func plan(_ features: [Feature], fields: [String], source: String, options: RegistryImportOptions) throws -> ImportPlan {
        let nameField = try options.nameField ?? defaultNameField(fields, source: source)
        guard options.kind != nil || options.kindField != nil else {
            throw DomainError.invalidInput("give --kind K or --kind-field F; kinds: " + ProtectedAreaKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        var warnings: [String] = []
        var groups: [String: [(index: Int, feature: Feature, geometry: Geometry, zone: ZoneKind?)]] = [:]
        var order: [String] = []
        for (index, feature) in features.enumerated() {
            let label = featureLabel(index, feature, nameField)
            let geometry = try cleanGeometry(feature.geometry, label: label, warnings: &warnings)
            let zone = try text(feature, options.zoneField).map { value in
                do { return try ZoneKind(parsing: value) } catch { throw DomainError.invalidValue("\(source), \(label): \(error)") }
            }
            guard let name = text(feature, nameField) else {
                throw DomainError.invalidInput("\(source), \(label): field '\(nameField)' is empty; every area needs a name")
            }
            let key = text(feature, options.codeField) ?? name
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append((index, feature, geometry, zone))
        }
        var areas: [ImportedArea] = []
        for key in order {
            let members = groups[key]!
            let first = members[0]
            let label = featureLabel(first.index, first.feature, nameField)
            let kind: ProtectedAreaKind
            do {
                kind = try options.kind ?? ProtectedAreaKind(parsing: text(first.feature, options.kindField) ?? "")
            } catch { throw DomainError.invalidValue("\(source), \(label): \(error)") }
            for member in members {
                if let zone = member.zone, !kind.allowedZones.contains(zone) {
                    let allowed = kind.allowedZones.isEmpty ? "none" : kind.allowedZones.map(\.rawValue).joined(separator: ", ")
                    throw DomainError.invalidValue("\(source), \(featureLabel(member.index, member.feature, nameField)): zone '\(zone.rawValue)' is not allowed in a \(kind.rawValue); allowed zones: \(allowed)")
                }
            }
            let area = ProtectedArea(code: key, name: text(first.feature, nameField) ?? key, kind: kind,
                                     level: text(first.feature, options.levelField))
            let boundary = try polygonal(Geometry.unaryUnion(members.map(\.geometry)))
            var zones: [Zone] = []
            for zoneKind in ZoneKind.allCases {
                let parts = members.filter { $0.zone == zoneKind }.map(\.geometry)
                if !parts.isEmpty { zones.append(Zone(kind: zoneKind, geometry: try polygonal(Geometry.unaryUnion(parts)))) }
            }
            areas.append(ImportedArea(area: area, boundary: boundary, zones: zones,
                                      fingerprint: try fingerprint(area, boundary, zones), features: members.map(\.index)))
        }
        return ImportPlan(source: source, areas: areas, warnings: warnings)
    }

    /// A content hash of attributes and normalised geometry: equal data gives equal hashes.
    static func fingerprint(_ area: ProtectedArea, _ boundary: Geometry, _ zones: [Zone]) throws -> String {
        var hash = SHA256()
        for part in [area.code, area.name, area.kind.rawValue, area.level ?? ""] { hash.update(part + "\u{1F}") }
        hash.update(try boundary.normalized().wkb)
        for zone in zones {
            hash.update(zone.kind.rawValue)
            hash.update(try zone.geometry.normalized().wkb)
        }
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// A valid polygonal geometry in lon/lat range, or an error naming the feature; invalid
    /// polygons are repaired with a warning.
    static func cleanGeometry(_ geometry: Geometry?, label: String, warnings: inout [String]) throws -> Geometry {
        try ImportedFeature.polygon(geometry, label: label, purpose: "protected areas and zones", warnings: &warnings)
    }

    private static func polygonal(_ g: Geometry) -> Geometry {
        let polygons = g.polygons
        return polygons.count == 1 ? .polygon(polygons[0]) : .multiPolygon(polygons)
    }

    private static func defaultNameField(_ fields: [String], source: String) throws -> String {
        let candidates = ["name", "NAME", "Name", "名称", "保护地名称", "保护区名称", "UNITNAM", "NAME_CN"]
        guard let found = candidates.first(where: fields.contains) else {
            throw DomainError.invalidInput("\(source): no name field found; give --name-field F; fields: \(fields.joined(separator: ", "))")
        }
        return found
    }

    private static func text(_ feature: Feature, _ field: String?) -> String? {
        ImportedFeature.text(feature, field)
    }

    private static func featureLabel(_ index: Int, _ feature: Feature, _ nameField: String) -> String {
        ImportedFeature.label(index, feature, nameField)
    }
}
