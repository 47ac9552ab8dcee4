import Foundation
import GeoKit
import Shanshui
import ShanshuiTestSupport
import Testing

@Suite("Change detection: band roles, alignment and bad input")
struct DetectionInputTests {
    @Test func bandRolesParseAndComeFromBandNames() throws {
        let roles = try BandRoles(parsing: "blue=1,green=2,red=3,nir=4,swir1=5")
        #expect(roles.bands[.swir1] == 5)
        #expect(throws: DetectionError.self) { try BandRoles(parsing: "blue=1,ultraviolet=2") }
        let landsat = BandRoles.inferred(fromNames: (1...5).map { "ETM+ Meta (Band \($0))" } + ["ETM+ Meta (Band 7)"])
        #expect(landsat.description == "blue=1,green=2,red=3,nir=4,swir1=5,swir2=6")
        let sentinel = BandRoles.inferred(fromNames: ["T31UDQ_B02", "T31UDQ_B03", "T31UDQ_B04", "T31UDQ_B08", "T31UDQ_B11", "T31UDQ_B12"])
        #expect(sentinel.bands[.swir2] == 6)
        #expect(BandRoles.inferred(fromNames: ["", "", "", ""]).description == "blue=1,green=2,red=3,nir=4")
    }

    @Test func missingBandRolesAreNamed() throws {
        var configuration = DetectionConfiguration()
        configuration.bandRoles = try BandRoles(parsing: "blue=1,green=2,red=3")
        #expect {
            try ChangeDetector(configuration).detect(before: EpochSource(files: [Fixture.taizhou2000]),
                                                     after: EpochSource(files: [Fixture.taizhou2003]))
        } throws: { "\($0)".contains("no band for nir") }
    }

    @Test func unreadableFilesAreNamed() {
        #expect {
            try ChangeDetector().detect(before: EpochSource(files: ["/nonexistent/before.tif"]),
                                        after: EpochSource(files: [Fixture.taizhou2003]))
        } throws: { "\($0)".contains("/nonexistent/before.tif") }
    }

    @Test func epochsThatDoNotOverlapAreRejectedAndNoChangeRasterIsLeft() throws {
        try Fixture.withTemporaryDirectory { dir in
            let scene = SyntheticScene(width: 300, height: 300, seed: 2)
            let before = dir.appendingPathComponent("before.tif").path, after = dir.appendingPathComponent("after.tif").path
            try scene.write(before: before, after: after)
            // The same pixels 50 km east: no overlap.
            var grid = scene.grid
            grid.geoTransform.originX += 50_000
            let shifted = dir.appendingPathComponent("shifted.tif").path
            try Raster.open(after) { source in
                let moved = try Raster.create(shifted, profile: RasterProfile(grid: grid, bandCount: 4, dataType: .uint16, noData: 0))
                try moved.write(source.read(bands: [1, 2, 3, 4], as: UInt16.self))
                try moved.flush()
            }
            var configuration = DetectionConfiguration()
            let mask = dir.appendingPathComponent("change.tif").path
            configuration.changeRasterPath = mask
            #expect {
                try ChangeDetector(configuration).detect(before: EpochSource(files: [before]), after: EpochSource(files: [shifted]))
            } throws: { "\($0)".contains("does not overlap") }
            let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
            #expect(left == ["after.tif", "before.tif", "shifted.tif"])
        }
    }

    @Test func anAllCloudMaskLeavesNothingToAssess() throws {
        try Fixture.withTemporaryDirectory { dir in
            let scene = SyntheticScene(width: 300, height: 300, seed: 2)
            let before = dir.appendingPathComponent("before.tif").path, after = dir.appendingPathComponent("after.tif").path
            try scene.write(before: before, after: after)
            // A mask on a coarser grid (warped onto the scene's), cloud everywhere.
            var grid = scene.grid
            grid.geoTransform.pixelWidth = 30
            grid.geoTransform.pixelHeight = -30
            grid.width = 100
            grid.height = 100
            let cloud = dir.appendingPathComponent("cloud.tif").path
            do {
                let raster = try Raster.create(cloud, profile: RasterProfile(grid: grid, dataType: .byte))
                try raster.write(RasterBuffer<UInt8>(width: 100, height: 100, repeating: 1))
                try raster.flush()
            }
            #expect {
                try ChangeDetector().detect(before: EpochSource(files: [before]), after: EpochSource(files: [after], mask: cloud))
            } throws: { "\($0)".contains("cloud") }
        }
    }

    @Test func aRegionRestrictsDetectionAndSingleBandListsWork() throws {
        try Fixture.withTemporaryDirectory { dir in
            let scene = SyntheticScene(width: 450, height: 450, seed: 4)
            let before = dir.appendingPathComponent("before.tif").path, after = dir.appendingPathComponent("after.tif").path
            try scene.write(before: before, after: after)
            // AFTER as four single-band files, as Sentinel-2 products come.
            var files: [String] = []
            try Raster.open(after) { source in
                for band in 1...4 {
                    let path = dir.appendingPathComponent("after_band\(band).tif").path
                    let single = try Raster.create(path, profile: RasterProfile(grid: scene.grid, dataType: .uint16, noData: 0))
                    try single.write(source.read(band: band, as: UInt16.self))
                    try single.flush()
                    files.append(path)
                }
            }
            let whole = try ChangeDetector().detect(before: EpochSource(files: [before]), after: EpochSource(files: files))
            let box = try Transformer(from: scene.grid.crs!, to: .wgs84).transform(Envelope(minX: 401_500, minY: 3_495_500, maxX: 403_000, maxY: 3_497_000))
            let part = try ChangeDetector().detect(before: EpochSource(files: [before]), after: EpochSource(files: files), region: box)
            #expect(!part.patches.isEmpty)
            #expect(part.patches.count < whole.patches.count)
            for patch in part.patches {
                let e = patch.geometry.envelope!
                #expect(e.maxX >= box.minX && e.minX <= box.maxX)
            }
        }
    }
}
