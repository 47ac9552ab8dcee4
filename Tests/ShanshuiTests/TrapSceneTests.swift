import Foundation
import GeoKit
import Shanshui
import ShanshuiTestSupport
@testable import ShanshuiScenes
import Testing

/// Issue 13's trap scenes, one trap or one activity at a time, so a failure names its cause.
@Suite("Detection on trap scenes: each trap alone, each activity alone", .serialized)
struct TrapSceneTests {
    static let size = 450

    @Test("a trap alone leaves no false damage patch", arguments: TrapScene.Trap.allCases)
    func trapAloneLeavesNoFalsePatch(_ trap: TrapScene.Trap) throws {
        let scene = TrapScene(size: TrapSceneTests.size, seed: 5, activities: [], traps: [trap])
        let patches = try scene.detectedPatches(region: trap == .smallArea)
        let score = try TrapScore(patches: patches, scene: scene)
        #expect(score.damagePatches == 0, "\(trap.rawValue): \(score)")
    }

    @Test("an activity alone is found and typed", arguments: TrapScene.activities)
    func activityAloneIsFoundAndTyped(_ activity: Activity) throws {
        let scene = TrapScene(size: TrapSceneTests.size, seed: 9, activities: [activity], traps: [])
        let score = try TrapScore(patches: try scene.detectedPatches(), scene: scene)
        #expect(score.damageItems >= 2)
        #expect(score.recall >= 0.9, "\(activity.rawValue): \(score)")
        #expect(score.falsePatches == 0, "\(activity.rawValue): \(score)")
        #expect(score.typing >= 0.8, "\(activity.rawValue): \(score)")
    }

    @Test func theSceneIsTheSameWhateverTheStrip() throws {
        let scene = TrapScene(size: 300, seed: 3)
        let whole = scene.strip(Window(column: 0, row: 0, width: 300, height: 300), epoch: 1)
        let part = scene.strip(Window(column: 100, row: 120, width: 50, height: 40), epoch: 1)
        #expect(part[2, 10, 7] == whole[2, 130, 107])
        #expect(!scene.damage.isEmpty)
        #expect(Set(TrapScene(size: 1500, seed: 3).items.compactMap(\.trap)).count == TrapScene.cellTraps.count)
    }
}
