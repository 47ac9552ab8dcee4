import Foundation
import GeoKit

/// Writes the change raster (`--mask-out`: 1 change, 0 no change, 255 not assessed) block by
/// block from any worker, one block at a time behind a lock, under a temporary name that is
/// renamed only when detection succeeds.
final class ChangeRasterWriter: @unchecked Sendable {
    private let lock = NSLock()
    private var raster: Raster?
    private let path: String
    private let temporary: String

    /// Creates the raster on `grid` and fills everything outside `window` with 255.
    init(path: String, grid: RasterGrid, window: Window) throws {
        self.path = path
        let url = URL(fileURLWithPath: path)
        temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial-\(UUID().uuidString).tif").path
        do {
            let raster = try Raster.create(temporary, profile: RasterProfile(grid: grid, dataType: .byte, noData: 255))
            self.raster = raster
            let outside = [Window(column: 0, row: 0, width: grid.width, height: window.row),
                           Window(column: 0, row: window.rowEnd, width: grid.width, height: grid.height - window.rowEnd),
                           Window(column: 0, row: window.row, width: window.column, height: window.height),
                           Window(column: window.columnEnd, row: window.row, width: grid.width - window.columnEnd, height: window.height)]
            for strip in outside where !strip.isEmpty {
                for row in stride(from: strip.row, to: strip.rowEnd, by: 256) {
                    let w = Window(column: strip.column, row: row, width: strip.width, height: min(256, strip.rowEnd - row))
                    try raster.write(RasterBuffer<UInt8>(width: w.width, height: w.height, repeating: 255), at: w)
                }
            }
        } catch {
            raster = nil
            try? FileManager.default.removeItem(atPath: temporary)
            throw DetectionError.unreadable(path: path, reason: "cannot write the change raster '\(path)': \(error)")
        }
    }

    /// Writes one block of codes.
    func write(_ codes: [UInt8], at window: Window) throws {
        lock.lock()
        defer { lock.unlock() }
        try raster?.write(RasterBuffer(width: window.width, height: window.height, values: codes), at: window)
    }

    /// Flushes, closes and moves the raster into place.
    func commit() throws {
        lock.lock()
        defer { lock.unlock() }
        try raster?.flush()
        raster = nil
        _ = try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.moveItem(atPath: temporary, toPath: path)
    }

    /// Closes and deletes the temporary raster.
    func discard() {
        lock.lock()
        defer { lock.unlock() }
        raster = nil
        try? FileManager.default.removeItem(atPath: temporary)
    }
}
