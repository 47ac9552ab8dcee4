import Foundation
import GeoKit

/// How far one boundary version may move from the one before it before the change is taken as
/// a mistake in the file (a stray vertex at (0, 0) grew a core zone from 22 km² to 3,592 km²; a
/// wrong CRS shrinks a reserve to nothing) and refused unless forced with a reason, which the
/// new version's instrument keeps.
public struct BoundaryPlausibility: Sendable {
    /// The largest plausible growth or shrink factor of a boundary or a zone in one version.
    public var factor: Double = 10
    /// Below this many m² a boundary has collapsed to near nothing.
    public var collapsedM2: Double = 100

    /// The default rule: ×10 or ÷10, collapse under 100 m².
    public init() {}

    /// What is implausible about going from `before` to a new boundary and zones, in words;
    /// empty when the change is plausible. Zones are compared kind by kind.
    public func problems(from before: BoundaryVersion, to boundary: Geometry, zones: [Zone]) -> [String] {
        var out: [String] = []
        if let old = before.geometry { out += compare("boundary", old.geodesicArea, boundary.geodesicArea) }
        for zone in zones {
            guard let old = before.zones.first(where: { $0.kind == zone.kind }) else { continue }
            out += compare("zone \(zone.kind.rawValue)", old.geometry.geodesicArea, zone.geometry.geodesicArea)
        }
        return out
    }

    /// Refuses an implausible change unless `forced`.
    /// - Throws: `DomainError.conflict` naming the area, what changed by how much, and `--force --reason`.
    public func check(_ area: ProtectedArea, from before: BoundaryVersion, to boundary: Geometry, zones: [Zone], forced: Bool) throws {
        guard !forced else { return }
        let found = problems(from: before, to: boundary, zones: zones)
        guard !found.isEmpty else { return }
        throw DomainError.conflict("\(area.code) (\(area.name)): \(found.joined(separator: "; ")): more than a ×\(Int(factor)) change "
            + "in one version, refused as implausible (a stray vertex, a wrong CRS or unit?); check the file, "
            + "or if the change is real give --force --reason \"…\" (the reason is kept with the new version)")
    }

    private func compare(_ what: String, _ before: Double, _ after: Double) -> [String] {
        let text = String(format: "%@ %.2f km² → %.2f km²", what, before / 1e6, after / 1e6)
        if after < collapsedM2, before >= collapsedM2 { return [text + " (collapses to near nothing)"] }
        guard before > 0, after > 0 else { return [] }
        let ratio = after / before
        if ratio > factor { return [text + String(format: " (×%.0f)", ratio)] }
        if ratio < 1 / factor { return [text + String(format: " (÷%.0f)", 1 / ratio)] }
        return []
    }
}

extension RegistryImportOptions {
    /// The instrument a new version records: the one given, with the reason of a forced change.
    public var recordedInstrument: LegalInstrument {
        guard let forceReason else { return instrument }
        var recorded = instrument
        let note = "forced (implausible change accepted): \(forceReason)"
        recorded.text = recorded.text.map { "\($0); \(note)" } ?? note
        return recorded
    }
}
