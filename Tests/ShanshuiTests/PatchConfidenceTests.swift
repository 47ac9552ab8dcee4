import Foundation
import GeoKit
@testable import Shanshui
import ShanshuiScenes
import ShanshuiTestSupport
import Testing

/// Patch confidence means something (issue 13): it rises with what should raise it, a faint speck
/// stays out of the ledger, a clear planted change reaches the top bin and a trap's artefact does not.
@Suite("PatchConfidence", .serialized)
struct PatchConfidenceTests {
    @Test func theCalibrationIsMonotoneAndStaysInRange() {
        let knots = PatchConfidence.calibration
        #expect(zip(knots, knots.dropFirst()).allSatisfy { $0.score < $1.score && $0.chance <= $1.chance })
        let values = stride(from: -10.0, through: 10.0, by: 0.05).map(PatchConfidence.calibrated)
        #expect(zip(values, values.dropFirst()).allSatisfy { $0 <= $1 }, "a higher score never lowers confidence")
        #expect(values.allSatisfy { (0...1).contains($0) })
        #expect(values.first! < PatchConfidence.ledgerMinimum && values.last! >= 0.8)
    }

    @Test func aStrongerLargerChangeIsNoLessConfident() {
        func confidence(pixels: Int, ratio: Double, angle: Double = 20, restored: Bool = false) -> Double {
            // `pixels` 10 m pixels with compactness (4π·area/perimeter²) 0.5.
            let area = Double(pixels) * 100
            return PatchConfidence.of(Patch(id: 1, geometry: .polygon(Polygon(exterior: [])), areaM2: area, perimeterM: (8 * .pi * area).squareRoot(),
                                            activity: .mining, change: restored ? .restored : .new, confidence: 0, magnitudeRatio: ratio,
                                            dNDVI: -0.3, dWater: 0, dBare: 0.1, dBrightness: 0.8, elongation: 1.5, spectralAngle: angle,
                                            pixelCount: pixels))
        }
        let ratios = [1.0, 1.2, 1.5, 2, 3, 5], sizes = [10, 30, 100, 300, 1000, 3000]
        #expect(zip(ratios, ratios.dropFirst()).allSatisfy { confidence(pixels: 100, ratio: $0) <= confidence(pixels: 100, ratio: $1) })
        #expect(zip(sizes, sizes.dropFirst()).allSatisfy { confidence(pixels: $0, ratio: 1.5) <= confidence(pixels: $1, ratio: 1.5) })
        #expect(confidence(pixels: 10, ratio: 1.05) < PatchConfidence.ledgerMinimum, "a faint speck stays out of the ledger")
        #expect(confidence(pixels: 300, ratio: 2, restored: true) < confidence(pixels: 300, ratio: 2), "vegetation coming back is no damage")
        #expect(confidence(pixels: 300, ratio: 2, angle: 2.5) < confidence(pixels: 300, ratio: 2), "a change near a brightness scaling is doubtful")
        #expect(ScanRunner.defaultMinimumConfidence == PatchConfidence.ledgerMinimum)
    }

    @Test func aPlantedMineIsConfidentAndATrapsArtefactIsNot() throws {
        let mines = TrapScene(size: 450, seed: 9, activities: [.mining], traps: [])
        let found = try mines.detectedPatches().filter { $0.change == .new }
        #expect(!found.isEmpty)
        #expect(found.allSatisfy { $0.confidence >= 0.8 }, "\(found.map { ($0.pixelCount, $0.confidence) })")
        // Sub-pixel misregistration and sand drying alone still leave a few patches (TrapSceneTests.open):
        // none of them may reach the top bin or the planted mines' confidence.
        for trap in [TrapScene.Trap.misregistration, .brightSoil] {
            let artefacts = try TrapScene(size: 450, seed: 5, activities: [], traps: [trap]).detectedPatches().filter { $0.change == .new }
            let mine = found.map(\.confidence).min() ?? 1
            #expect(artefacts.allSatisfy { $0.confidence < 0.8 && $0.confidence < mine }, "\(trap): \(artefacts.map { ($0.pixelCount, $0.confidence) })")
        }
    }
}
