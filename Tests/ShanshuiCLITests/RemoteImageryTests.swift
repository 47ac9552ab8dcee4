import Foundation
import GeoKit
import ShanshuiTestSupport
import Testing

/// Imagery referenced by URL works like local files: the supervised county's images, written as
/// COGs and served from a loopback HTTP server, give the same scan as the same files on disk,
/// and GDAL reads them by byte ranges instead of downloading them.
@Suite("imagery by URL", .serialized)
struct RemoteImageryTests {
    static let bands = "blue=1,green=2,red=3,nir=4"

    /// A patch as compared between the two workspaces.
    struct PatchSummary: Comparable, CustomStringConvertible {
        var wkt: String
        var activity: String
        var areaM2: Double
        static func < (a: Self, b: Self) -> Bool { (a.wkt, a.activity, a.areaM2) < (b.wkt, b.activity, b.areaM2) }
        var description: String { "\(activity) \(areaM2) m² \(wkt.prefix(60))…" }
    }

    /// Writes the supervised county into `dir` and its before/after images as COGs into
    /// `dir/served`, the folder the server publishes.
    static func servedCOGs(in dir: URL) throws -> URL {
        let county = try SupervisedCounty.write(in: dir)
        let served = dir.appendingPathComponent("served")
        try FileManager.default.createDirectory(at: served, withIntermediateDirectories: true)
        for name in ["before.tif", "after.tif"] {
            try Raster.writeCOG(from: try Raster.open(county.path(name)), to: served.appendingPathComponent(name).path)
        }
        return served
    }

    /// A workspace in `dir/name` (its database there unless `db` is given) with the county's reserve and grid, and epochs E1 and E2 on
    /// `before` and `after` (paths or URLs).
    static func workspace(in dir: URL, named name: String, before: String, after: String, db: String? = nil) throws -> CLIWorkspace {
        let workspace = CLIWorkspace(dir: dir.appendingPathComponent(name), db: db)
        try FileManager.default.createDirectory(at: workspace.dir, withIntermediateDirectories: true)
        for file in ["reserve.geojson", "county.geojson", "villages.geojson"] {
            try FileManager.default.copyItem(at: dir.appendingPathComponent(file), to: workspace.dir.appendingPathComponent(file))
        }
        try workspace.loadReserveAndGrid(villages: SupervisedCounty.quadrants.map { ($0.code, $0.name, $0.head) })
        try workspace.run(["epochs", "add", "E1", before, "--date", "2025-12-20", "--bands", bands])
        try workspace.run(["epochs", "add", "E2", after, "--date", "2026-06-20", "--bands", bands])
        return workspace
    }

    /// `shanshui export patches`, as sorted summaries.
    static func patches(_ workspace: CLIWorkspace) throws -> [PatchSummary] {
        let file = workspace.path("patches.geojson")
        try workspace.run(["export", "patches", "-o", file])
        return try GeoJSON.read(Data(contentsOf: URL(fileURLWithPath: file))).map { f in
            PatchSummary(wkt: try f.geometry?.wkt ?? "", activity: f.properties["activity"]?.stringValue ?? "",
                         areaM2: f.properties["area_m2"]?.doubleValue ?? -1)
        }.sorted()
    }

    @Test func aScanOverCOGsByURLFindsTheSamePatchesAsOverTheFilesOnDisk() throws {
        try Fixture.withTemporaryDirectory { dir in
            let served = try Self.servedCOGs(in: dir)
            let layout = try Raster.open(served.appendingPathComponent("after.tif").path).metadata(domain: "IMAGE_STRUCTURE")["LAYOUT"]
            #expect(layout == "COG")
            let server = try RangeFileServer(serving: served)
            defer { server.stop() }

            let local = try Self.workspace(in: dir, named: "local", before: served.appendingPathComponent("before.tif").path,
                                           after: served.appendingPathComponent("after.tif").path)
            let remote = try Self.workspace(in: dir, named: "remote", before: server.url("before.tif"), after: server.url("after.tif"))
            let listed = try remote.run(["epochs", "list"]).stdout
            #expect(listed.contains(server.url("before.tif")) && listed.contains(server.url("after.tif")), "\(listed)")
            let sentBeforeInfo = server.bytesSent
            let info = try remote.run(["info", server.url("after.tif")]).stdout
            #expect(info.contains("GTiff") && info.contains("600 × 600"), "\(info)")
            let size = try FileManager.default.attributesOfItem(atPath: served.appendingPathComponent("after.tif").path)[.size] as? Int ?? 0
            #expect(server.bytesSent - sentBeforeInfo < size / 10, "info reads the COG's header, not the image")

            try local.run(["scan", "E1", "E2", "--quiet"])
            let beforeScan = server.requestCount
            try remote.run(["scan", "E1", "E2", "--quiet"])
            let expected = try Self.patches(local), found = try Self.patches(remote)
            #expect(expected.count >= 3, "the scene plants several damages")
            #expect(found.count == expected.count)
            for (e, f) in zip(expected, found) { #expect(f == e) }

            #expect(server.requestCount > beforeScan, "the remote scan read from the server")
            #expect(server.rangeRequestCount > 0, "GDAL read byte ranges")
            #expect(server.wholeFileCount == 0, "no image was downloaded whole")
            print("RangeFileServer: \(server.requestCount) requests (\(server.requestCount - beforeScan) during the scan), "
                + "\(server.rangeRequestCount) range requests, \(server.wholeFileCount) whole-file GETs, \(server.bytesSent) bytes")
        }
    }

    @Test func anUnreachableURLFailsWithOneLineNamingItAndLeavesTheEpochsAlone() throws {
        try Fixture.withTemporaryDirectory { dir in
            let served = try Self.servedCOGs(in: dir)
            let server = try RangeFileServer(serving: served)
            defer { server.stop() }
            let closedPort = try RangeFileServer(serving: served).port   // released at once: nothing listens there
            let workspace = CLIWorkspace(dir: dir)
            try workspace.run(["init"])
            try workspace.run(["epochs", "add", "E1", server.url("before.tif"), "--date", "2025-12-20", "--bands", Self.bands])
            let epochs = try workspace.run(["epochs", "list"]).stdout

            let missing = server.url("missing.tif"), refused = "http://127.0.0.1:\(closedPort)/after.tif"
            let attempts: [(args: [String], url: String, reason: String)] = [
                (["epochs", "add", "E2", missing, "--date", "2026-06-20", "--bands", Self.bands], missing, "404"),
                (["epochs", "add", "E2", refused, "--date", "2026-06-20", "--bands", Self.bands], refused, "connect"),
                (["epochs", "add", "E2", server.url("after.tif"), "--mask", missing, "--date", "2026-06-20", "--bands", Self.bands],
                 missing, "404"),
                (["info", missing], missing, "404"),
                (["detect", server.url("before.tif"), refused, "-o", workspace.path("p.geojson"), "--bands", Self.bands, "--quiet"], refused, "connect"),
            ]
            for attempt in attempts {
                let r = try workspace.run(attempt.args, expectSuccess: false)
                let lines = r.stderr.split(separator: "\n")
                #expect(r.status != 0, "\(attempt.args)")
                #expect(lines.count == 1, "\(attempt.args): \(r.stderr)")
                #expect(r.stderr.contains(attempt.url) && r.stderr.lowercased().contains(attempt.reason), "\(attempt.args): \(r.stderr)")
            }
            #expect(try workspace.run(["epochs", "list"]).stdout == epochs)
        }
    }
}
