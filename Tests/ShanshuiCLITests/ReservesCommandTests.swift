import Foundation
import GeoKit
import ShanshuiTestSupport
import Testing

/// `shanshui reserves ...` driven as a user would, on a real workspace file.
@Suite("shanshui reserves")
struct ReservesCommandTests {
    static let center = Coordinate(119.95, 32.48)

    /// A scratch folder with an initialised workspace; `run` runs shanshui against it.
    struct Workspace {
        let dir: URL
        var db: String { dir.appendingPathComponent("ws.db").path }
        func file(_ name: String) -> String { dir.appendingPathComponent(name).path }
        @discardableResult
        func run(_ arguments: [String]) throws -> ShanshuiCommand.Result {
            try ShanshuiCommand.run(arguments, in: dir, environment: ["SHANSHUI_DB": db])
        }
        /// Everything the registry holds, as the user sees it.
        func snapshot() throws -> String {
            try run(["reserves", "list", "--json", "--as-of", "2030-01-01"]).stdout
        }
    }

    func withWorkspace(_ body: (Workspace) throws -> Void) throws {
        try Fixture.withTemporaryDirectory { dir in
            let ws = Workspace(dir: dir)
            #expect(try ws.run(["init"]).status == 0)
            try body(ws)
        }
    }

    func areaKm2(_ ws: Workspace, _ code: String) throws -> Double {
        let json = try JSONValue.parse(Array(try ws.run(["reserves", "show", code, "--json", "--as-of", "2030-01-01"]).stdout.utf8))
        return json["area_km2"]?.doubleValue ?? -1
    }

    @Test func rockyMountainFromShapefile() throws {
        try withWorkspace { ws in
            let run = try ws.run(["reserves", "import", Fixture.path("rmnp/rmnp.shp"), "--name-field", "UNITNAM",
                                  "--code-field", "UNITCOD", "--kind", "national_park", "--effective", "2020-01-01"])
            #expect(run.status == 0)
            #expect(run.stdout.contains("created"))
            #expect(abs(try areaKm2(ws, "ROMO") - 1077.6) < 1)
            let again = try ws.run(["reserves", "import", Fixture.path("rmnp/rmnp.shp"), "--name-field", "UNITNAM",
                                    "--code-field", "UNITCOD", "--kind", "national_park", "--effective", "2020-01-01"])
            #expect(again.stdout.contains("nothing changed"))
        }
    }

    @Test func bowtieIsRepairedWithAWarningNamingTheFeature() throws {
        try withWorkspace { ws in
            let c = Self.center
            let bowtie = Geometry.polygon(Polygon(exterior: [
                Coordinate(c.x, c.y), Coordinate(c.x + 0.02, c.y + 0.02), Coordinate(c.x + 0.02, c.y),
                Coordinate(c.x, c.y + 0.02), Coordinate(c.x, c.y),
            ]))
            try VectorSink.write([Feature(geometry: bowtie, properties: ["name": "蝴蝶湿地"])], to: ws.file("bowtie.geojson"))
            let run = try ws.run(["reserves", "import", ws.file("bowtie.geojson"), "--kind", "natural_park", "--effective", "2020-01-01"])
            #expect(run.status == 0)
            #expect(run.stderr.contains("feature 0 ('蝴蝶湿地')"))
            #expect(run.stderr.contains("Self-intersection"))
            let square = Geometry.polygon(ReserveScene.square(Coordinate(c.x + 0.01, c.y + 0.01), half: 0.01)).geodesicArea / 1e6
            #expect(abs(try areaKm2(ws, "蝴蝶湿地") - square / 2) / (square / 2) < 0.001)
        }
    }

    @Test func gaussKrugerZippedShapefileAndGCJ02GeoJSON() throws {
        try withWorkspace { ws in
            let gk = try CRS(epsg: 4549)
            let features = try ReserveScene.natureReserve(code: "NR1", name: "溱湖", center: Self.center).map { f in
                var f = f
                f.geometry = try Transformer(from: .wgs84, to: gk).transform(f.geometry!)
                return f
            }
            try VectorSink.write(features, to: ws.file("gk.shp"), crs: gk)
            try VectorSink.write(features, to: ws.file("gk.shp.zip"), crs: gk)
            let expected = Geometry.polygon(ReserveScene.square(Self.center, half: 0.03)).geodesicArea / 1e6
            for (file, code) in [("gk.shp", "NR1"), ("gk.shp.zip", "NR1")] {
                let run = try ws.run(["reserves", "import", ws.file(file), "--code-field", "code", "--zone-field", "zone",
                                      "--kind", "provincial_nature_reserve", "--effective", "2020-01-01"])
                #expect(run.status == 0, "\(run.stderr)")
                #expect(abs(try areaKm2(ws, code) - expected) / expected < 1e-4)
            }
            // Taizhou's Hailing district as Amap serves it (GCJ-02), converted on import.
            let run = try ws.run(["reserves", "import", Fixture.path("admin_cn/321202.geojson"), "--kind", "ecological_red_line",
                                  "--from-gcj02", "--effective", "2020-01-01", "--name-field", "NOPE"])
            #expect(run.status != 0)
            #expect(run.stderr.contains("fields:"))
        }
    }

    @Test func theSameBoundaryFromAnotherCRSChangesNothingAndAMetreDoes() throws {
        try withWorkspace { ws in
            let features = ReserveScene.natureReserve(code: "NR1", name: "溱湖", center: Self.center)
            try VectorSink.write(features, to: ws.file("nr.geojson"))
            let flags = ["--code-field", "code", "--zone-field", "zone", "--kind", "provincial_nature_reserve"]
            #expect(try ws.run(["reserves", "import", ws.file("nr.geojson")] + flags + ["--effective", "2020-01-01"]).status == 0)
            // The same boundary as a survey office delivers it: CGCS2000 3° Gauss-Krüger zone 40, with the zone in X.
            let zone40 = try CRS(epsg: 4528)
            let toZone = try Transformer(from: .wgs84, to: zone40)
            let projected = try features.map { f in
                var f = f
                f.geometry = try toZone.transform(f.geometry!)
                return f
            }
            try VectorSink.write(projected, to: ws.file("zone40.shp"), crs: zone40)
            let again = try ws.run(["reserves", "import", ws.file("zone40.shp")] + flags)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(again.stdout.contains("nothing changed"), "\(again.stdout)")
            #expect(again.stderr.contains("within about a centimetre"), "\(again.stderr)")
            #expect(!again.stderr.contains("ballpark"), "CGCS2000 and WGS 84 share an ellipsoid: \(again.stderr)")
            // The same file without its .prj (as CAD exports come): the zone in x names the CRS to give.
            for ext in ["shp", "shx", "dbf", "cpg"] {
                try FileManager.default.copyItem(atPath: ws.file("zone40.\(ext)"), toPath: ws.file("noprj.\(ext)"))
            }
            let noPRJ = try ws.run(["reserves", "import", ws.file("noprj.shp")] + flags)
            #expect(noPRJ.status != 0)
            #expect(noPRJ.stderr.contains("declares no CRS") && noPRJ.stderr.contains("zone 40") && noPRJ.stderr.contains("EPSG:4528"), "\(noPRJ.stderr)")
            #expect(try ws.run(["reserves", "import", ws.file("noprj.shp"), "--source-crs", "EPSG:4528"] + flags).stdout.contains("nothing changed"))
            #expect(try ws.run(["reserves", "history", "NR1"]).stdout.components(separatedBy: "\n").filter { $0.contains("establish") || $0.contains("adjust") }.count == 1)
            // One metre east is a new boundary: without --effective it is refused, saying what changed.
            let shifted = projected.map { f in
                var f = f
                f.geometry = f.geometry!.mapCoordinates { Coordinate($0.x + 1, $0.y) }
                return f
            }
            try VectorSink.write(shifted, to: ws.file("moved.shp"), crs: zone40)
            let moved = try ws.run(["reserves", "import", ws.file("moved.shp")] + flags)
            #expect(moved.status != 0)
            #expect(moved.stderr.contains("would change") && moved.stderr.contains("zone shapes"), "\(moved.stderr)")
        }
    }

    @Test func xian1980WithoutPublishedParametersIsImportedWithAWarning() throws {
        try withWorkspace { ws in
            // An older boundary in Xian 1980 / 3° Gauss-Krüger CM 120E: PROJ has no transformation to
            // WGS 84 for it, only a ballpark that ignores the datum offset.
            let xian = try CRS(epsg: 2385)
            let toXian = try Transformer(from: .wgs84, to: xian)
            let features = try ReserveScene.natureReserve(code: "NR1", name: "溱湖", center: Self.center).map { f in
                var f = f
                f.geometry = try toXian.transform(f.geometry!)
                return f
            }
            try VectorSink.write(features, to: ws.file("xian80.shp"), crs: xian)
            let run = try ws.run(["reserves", "import", ws.file("xian80.shp"), "--code-field", "code", "--zone-field", "zone",
                                  "--kind", "provincial_nature_reserve", "--effective", "2020-01-01"])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stderr.contains("xian80.shp") && run.stderr.contains("Xian 1980") && run.stderr.contains("ballpark"), "\(run.stderr)")
            #expect(run.stderr.contains("七参数"), "\(run.stderr)")
        }
    }

    @Test func gcj02BoundaryIsShiftedOnImport() throws {
        try withWorkspace { ws in
            let district = try VectorSource(path: Fixture.path("admin_cn/321202.geojson")).layer().features()[0]
            try VectorSink.write([Feature(geometry: district.geometry, properties: ["name": "海陵红线"])], to: ws.file("hl.geojson"))
            #expect(try ws.run(["reserves", "import", ws.file("hl.geojson"), "--kind", "ecological_red_line", "--from-gcj02",
                                "--effective", "2020-01-01"]).status == 0)
            #expect(abs(try areaKm2(ws, "海陵红线") - 387.96) / 387.96 < 0.005)
            try ws.run(["export", "reserves", "-o", ws.file("out.geojson"), "--as-of", "2021-01-01"])
            let exported = try #require(try GeoJSON.read(Data(contentsOf: URL(fileURLWithPath: ws.file("out.geojson")))).first?.geometry)
            guard case .point(let a) = try exported.centroid(), case .point(let b) = try district.geometry!.centroid() else {
                Issue.record("no centroid")
                return
            }
            let moved = Geometry.geodesicDistance(a, b)
            #expect(moved > 450 && moved < 560)
        }
    }

    @Test func badInputIsRefusedAndTheStoreIsUnchanged() throws {
        try withWorkspace { ws in
            try VectorSink.write(ReserveScene.natureReserve(code: "NR1", name: "溱湖", center: Self.center), to: ws.file("nr.geojson"))
            #expect(try ws.run(["reserves", "import", ws.file("nr.geojson"), "--code-field", "code", "--zone-field", "zone",
                                "--kind", "national_nature_reserve", "--effective", "2020-01-01"]).status == 0)
            let before = try ws.snapshot()
            var bad = ReserveScene.natureReserve(code: "NR2", name: "坏区", center: Coordinate(120.1, 32.6))
            bad[1].properties["zone"] = "middle"
            try VectorSink.write(bad, to: ws.file("badzone.geojson"))
            try VectorSink.write([Feature(geometry: .point(Self.center), properties: ["name": "点"])], to: ws.file("points.geojson"))
            try Data(#"{"type":"FeatureCollection","features":[]}"#.utf8).write(to: URL(fileURLWithPath: ws.file("empty.geojson")))
            try Data("WKT,name\n\"POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))\",甲\n".utf8).write(to: URL(fileURLWithPath: ws.file("nocrs.csv")))
            let projected = try Transformer(from: .wgs84, to: try CRS(epsg: 4549)).transform(Geometry.polygon(ReserveScene.square(Self.center, half: 0.01)))
            try VectorSink.write([Feature(geometry: projected, properties: ["name": "错位"])], to: ws.file("wrongcrs.geojson"))
            let cases: [(args: [String], says: [String])] = [
                (["badzone.geojson", "--code-field", "code", "--zone-field", "zone", "--kind", "national_nature_reserve"],
                 ["unknown zone 'middle'", "accepted: core", "feature 1"]),
                (["nr.geojson", "--code-field", "code", "--kind", "national_forest"], ["unknown protected-area kind 'national_forest'", "national_park"]),
                (["nr.geojson", "--code-field", "code", "--zone-field", "zone", "--kind", "ecological_red_line"], ["not allowed in a ecological_red_line"]),
                (["points.geojson", "--kind", "natural_park"], ["feature 0", "Point", "need polygons"]),
                (["empty.geojson", "--kind", "natural_park"], ["is empty"]),
                (["nocrs.csv", "--kind", "natural_park"], ["declares no CRS", "--source-crs"]),
                (["wrongcrs.geojson", "--kind", "natural_park"], ["out of lon/lat range", "--source-crs"]),
                (["nr.geojson", "--zone-field", "ZONE", "--kind", "natural_park"], ["--zone-field 'ZONE' is not a field", "fields: code, name, zone, level"]),
                (["nr.geojson", "--kind", "natural_park", "--effective", "2020-02-30"], ["not a date", "YYYY-MM-DD"]),
                (["missing.geojson", "--kind", "natural_park"], ["missing.geojson", "no such file"]),
            ]
            for c in cases {
                let run = try ws.run(["reserves", "import", ws.file(c.args[0])] + c.args.dropFirst())
                #expect(run.status != 0, "\(c.args)")
                for text in c.says { #expect(run.stderr.contains(text), "\(c.args): \(run.stderr)") }
                #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
            }
            #expect(try ws.snapshot() == before)
        }
    }

    @Test func checkExitsNonZeroOnZoningErrors() throws {
        try withWorkspace { ws in
            var features = ReserveScene.natureReserve(code: "NR1", name: "溱湖", center: Self.center)
            features[0].geometry = .polygon(ReserveScene.square(Self.center, half: 0.012))
            try VectorSink.write(features, to: ws.file("nr.gpkg"))
            #expect(try ws.run(["reserves", "import", ws.file("nr.gpkg"), "--code-field", "code", "--zone-field", "zone",
                                "--kind", "national_nature_reserve", "--effective", "2020-01-01"]).status == 0)
            let run = try ws.run(["reserves", "check"])
            #expect(run.status == 2)
            #expect(run.stdout.contains("zone_overlap"))
            #expect(run.stdout.contains("core × buffer"))
        }
    }

    @Test func adjustWithdrawAndHistoryFromTheCommandLine() throws {
        try withWorkspace { ws in
            try VectorSink.write([ReserveScene.redLine(code: "RL1", name: "红线", center: Self.center, half: 0.05)], to: ws.file("v1.geojson"))
            try VectorSink.write([ReserveScene.redLine(code: "RL1", name: "红线", center: Self.center, half: 0.04)], to: ws.file("v2.geojson"))
            #expect(try ws.run(["reserves", "import", ws.file("v1.geojson"), "--code-field", "code", "--kind", "ecological_red_line",
                                "--effective", "2019-01-01", "--instrument", "苏政发〔2018〕74号: 江苏省国家级生态保护红线规划"]).status == 0)
            let adjust = try ws.run(["reserves", "adjust", "RL1", ws.file("v2.geojson"), "--effective", "2023-07-01",
                                     "--change", "adjust", "--instrument", "苏政复〔2023〕12号"])
            #expect(adjust.status == 0, "\(adjust.stderr)")
            let early = try ws.run(["reserves", "withdraw", "RL1", "--effective", "2023-01-01", "--instrument", "x"])
            #expect(early.status != 0)
            #expect(early.stderr.contains("must start later than"))
            #expect(try ws.run(["reserves", "withdraw", "RL1", "--effective", "2026-01-01", "--instrument", "撤销"]).status == 0)
            let history = try ws.run(["reserves", "history", "RL1"])
            #expect(history.stdout.contains("2019-01-01  2023-07-01  establish"))
            #expect(history.stdout.contains("2023-07-01  2026-01-01  adjust"))
            #expect(history.stdout.contains("withdraw"))
            #expect(history.stdout.contains("苏政发〔2018〕74号: 江苏省国家级生态保护红线规划"))
            let v1 = Geometry.polygon(ReserveScene.square(Self.center, half: 0.05)).geodesicArea / 1e6
            let v2 = Geometry.polygon(ReserveScene.square(Self.center, half: 0.04)).geodesicArea / 1e6
            let shown2020 = try JSONValue.parse(Array(try ws.run(["reserves", "show", "RL1", "--json", "--as-of", "2020-06-01"]).stdout.utf8))
            #expect(abs((shown2020["area_km2"]?.doubleValue ?? 0) - v1) < 0.01)
            let shown2024 = try JSONValue.parse(Array(try ws.run(["reserves", "show", "RL1", "--json", "--as-of", "2024-06-01"]).stdout.utf8))
            #expect(abs((shown2024["area_km2"]?.doubleValue ?? 0) - v2) < 0.01)
            #expect(try ws.run(["reserves", "list", "--as-of", "2026-06-01"]).stdout.contains("0 protected area(s)"))
        }
    }

    @Test func anImplausibleAdjustmentNeedsForceAndAReason() throws {
        try withWorkspace { ws in
            try VectorSink.write([ReserveScene.redLine(code: "RL1", name: "红线", center: Self.center, half: 0.01)], to: ws.file("v1.geojson"))
            try VectorSink.write([ReserveScene.redLine(code: "RL1", name: "红线", center: Self.center, half: 0.05)], to: ws.file("v2.geojson"))
            #expect(try ws.run(["reserves", "import", ws.file("v1.geojson"), "--code-field", "code", "--kind", "ecological_red_line",
                                "--effective", "2019-01-01"]).status == 0)
            let adjust = ["reserves", "adjust", "RL1", ws.file("v2.geojson"), "--effective", "2023-07-01", "--instrument", "苏政复〔2023〕12号"]
            let refused = try ws.run(adjust)
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("(×25)") && refused.stderr.contains("--force --reason"), "\(refused.stderr)")
            #expect(try ws.run(adjust + ["--force"]).stderr.contains("--force needs --reason"))
            #expect(try ws.run(adjust + ["--reason", "x"]).stderr.contains("--reason goes with --force"))
            let forced = try ws.run(adjust + ["--force", "--reason", "红线扩划（省政府批复）"])
            #expect(forced.status == 0, "\(forced.stderr)")
            #expect(try ws.run(["reserves", "history", "RL1"]).stdout.contains("forced (implausible change accepted): 红线扩划（省政府批复）"))
        }
    }
}
