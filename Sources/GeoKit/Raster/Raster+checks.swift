import CGDAL
import Foundation

extension Raster {
    /// Largest side accepted for analysis: 2²⁰ pixels (10,000 km at 10 m).
    public static let maximumSide = 1 << 20
    /// Most bands accepted for analysis.
    public static let maximumBands = 10_000
    /// How many times its file size a compressed raster may claim to hold before its header is
    /// taken as damaged or hostile (deflate rarely passes 100; a mostly empty COG a few hundred).
    public static let maximumExpansion = 10_000
    /// Drivers that store pixels uncompressed, so the file must hold every byte the header claims.
    static let uncompressedDrivers: Set<String> = ["ENVI", "EHdr", "GenBin", "PAux", "ISCE", "MFF", "BT", "LAN", "NTv2", "GSBG"]

    /// Checks that the header describes pixels analysis can read without being misled or
    /// exhausting memory: a size within `maximumSide` and `maximumBands`, a finite, non-zero
    /// pixel size and origin, and, for a local file, no more pixel bytes than the file can hold
    /// (all of them for an uncompressed format, `maximumExpansion` times its size otherwise).
    /// Call it before allocating anything from the header's numbers.
    /// - Throws: `GDALError` naming the file and what in its header is wrong.
    public func checkPlausible() throws {
        let name = displayName
        guard width >= 1, height >= 1, width <= Raster.maximumSide, height <= Raster.maximumSide else {
            throw GDALError(message: "'\(name)': the header claims \(width)×\(height) pixels; "
                + "a side must be 1 to \(Raster.maximumSide) pixels (damaged or hostile header)")
        }
        guard bandCount >= 1, bandCount <= Raster.maximumBands else {
            throw GDALError(message: "'\(name)': the header claims \(bandCount) bands; 1 to \(Raster.maximumBands) are accepted")
        }
        if let g = geoTransform {
            let c = g.coefficients
            guard c.allSatisfy(\.isFinite) else {
                throw GDALError(message: "'\(name)': the geotransform has non-finite values (\(c))")
            }
            guard g.pixelWidth != 0 || g.rowRotation != 0, g.pixelHeight != 0 || g.columnRotation != 0 else {
                throw GDALError(message: "'\(name)': the pixel size is 0 (\(abs(g.pixelWidth)) × \(abs(g.pixelHeight))); "
                    + "the header's map info is damaged")
            }
        }
        try checkAgainstFileSize()
    }

    private func checkAgainstFileSize() throws {
        guard !path.isEmpty, !GDALPath.resolve(path).hasPrefix("/vsi"),
              let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let fileSize = (attributes[.size] as? NSNumber)?.doubleValue else { return }
        let bytesPerPixel = bands.reduce(0) { $0 + $1.dataType.byteSize }
        let claimed = Double(width) * Double(height) * Double(bytesPerPixel)
        if Raster.uncompressedDrivers.contains(driverShortName), claimed > fileSize {
            throw GDALError(message: "'\(displayName)': the header claims \(Raster.bytes(claimed)) of pixels but the file holds "
                + "\(Raster.bytes(fileSize)): truncated, or the header does not belong to it")
        }
        if claimed > max(Double(Raster.maximumExpansion) * fileSize, 4e9) {
            throw GDALError(message: "'\(displayName)': the header claims \(Raster.bytes(claimed)) of pixels in a file of "
                + "\(Raster.bytes(fileSize)); refused as damaged or hostile")
        }
    }

    /// Refuses local paths that are not regular files or folders (FIFOs, devices, sockets): GDAL
    /// would block reading them or read without end.
    static func refuseSpecialFile(_ gdalPath: String, shownAs path: String) throws {
        guard !gdalPath.hasPrefix("/vsi") else { return }
        var info = stat()
        guard stat(gdalPath, &info) == 0 else { return }
        let type = info.st_mode & S_IFMT
        guard type != S_IFREG, type != S_IFDIR else { return }
        let kind = type == S_IFIFO ? "a FIFO" : type == S_IFCHR ? "a character device" : type == S_IFBLK ? "a block device"
            : type == S_IFSOCK ? "a socket" : "not a regular file"
        throw GDALError(message: "'\(path)' is \(kind), not a file: refused")
    }

    static func bytes(_ n: Double) -> String {
        n >= 1e9 ? String(format: "%.1f GB", n / 1e9) : n >= 1e6 ? String(format: "%.1f MB", n / 1e6) : String(format: "%.0f bytes", n)
    }
}
