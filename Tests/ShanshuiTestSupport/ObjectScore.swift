import GeoKit
import ShanshuiScenes
import Shanshui

/// Object-level agreement between detected patches and a synthetic scene's planted changes:
/// a planted object is found when a patch's box overlaps its box; a patch is true when it
/// overlaps a planted object; the activity is right when the largest overlapping patch has it.
public struct ObjectScore: Sendable, CustomStringConvertible {
    public var planted = 0, found = 0, patches = 0, truePatches = 0, activityRight = 0
    public var restoredPlanted = 0, restoredReported = 0
    public var mistakes: [String] = []

    public init(patches: [Patch], scene: SyntheticScene) throws {
        let truth = try scene.truthFeatures().filter { $0.properties["kind"] != .string("cloud") }
        let boxes = truth.map { $0.geometry!.envelope! }
        let patchBoxes = patches.map { $0.geometry.envelope! }
        func overlaps(_ a: Envelope, _ b: Envelope) -> Bool {
            a.minX <= b.maxX && b.minX <= a.maxX && a.minY <= b.maxY && b.minY <= a.maxY
        }
        planted = truth.count
        self.patches = patches.count
        truePatches = patchBoxes.filter { p in boxes.contains { overlaps(p, $0) } }.count
        for (object, box) in zip(truth, boxes) {
            let kind = object.properties["kind"]?.stringValue ?? ""
            let hits = patches.indices.filter { overlaps(patchBoxes[$0], box) }
            guard let best = hits.max(by: { patches[$0].pixelCount < patches[$1].pixelCount }) else {
                mistakes.append("\(kind) #\(object.properties["id"]!.serialized()) not found")
                continue
            }
            found += 1
            let patch = patches[best]
            if kind == "restored" {
                restoredPlanted += 1
                if patch.change == .restored { restoredReported += 1 }
            }
            let right = kind == "restored" ? patch.change == .restored : (patch.change == .new && patch.activity.rawValue == kind)
            if right { activityRight += 1 } else { mistakes.append("\(kind) reported as \(patch.activity.rawValue)/\(patch.change.rawValue)") }
        }
    }

    /// Planted objects found, over planted objects.
    public var recall: Double { Double(found) / Double(max(planted, 1)) }
    /// Patches on a planted object, over patches.
    public var precision: Double { Double(truePatches) / Double(max(patches, 1)) }
    /// Found objects with the right activity, over found objects.
    public var activityAccuracy: Double { Double(activityRight) / Double(max(found, 1)) }

    public var description: String {
        "recall \(found)/\(planted), precision \(truePatches)/\(patches), activity \(activityRight)/\(found), mistakes \(mistakes)"
    }
}
