import Foundation
import GeoKit

/// Headless Chromium (Debian's `chromium`), used to turn the HTML documents Shanshui writes into
/// PDF pages and print-resolution PNGs: the browser lays out Chinese text with the system's CJK
/// fonts, which our own canvas cannot.
public enum HeadlessBrowser {
    /// The browser binary: `SHANSHUI_CHROMIUM` (set it empty or to a missing file to do without
    /// one), else `chromium` or `chromium-browser` in /usr/bin.
    public static var executable: String? {
        if let path = ProcessInfo.processInfo.environment["SHANSHUI_CHROMIUM"] {
            return FileManager.default.isExecutableFile(atPath: path) ? path : nil
        }
        return ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    /// Prints the page at `html` to a PDF at `pdf` (page size and margins from the page's CSS `@page`).
    /// - Throws: `DomainError.invalidInput` when no browser is installed or it wrote nothing.
    public static func printPDF(_ html: String, to pdf: String) throws {
        try run(["--no-pdf-header-footer", "--print-to-pdf=\(pdf)", URL(fileURLWithPath: html).absoluteString], output: pdf)
    }

    /// Renders the page at `html` into a PNG of `width`×`height` pixels at `png`.
    public static func screenshot(_ html: String, to png: String, width: Int, height: Int) throws {
        try run(["--window-size=\(width),\(height)", "--screenshot=\(png)", URL(fileURLWithPath: html).absoluteString], output: png)
    }

    /// Seconds one page may take before the browser is killed (a hung renderer must not hang a report).
    static let timeout = 300.0

    private static func run(_ arguments: [String], output: String) throws {
        guard let executable else {
            throw DomainError.invalidInput("no headless browser found: install Debian's chromium (scripts/setup does) or set SHANSHUI_CHROMIUM")
        }
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("shanshui-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        try? FileManager.default.removeItem(atPath: output)
        let run = try ChildProcess.run(executable, ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--force-device-scale-factor=1",
                             "--user-data-dir=\(profile.path)", "--allow-file-access-from-files", "--virtual-time-budget=5000",
                             "--run-all-compositor-stages-before-draw"] + arguments, timeout: Self.timeout)
        guard !run.timedOut else { throw DomainError.invalidInput("\(executable) did not finish within \(Int(Self.timeout)) s") }
        guard FileManager.default.fileExists(atPath: output) else {
            let last = run.stderr.split(separator: "\n").last.map(String.init) ?? "no message"
            throw DomainError.invalidInput("\(executable) wrote no \(URL(fileURLWithPath: output).lastPathComponent): \(last)")
        }
    }
}
