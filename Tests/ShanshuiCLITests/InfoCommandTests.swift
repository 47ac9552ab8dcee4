import Foundation
import GeoKit
import ShanshuiTestSupport
import Testing

@Suite("shanshui info and version, run as a user would")
struct InfoCommandTests {
    @Test func versionNamesEveryLibrary() throws {
        let run = try ShanshuiCommand.run(["version"])
        #expect(run.status == 0)
        for library in ["GDAL", "GEOS", "PROJ", "SpatiaLite", "SQLite"] {
            #expect(run.stdout.contains(library))
        }
        #expect(run.stdout.contains(LibraryVersions.current.gdal))
    }

    @Test func describesTheTaizhouENVIRaster() throws {
        let run = try ShanshuiCommand.run(["info", "data/taizhou/2000TM"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("ENVI"))
        #expect(run.stdout.contains("400 × 400 pixels, 6 bands"))
        #expect(run.stdout.contains("EPSG:32651"))
        #expect(run.stdout.contains("30 m × 30 m"))
        #expect(run.stdout.contains("Extent lon/lat"))
    }

    @Test func describesAShapefileAsJSON() throws {
        let run = try ShanshuiCommand.run(["info", Fixture.path("rmnp/rmnp.shp"), "--json"])
        #expect(run.status == 0)
        let doc = try JSONValue.parse(Array(run.stdout.utf8))
        #expect(doc["kind"] == "vector")
        let layer = try #require(doc["layers"]?.arrayValue?.first)
        #expect(layer["featureCount"] == 1)
        #expect(layer["geometryType"] == "Polygon")
        #expect(layer["crs"]?["epsg"] == 4326)
        let fields = layer["fields"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
        #expect(fields.contains("UNITCOD"))
        let lonLat = (layer["extentLonLat"]?.arrayValue ?? []).compactMap(\.doubleValue)
        try #require(lonLat.count == 4)
        #expect(abs(lonLat[0] - -105.913724) < 1e-6)
    }

    @Test func describesAGCJ02GeoJSON() throws {
        let run = try ShanshuiCommand.run(["info", Fixture.path("admin_cn/321202.geojson")])
        #expect(run.status == 0)
        #expect(run.stdout.contains("GeoJSON"))
        #expect(run.stdout.contains("Multi Polygon"))
        #expect(run.stdout.contains("Features:"))
    }

    @Test func describesANumPyArray() throws {
        try Fixture.withTemporaryDirectory { dir in
            // A version 1.0 .npy header padded to 128 bytes, then 2×3 float32 values.
            var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"
            header += String(repeating: " ", count: 128 - 10 - header.count - 1) + "\n"
            var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count), 0] + Array(header.utf8)
            bytes += [UInt8](repeating: 0, count: 24)
            let file = dir.appendingPathComponent("ndvi.npy")
            try Data(bytes).write(to: file)
            let run = try ShanshuiCommand.run(["info", file.path])
            #expect(run.status == 0)
            #expect(run.stdout.contains("Float32 (<f4)"))
            #expect(run.stdout.contains("2 × 3"))
        }
    }

    @Test func missingFileIsOneLineAndNonZero() throws {
        let run = try ShanshuiCommand.run(["info", "no/such/file.tif"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("no/such/file.tif"))
        #expect(run.stderr.contains("no such file"))
        #expect(run.stderr.split(separator: "\n").count == 1)
        #expect(run.stdout.isEmpty)
    }

    @Test func unsupportedFileIsOneLineAndNonZero() throws {
        try Fixture.withTemporaryDirectory { dir in
            let notes = dir.appendingPathComponent("notes.md")
            try Data("# not geodata\n".utf8).write(to: notes)
            let run = try ShanshuiCommand.run(["info", notes.path])
            #expect(run.status != 0)
            #expect(run.stderr.contains("notes.md"))
            #expect(run.stderr.contains("not a raster or vector format"))
            #expect(run.stderr.split(separator: "\n").count == 1)
        }
    }
}
