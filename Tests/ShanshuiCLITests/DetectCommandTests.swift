import Foundation
import GeoKit
import ShanshuiTestSupport
import Testing

@Suite("shanshui detect, run as a user would")
struct DetectCommandTests {
    @Test func taizhouToGeoJSONWithProvenanceProgressAndSummary() throws {
        try Fixture.withTemporaryDirectory { dir in
            let out = dir.appendingPathComponent("patches.geojson").path, mask = dir.appendingPathComponent("change.tif").path
            let run = try ShanshuiCommand.run(["detect", "data/taizhou/2000TM", "data/taizhou/2003TM", "-o", out, "--mask-out", mask])
            #expect(run.status == 0)
            #expect(run.stderr.contains("detecting"))
            #expect(run.stderr.contains("s left"))
            #expect(run.stdout.contains("new patches"))
            let doc = try JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: out))))
            #expect(doc["type"] == "FeatureCollection")
            #expect(doc["provenance"]?["band_roles"] == "blue=1,green=2,red=3,nir=4,swir1=5,swir2=6")
            #expect(doc["provenance"]?["threshold_source"] == "otsu")
            let features = doc["features"]?.arrayValue ?? []
            #expect(features.count > 10)
            let properties = features.first?["properties"]
            for key in ["id", "area_m2", "perimeter_m", "activity", "change", "confidence", "d_ndvi", "d_water", "d_bare", "elongation"] {
                #expect(properties?[key] != nil, "missing \(key)")
            }
            let score = try ChangeScore(changeRaster: mask, changeLabels: Fixture.data("taizhou/change.bmp"),
                                        unchangedLabels: Fixture.data("taizhou/unchanged.bmp"))
            #expect(score.kappa >= 0.93)
        }
    }

    @Test func geoPackageOutputQuietAndASyntheticScene() throws {
        try Fixture.withTemporaryDirectory { dir in
            let before = dir.appendingPathComponent("b.tif").path, after = dir.appendingPathComponent("a.tif").path
            try SyntheticScene(width: 450, height: 450, bandCount: 4, seed: 1).write(before: before, after: after)
            let out = dir.appendingPathComponent("patches.gpkg").path
            let run = try ShanshuiCommand.run(["detect", before, after, "-o", out, "--quiet", "--min-area", "2000", "--simplify", "5"])
            #expect(run.status == 0)
            #expect(run.stderr.isEmpty)
            #expect(FileManager.default.fileExists(atPath: out + ".provenance.json"))
            let info = try ShanshuiCommand.run(["info", out])
            #expect(info.stdout.contains("patches"))
        }
    }

    @Test func badInputFailsWithAMessageAndWritesNothing() throws {
        try Fixture.withTemporaryDirectory { dir in
            let out = dir.appendingPathComponent("patches.geojson").path
            let missing = try ShanshuiCommand.run(["detect", "data/taizhou/nope", "data/taizhou/2003TM", "-o", out])
            #expect(missing.status != 0)
            #expect(missing.stderr.contains("data/taizhou/nope"))
            let roles = try ShanshuiCommand.run(["detect", "data/taizhou/2000TM", "data/taizhou/2003TM", "-o", out, "--bands", "red=3,nir=4"])
            #expect(roles.status != 0)
            #expect(roles.stderr.contains("no band for blue, green"))
            let format = try ShanshuiCommand.run(["detect", "data/taizhou/2000TM", "data/taizhou/2003TM", "-o", dir.appendingPathComponent("x.png").path])
            #expect(format.status != 0)
            let left = try FileManager.default.contentsOfDirectory(atPath: dir.path)
            #expect(left.isEmpty)
        }
    }
}
