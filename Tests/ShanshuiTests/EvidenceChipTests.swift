import Foundation
import GeoKit
import Shanshui
import ShanshuiTestSupport
import Testing

@Suite("Evidence chips")
struct EvidenceChipTests {
    @Test func taizhouChipsShowBothEpochsWithOutline() throws {
        try Fixture.withTemporaryDirectory { dir in
            // Landsat TM bands: 1 blue, 2 green, 3 red, 4 nir.
            let before = ChipImagery(paths: [Fixture.taizhou2000], red: 3, green: 2, blue: 1, nir: 4, date: try Day("2000-03-17"))
            let after = ChipImagery(paths: [Fixture.taizhou2003], red: 3, green: 2, blue: 1, nir: 4, date: try Day("2003-02-06"))
            let patch = Geometry.polygon(ReserveScene.square(Coordinate(119.905, 32.49), half: 0.003))
            let paths = try EvidenceChip.render(before: before, after: after, patch: patch, name: "2026-000001", to: dir.path, size: 200)
            #expect(paths.count == 2)
            let chip = try Raster.open(paths[0])
            #expect(chip.driverShortName == "PNG")
            #expect(chip.width == 408)
            #expect(chip.height == 224)
            let rgb = try chip.read(bands: [1, 2, 3], as: UInt8.self)
            // The yellow outline is drawn on both halves.
            var yellowLeft = 0, yellowRight = 0, distinct = Set<UInt32>()
            for y in 24..<224 {
                for x in 0..<408 {
                    let r = rgb[0, y, x], g = rgb[1, y, x], b = rgb[2, y, x]
                    if r == 255 && g == 220 && b == 0 { if x < 204 { yellowLeft += 1 } else { yellowRight += 1 } }
                    distinct.insert(UInt32(r) << 16 | UInt32(g) << 8 | UInt32(b))
                }
            }
            #expect(yellowLeft > 100)
            #expect(yellowRight > 100)
            #expect(distinct.count > 500)  // real imagery, not a flat fill
        }
    }

    @Test func patchOutsideTheImageryIsRefused() throws {
        try Fixture.withTemporaryDirectory { dir in
            let imagery = ChipImagery(paths: [Fixture.taizhou2000], red: 3, green: 2, blue: 1, nir: 4, date: nil)
            let far = Geometry.polygon(ReserveScene.square(Coordinate(110, 30), half: 0.01))
            #expect { try EvidenceChip.render(before: imagery, after: imagery, patch: far, name: "x", to: dir.path) } throws: {
                "\($0)".contains("outside the imagery")
            }
        }
    }
}
