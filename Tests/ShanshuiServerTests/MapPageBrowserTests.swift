import Foundation
import GeoKit
import ShanshuiTestSupport
import Testing

/// The web map in headless Chromium (Debian's `chromium`): the page loads Leaflet and every
/// layer from the service itself without errors, and the screenshot shows drawn layers.
@Suite("Web map in a real browser")
struct MapPageBrowserTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: chromium != nil, "chromium is not installed (scripts/setup installs it); the browser test is skipped"))
    func mapPageShowsTheLayersWithoutErrors() async throws {
        let world = try await ScannedCounty.shared.value
        let shots = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: shots) }
        try await LiveServer.with(db: world.db, evidence: world.evidence, isPublic: true) { server in
            let url = server.base.absoluteString + "/"
            let png = shots.appendingPathComponent("map.png").path
            let dom = try Self.chromium(["--dump-dom", url])
            let shot = try Self.chromium(["--screenshot=\(png)", url])
            // The script reports its state, its error count and the features per layer in #status.
            #expect(dom.stdout.contains("data-state=\"ready\""), "map did not finish loading: \(dom.stdout.suffix(600))")
            #expect(dom.stdout.contains("data-errors=\"0\""))
            for layer in ["protected_areas", "zones", "cells", "cases", "patches"] { #expect(dom.stdout.contains("&quot;\(layer)&quot;:")) }
            for log in [dom.stderr, shot.stderr] {
                #expect(!log.contains("Uncaught"), "console error: \(log)")
                #expect(!log.contains("Failed to load resource"), "a resource failed: \(log)")
            }
            if let keep = ProcessInfo.processInfo.environment["SHANSHUI_KEEP_SCREENSHOT"] {
                try? FileManager.default.removeItem(atPath: keep)
                try FileManager.default.copyItem(atPath: png, toPath: keep)
            }
            // Pixels of the map area (below the 36 px bar) that are not the plain background.
            let raster = try Raster.open(png)
            let rgb = try raster.read(bands: [1, 2, 3], as: UInt8.self)
            let n = rgb.pixelsPerBand
            var drawn = 0, coloured = 0
            for i in (36 * rgb.width)..<n {
                let (r, g, b) = (Int(rgb.values[i]), Int(rgb.values[n + i]), Int(rgb.values[2 * n + i]))
                if abs(r - 238) + abs(g - 240) + abs(b - 234) > 30 { drawn += 1 }
                if r > g + 60 && r > b + 60 { coloured += 1 }  // red/orange: cases and patches
            }
            print("map screenshot \(rgb.width)×\(rgb.height): \(drawn) drawn pixels, \(coloured) red/orange")
            #expect(drawn > n / 50, "the map area is nearly empty: \(drawn) drawn pixels")
            #expect(coloured > 50, "no case or patch colours in the map")
        }
    }

    /// Runs headless Chromium on the page with enough virtual time for the fetches.
    static func chromium(_ arguments: [String], window: String = "1000,700") throws -> (stdout: String, stderr: String) {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try ChildProcess.run(chromium!, ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=\(window)",
                             "--user-data-dir=\(dir.path)", "--enable-logging=stderr", "--v=0", "--virtual-time-budget=20000",
                             "--run-all-compositor-stages-before-draw"] + arguments, timeout: 300)
        return (run.stdout, run.stderr)
    }
}
