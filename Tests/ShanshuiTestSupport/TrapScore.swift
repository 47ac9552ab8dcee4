import GeoKit
import Shanshui
import ShanshuiScenes

/// Detected patches scored against a trap scene's truth footprints: a damage item is found when
/// damage patches cover at least a fifth of it; a damage patch is false when less than a quarter
/// of it lies on planted damage (restored patches are never damage, so never false).
public struct TrapScore: Sendable, CustomStringConvertible {
    public var damageItems = 0, found = 0, typedRight = 0
    public var damagePatches = 0, falsePatches = 0
    public var mistakes: [String] = []

    public init(patches: [Patch], scene: TrapScene, within region: Geometry? = nil) throws {
        let truth = try scene.truthFeatures()
        let damage = truth.filter { $0.properties["role"] == "damage" }
        let footprints = damage.map { $0.geometry! }
        let planted = footprints.isEmpty ? nil : try Geometry.unaryUnion(footprints)
        var reported = patches.filter { $0.change == .new }
        if let region { reported = try reported.filter { try $0.geometry.intersects(region) } }
        damagePatches = reported.count
        for patch in reported {
            let on = try planted.map { try patch.geometry.intersection($0).planarArea } ?? 0
            if try on < 0.25 * patch.geometry.planarArea {
                falsePatches += 1
                mistakes.append("false \(patch.activity.rawValue) patch of \(patch.pixelCount) px at \(patch.geometry.envelope!.center)")
            }
        }
        for (feature, footprint) in zip(damage, footprints) {
            if let region, try !region.contains(footprint) { continue }
            damageItems += 1
            let activity = feature.properties["activity"]?.stringValue ?? ""
            let overlaps = try reported.map { try $0.geometry.intersection(footprint).planarArea }
            guard try overlaps.reduce(0, +) >= 0.2 * footprint.planarArea, let best = overlaps.indices.max(by: { overlaps[$0] < overlaps[$1] }) else {
                mistakes.append("\(activity) #\(feature.properties["id"]!.serialized()) not found")
                continue
            }
            found += 1
            if reported[best].activity.rawValue == activity { typedRight += 1 } else {
                mistakes.append("\(activity) #\(feature.properties["id"]!.serialized()) typed \(reported[best].activity.rawValue)")
            }
        }
    }

    /// Damage items found, over damage items.
    public var recall: Double { Double(found) / Double(max(damageItems, 1)) }
    /// Found items typed with their activity, over found items.
    public var typing: Double { Double(typedRight) / Double(max(found, 1)) }

    public var description: String {
        "found \(found)/\(damageItems), typed \(typedRight)/\(found), false \(falsePatches)/\(damagePatches) damage patches; \(mistakes.prefix(12))"
    }
}
