import Foundation
import GeoKit

/// Reading attribute values and polygons out of imported features, shared by every importer
/// (protected areas, grid cells) so they all trim, repair and complain the same way.
enum ImportedFeature {
    /// The field's value as trimmed text (numbers without a needless `.0`), nil when missing or empty.
    static func text(_ feature: Feature, _ field: String?) -> String? {
        guard let field, let value = feature.properties[field] else { return nil }
        let s: String
        switch value {
        case .string(let v): s = v
        case .int(let v): s = String(v)
        case .double(let v): s = v == v.rounded() ? String(Int64(v)) : String(v)
        default: return nil
        }
        let trimmed = s.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// A valid polygonal geometry in lon/lat range, or an error naming the feature; invalid
    /// polygons are repaired with a warning.
    /// Vertices far from the rest of their ring are reported in the warnings.
    /// A feature past the `RepairLimits` (vertices, rings, parts, self-intersections) is refused,
    /// naming the feature and the limit, before any costly repair.
    /// - Parameter purpose: what needs polygons, for the message ("protected areas and zones").
    static func polygon(_ geometry: Geometry?, label: String, purpose: String, limits: RepairLimits = .standard,
                        warnings: inout [String]) throws -> Geometry {
        guard let geometry, !geometry.isEmpty else { throw DomainError.invalidInput("\(label) has no geometry") }
        guard geometry.isPolygonal else {
            throw DomainError.invalidInput("\(label) is a \(geometry.typeName); \(purpose) need polygons")
        }
        if let bad = geometry.allCoordinates.first(where: { abs($0.x) > 180 || abs($0.y) > 90 || !$0.x.isFinite || !$0.y.isFinite }) {
            throw DomainError.invalidInput("\(label) has coordinates out of lon/lat range (\(bad.x), \(bad.y)): the file's CRS is probably wrong; give --source-crs")
        }
        let repaired: Geometry
        do {
            try geometry.checkSize(limits)
            let outliers = geometry.outlierVertices()
            if !outliers.isEmpty {
                let list = outliers.map { String(format: "(%.6f, %.6f)", $0.x, $0.y) }.joined(separator: ", ")
                warnings.append("\(label): vertex \(list) lies far from the rest of its ring: check it (a typo or a stray point?)")
            }
            guard case .invalid(let reason, let location) = try geometry.validity() else { return geometry }
            repaired = try geometry.makeValid(within: limits)
            guard !repaired.isEmpty else { throw DomainError.invalidInput("\(label) is invalid (\(reason)) and nothing is left after repair") }
            let at = location.map { String(format: " at %.6f %.6f", $0.x, $0.y) } ?? ""
            warnings.append("\(label): invalid polygon (\(reason)\(at)) repaired with MakeValid")
        } catch let error as RepairLimitError {
            throw DomainError.invalidInput("\(label) \(error)")
        }
        return repaired
    }

    /// "feature N ('name')" for messages.
    static func label(_ index: Int, _ feature: Feature, _ nameField: String?) -> String {
        let name = text(feature, nameField).map { " ('\($0)')" } ?? ""
        return "feature \(index)\(name)"
    }

    /// A polygon when there is one part, else a multipolygon: the shapes stores keep.
    static func polygonal(_ g: Geometry) -> Geometry {
        let polygons = g.polygons
        return polygons.count == 1 ? .polygon(polygons[0]) : .multiPolygon(polygons)
    }
}
