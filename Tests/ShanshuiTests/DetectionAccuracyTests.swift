import Foundation
import GeoKit
import Shanshui
import ShanshuiTestSupport
import Testing

@Suite("Change detection accuracy on real labels")
struct DetectionAccuracyTests {
    /// Taizhou, Landsat 7 2000 → 2003, scored on the labelled pixels only: the authors' IR-MAD map
    /// reaches Kappa 0.932 / F1 0.945; ours must do at least as well.
    @Test func taizhouKappaAndF1BeatTheAuthorsIRMAD() throws {
        try Fixture.withTemporaryDirectory { dir in
            var configuration = DetectionConfiguration()
            configuration.changeRasterPath = dir.appendingPathComponent("change.tif").path
            let result = try ChangeDetector(configuration).detect(before: EpochSource(files: [Fixture.taizhou2000]),
                                                                  after: EpochSource(files: [Fixture.taizhou2003]))
            let score = try ChangeScore(changeRaster: configuration.changeRasterPath!,
                                        changeLabels: Fixture.data("taizhou/change.bmp"),
                                        unchangedLabels: Fixture.data("taizhou/unchanged.bmp"))
            print("Taizhou: \(score); \(result.patches.count) patches; provenance \(result.provenance.serialized())")
            #expect(score.kappa >= 0.93)
            #expect(score.f1 >= 0.94)
            // Every outline is valid for GEOS: rings touching themselves at a pixel corner are repaired.
            let invalid = try result.patches.filter { try !$0.geometry.validity().isValid }
            #expect(invalid.isEmpty, "\(invalid.count) invalid patch outlines, e.g. patch \(invalid.first.map { String($0.id) } ?? "")")
        }
    }
}
