import Foundation
import GeoKit
import Shanshui
import ShanshuiTestSupport
import Testing

@Suite("Change detection on synthetic scenes with planted changes")
struct DetectionSyntheticTests {
    private func detect(_ scene: SyntheticScene, configuration: DetectionConfiguration = DetectionConfiguration()) throws
        -> (DetectionResult, ObjectScore) {
        try Fixture.withTemporaryDirectory { dir in
            let before = dir.appendingPathComponent("before.tif").path, after = dir.appendingPathComponent("after.tif").path
            try scene.write(before: before, after: after)
            let result = try ChangeDetector(configuration).detect(before: EpochSource(files: [before]),
                                                                  after: EpochSource(files: [after]))
            return (result, try ObjectScore(patches: result.patches, scene: scene))
        }
    }

    @Test func plantedMinesRoadsDamsBuildingsAndReclamationAreFoundAndTyped() throws {
        let scene = SyntheticScene(width: 600, height: 600, bandCount: 4, seed: 7)
        let (_, score) = try detect(scene)
        print("synthetic 4-band: \(score)")
        #expect(score.recall >= 0.95)
        #expect(score.precision >= 0.9)
        #expect(score.activityAccuracy >= 0.8)
        #expect(score.restoredPlanted > 0)
        #expect(score.restoredReported == score.restoredPlanted)
    }

    @Test func sixBandScenesUseTheShortwaveInfrared() throws {
        let scene = SyntheticScene(width: 450, height: 450, bandCount: 6, seed: 3)
        let (result, score) = try detect(scene)
        print("synthetic 6-band: \(score)")
        #expect(score.recall >= 0.95)
        #expect(score.precision >= 0.9)
        #expect(result.provenance["indices"]?["water"] == "MNDWI")
    }

    /// Components cut by block edges are stitched back: small blocks give the same patches as one
    /// block. (The 3×3 smoothing and the rim trim after it are clipped at block edges, so where a
    /// patch's outline meets a block edge a few pixels may differ: 2–3 % of a small patch cut by 64-pixel blocks.)
    @Test func smallBlocksGiveTheSamePatchesAsLargeOnes() throws {
        let scene = SyntheticScene(width: 450, height: 450, bandCount: 4, seed: 11)
        var small = DetectionConfiguration(), large = DetectionConfiguration()
        small.blockSize = 64
        large.blockSize = 512
        small.threshold = 30
        large.threshold = 30
        let (a, _) = try detect(scene, configuration: small)
        let (b, _) = try detect(scene, configuration: large)
        #expect(a.patches.count == b.patches.count)
        let small64 = a.patches.map(\.pixelCount).sorted(), large512 = b.patches.map(\.pixelCount).sorted()
        for (x, y) in zip(small64, large512) {
            #expect(abs(x - y) <= max(3, y / 33), "\(x) vs \(y)")
        }
    }

    @Test func patchesAreValidRightHandedPolygonsWithConsistentMeasures() throws {
        let scene = SyntheticScene(width: 450, height: 450, bandCount: 4, seed: 5)
        let (result, _) = try detect(scene)
        #expect(!result.patches.isEmpty)
        for patch in result.patches {
            let validity = try patch.geometry.validity()
            #expect(validity == .valid)
            // Pixel-exact outlines: the geodesic area is, within 1 %, 100 m² for each pixel the patch was
            // decided on and for each of the at most twice as many widening its outline (`OutlineGrowth`).
            let pixels = patch.areaM2 / 100
            #expect(pixels > Double(patch.pixelCount) * 0.99 && pixels < Double(patch.pixelCount) * 3.03)
            #expect(patch.confidence >= 0 && patch.confidence <= 1)
            #expect(patch.areaM2 >= 1000)
        }
    }
}
