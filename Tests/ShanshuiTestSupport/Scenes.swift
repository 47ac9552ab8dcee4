import GeoKit

/// Well-known real rasters kept in the repository.
extension Fixture {
    /// Landsat 7 ETM+ over Taizhou, 2000-03-17 (ENVI, the demo dataset).
    public static var taizhou2000: String { data("taizhou/2000TM") }
    /// Landsat 7 ETM+ over Taizhou, 2003-02-06 (ENVI, the demo dataset).
    public static var taizhou2003: String { data("taizhou/2003TM") }
    /// Sentinel-2 B02 over Rennes, 10 m, EPSG:4326 (OSCD).
    public static var rennesB02: String {
        path("oscd/S2A_OPER_MSI_L1C_TL_EPA__20160706T155721_A000849_T30UWU_B02.tif")
    }
}

/// Builders of synthetic scenes and buffers for tests.
public enum Scene {
    /// A deterministic test pattern: distinct values per band, row and column.
    public static func pattern(width: Int, height: Int, bandCount: Int) -> RasterBuffer<UInt16> {
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
}
