import Foundation
import GeoKit
import ShanshuiTestSupport
import Testing

/// `shanshui epochs tiles`: pre-renders an epoch's map tiles into the cache `serve` uses.
@Suite("shanshui epochs tiles")
struct EpochTilesCommandTests {
    @Test func preRendersTheFootprintsTilesOfAZoomRange() throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ws = CLIWorkspace(dir: dir)
        try ws.run(["init"])
        try ws.run(["epochs", "add", "T2000", Fixture.root.appendingPathComponent("data/taizhou/2000TM").path, "--date", "2000-05-01",
                    "--bands", "blue=1,green=2,red=3,nir=4"])
        let run = try ws.run(["epochs", "tiles", "T2000", "--zoom", "11-12", "--style", "true"])
        #expect(run.stdout.contains("tile(s) of zoom 11–12"), "\(run.stdout)")
        let tiles = dir.appendingPathComponent("ws-tiles")
        let files = FileManager.default.enumerator(atPath: tiles.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".png") } ?? []
        #expect(!files.isEmpty && files.allSatisfy { $0.contains("/true/1") }, "\(files)")
        #expect(files.contains { $0.contains("/true/11/") } && files.contains { $0.contains("/true/12/") })
        #expect(run.stdout.contains("\(files.count) tile(s)"))
        // Bad zoom ranges and styles are refused with one clear line.
        let bad = try ws.run(["epochs", "tiles", "T2000", "--zoom", "12-30"], expectSuccess: false)
        #expect(bad.status != 0 && bad.stderr.contains("--zoom '12-30'"))
        let style = try ws.run(["epochs", "tiles", "T2000", "--zoom", "3", "--style", "infrared"], expectSuccess: false)
        #expect(style.status != 0 && style.stderr.contains("unknown tile style 'infrared'"))
    }
}
