import Foundation
import GeoKit

/// What detection found: the patches (lon/lat outlines and properties, as values), a summary and
/// the provenance that goes into every output file.
public struct DetectionResult: Sendable {
    /// The patches kept after the minimum mapping unit, top to bottom.
    public var patches: [Patch]
    /// Counts and areas.
    public var summary: DetectionSummary
    /// Inputs, dates, band roles, thresholds, model figures, software version.
    public var provenance: JSONValue
}

/// Counts and areas of a detection run.
public struct DetectionSummary: Sendable {
    /// Pixels compared (valid in both epochs, not cloud).
    public var pixelsAssessed: Int
    /// Of those, pixels judged changed (before the minimum mapping unit).
    public var pixelsChanged: Int
    /// Patches per activity, `new` patches only.
    public var newByActivity: [Activity: Int]
    /// Patches reported as restored vegetation.
    public var restored: Int
    /// Area of `new` patches, m².
    public var newArea: Double
    /// Area of restored patches, m².
    public var restoredArea: Double
    /// Wall time, seconds.
    public var seconds: Double
    /// The sanity guard's warning when the scene's change model was degenerate (and the robust
    /// measure used instead); nil when the fit was sound.
    public var warning: String? = nil

    /// A few lines for a terminal.
    public var text: String {
        let activities = Activity.allCases.compactMap { a in newByActivity[a].map { "\(a.rawValue) \($0)" } }
        let newCount = newByActivity.values.reduce(0, +)
        return String(format: "%d new patches (%@), %.2f ha; %d restored, %.2f ha\n"
            + "%d of %d assessed pixels changed (%.2f%%); %.1f s", newCount,
            activities.isEmpty ? "none" : activities.joined(separator: ", "), newArea / 10_000, restored, restoredArea / 10_000,
            pixelsChanged, pixelsAssessed, pixelsAssessed > 0 ? 100 * Double(pixelsChanged) / Double(pixelsAssessed) : 0, seconds)
            + (warning.map { "\nwarning: " + $0 } ?? "")
    }
}

extension DetectionResult {
    /// Shanshui's detection version, recorded in provenance.
    public static let softwareVersion = "shanshui-detect 0.1.0"

    /// Writes the patches to GeoJSON (RFC 7946, with a `provenance` foreign member) or GeoPackage
    /// (with the provenance in `OUT.provenance.json` beside it), chosen by `path`'s extension.
    /// Nothing half-written is left behind.
    /// - Throws: `GDALError` or a file error naming `path`.
    public func write(to path: String) throws {
        let features = patches.map(\.feature)
        let lower = path.lowercased()
        if lower.hasSuffix(".geojson") || lower.hasSuffix(".json") {
            var document = GeoJSON.encode(features)
            // RFC 7946 §6.1 allows foreign members: add provenance right after the opening brace.
            let member = Data(("\"provenance\":" + provenance.serialized() + ",").utf8)
            if let brace = document.firstIndex(of: UInt8(ascii: "{")) { document.insert(contentsOf: member, at: brace + 1) }
            let url = URL(fileURLWithPath: path)
            try document.write(to: url, options: .atomic)
        } else {
            try VectorSink.write(features, to: path, layerName: "patches")
            let sidecar = URL(fileURLWithPath: path + ".provenance.json")
            try Data(provenance.serialized(pretty: true).utf8).write(to: sidecar, options: .atomic)
        }
    }
}
