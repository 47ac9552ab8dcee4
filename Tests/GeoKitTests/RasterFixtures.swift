import Foundation
import GeoKit

/// Paths of the real rasters kept in the repository, found from this file's location.
enum RasterFixtures {
    /// The package root: Tests/GeoKitTests/<this file> -> ../..
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Landsat 7 ETM+ over Taizhou, 2000 (ENVI, the demo dataset).
    static var taizhou2000: String { root.appendingPathComponent("data/taizhou/2000TM").path }
    /// Landsat 7 ETM+ over Taizhou, 2003 (ENVI, the demo dataset).
    static var taizhou2003: String { root.appendingPathComponent("data/taizhou/2003TM").path }
    /// Sentinel-2 B02 over Rennes, 10 m, in EPSG:4326 (OSCD).
    static var rennesB02: String {
        root.appendingPathComponent("Tests/Fixtures/oscd/S2A_OPER_MSI_L1C_TL_EPA__20160706T155721_A000849_T30UWU_B02.tif").path
    }
}

/// Runs `body` with a fresh directory under the system temporary directory, removed afterwards.
func withTemporaryDirectory<R>(_ body: (URL) throws -> R) throws -> R {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("geokit-raster-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try body(directory)
}

/// A deterministic test pattern: distinct values per band, row and column.
func patternBuffer(width: Int, height: Int, bandCount: Int) -> RasterBuffer<UInt16> {
    var buffer = RasterBuffer<UInt16>(width: width, height: height, bandCount: bandCount)
    for band in 0..<bandCount {
        for row in 0..<height {
            for column in 0..<width {
                buffer[band, row, column] = UInt16((band * 7919 + row * 31 + column * 3 + 1) % 65_000)
            }
        }
    }
    return buffer
}
