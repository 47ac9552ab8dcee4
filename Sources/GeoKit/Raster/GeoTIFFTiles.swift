import CTIFF
import Foundation

/// The tiles of a tiled GeoTIFF decoded by libtiff straight into the caller's memory, pixel-
/// interleaved as stored: for a reader that walks a file tile by tile (change detection) and
/// wants the values without GDAL's block cache, its de-interleaving into per-band blocks and
/// its copy out (a tenth of a 1-thread detection). Owns its `TIFF` handle; not `Sendable`
/// (one per thread, like `Raster`). Only plain integer rasters qualify: 8 or 16 bits, one
/// plane, no JPEG (whose colour conversion GDAL does); anything else reads through GDAL.
public final class GeoTIFFTiles {
    private let handle: OpaquePointer
    /// Tile size in pixels.
    public let tileWidth: Int, tileHeight: Int
    /// Values per pixel: the file's bands, in band order.
    public let samplesPerPixel: Int
    /// The values' type.
    public let dataType: RasterDataType
    private let width: Int, height: Int

    /// Opens the tiles of `raster`'s file when GDAL's raw values of it are exactly libtiff's
    /// decoded tiles: a local tiled GeoTIFF of 8- or 16-bit integers (GDAL's type `dataType`
    /// for every band), pixel-interleaved or of one band, not JPEG-compressed.
    /// - Returns: nil for any other raster (virtual, remote, in a zip, stripped, another layout or type).
    public init?(_ raster: Raster, dataType: RasterDataType) {
        let path = raster.path
        guard raster.driverShortName == "GTiff", !path.isEmpty, GDALPath.resolve(path) == path, !path.hasPrefix("/vsi"),
              FileManager.default.fileExists(atPath: path), [.byte, .uint16, .int16].contains(dataType),
              raster.bands.allSatisfy({ $0.dataType == dataType }) else { return nil }
        // Silent: a file libtiff refuses is read through GDAL, which reports its own errors.
        guard let options = TIFFOpenOptionsAlloc() else { return nil }
        defer { TIFFOpenOptionsFree(options) }
        TIFFOpenOptionsSetErrorHandlerExtR(options, { _, _, _, _, _ in 1 }, nil)
        TIFFOpenOptionsSetWarningHandlerExtR(options, { _, _, _, _, _ in 1 }, nil)
        // "m": read, not memory-mapped (a mapped file's pages count as the process's memory).
        guard let handle = TIFFOpenExt(path, "rm", options) else { return nil }
        func u32(_ tag: Int32) -> Int? {
            var value: UInt32 = 0
            return ctiff_field_u32(handle, UInt32(tag), &value) == 1 ? Int(value) : nil
        }
        func u16(_ tag: Int32) -> Int? {
            var value: UInt16 = 0
            return ctiff_field_u16(handle, UInt32(tag), &value) == 1 ? Int(value) : nil
        }
        let bits = dataType == .byte ? 8 : 16, format = dataType == .int16 ? SAMPLEFORMAT_INT : SAMPLEFORMAT_UINT
        let samples = u16(TIFFTAG_SAMPLESPERPIXEL) ?? 0
        guard TIFFIsTiled(handle) != 0, let tw = u32(TIFFTAG_TILEWIDTH), let th = u32(TIFFTAG_TILELENGTH), tw > 0, th > 0,
              u32(TIFFTAG_IMAGEWIDTH) == raster.width, u32(TIFFTAG_IMAGELENGTH) == raster.height,
              samples == raster.bandCount, u16(TIFFTAG_BITSPERSAMPLE) == bits, u16(TIFFTAG_SAMPLEFORMAT) == Int(format),
              samples == 1 || u16(TIFFTAG_PLANARCONFIG) == Int(PLANARCONFIG_CONTIG),
              let compression = u16(TIFFTAG_COMPRESSION), compression != COMPRESSION_JPEG, compression != COMPRESSION_OJPEG,
              u16(TIFFTAG_PHOTOMETRIC) != Int(PHOTOMETRIC_YCBCR),
              Int(TIFFTileSize(handle)) == tw * th * samples * bits / 8 else {
            TIFFClose(handle)
            return nil
        }
        self.handle = handle
        tileWidth = tw
        tileHeight = th
        samplesPerPixel = samples
        self.dataType = dataType
        width = raster.width
        height = raster.height
    }

    deinit { TIFFClose(handle) }

    /// Values in one tile: `tileWidth × tileHeight × samplesPerPixel` (edge tiles are stored whole).
    public var tileValueCount: Int { tileWidth * tileHeight * samplesPerPixel }

    /// Decodes the tile whose top-left pixel is (`column`, `row`), multiples of the tile size, into
    /// `buffer`: row by row, `samplesPerPixel` values per pixel.
    /// - Returns: false when libtiff cannot decode it (a damaged or sparse tile): read it through GDAL then.
    public func read<T: RasterScalar>(column: Int, row: Int, into buffer: UnsafeMutableBufferPointer<T>) -> Bool {
        precondition(T.rasterDataType == dataType && buffer.count >= tileValueCount, "a buffer of \(buffer.count) \(T.self) cannot hold a tile of \(dataType)")
        precondition(column % tileWidth == 0 && row % tileHeight == 0 && column < width && row < height, "(\(column), \(row)) is no tile's corner")
        let tile = TIFFComputeTile(handle, UInt32(column), UInt32(row), 0, 0)
        let size = tileValueCount * MemoryLayout<T>.stride
        return TIFFReadEncodedTile(handle, tile, UnsafeMutableRawPointer(buffer.baseAddress), tmsize_t(size)) == tmsize_t(size)
    }
}
