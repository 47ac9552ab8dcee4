import Crypto
import Foundation
import GeoKit
import Synchronization

/// How an epoch's tiles are coloured: true colour (red, green, blue) or false colour
/// (near-infrared, red, green: vegetation bright red), the two views evidence chips show.
public enum TileStyle: String, CaseIterable, Sendable {
    case trueColour = "true"
    case falseColour = "false"

    /// Parses `true` or `false` (the `style` parameter).
    /// - Throws: `DomainError.invalidValue` naming the accepted values.
    public init(parsing text: String) throws {
        guard let style = TileStyle(rawValue: text) else {
            throw DomainError.invalidValue("unknown tile style '\(text)'; accepted: true (true colour), false (false colour NIR-R-G)")
        }
        self = style
    }

    /// Indexes into the stacked bands (red, green, blue, nir) for the tile's red, green and blue.
    var stackIndexes: [Int] { self == .trueColour ? [0, 1, 2] : [3, 0, 1] }
}

/// Registered epochs as XYZ map tiles (EPSG:3857, 256×256 PNG) for orienting on a map without an
/// internet base map. Band roles are those chips use (`ChipImagery(epoch:bands:)`); each epoch's
/// bands are stacked once into a VRT with overviews under `directory`, so low zooms are cheap.
/// Colours come from one 2–98 % stretch per epoch and style over the whole raster (computed once,
/// kept in memory), so neighbouring tiles match. Pixels outside the imagery are transparent and a
/// tile wholly outside the footprint is not rendered at all.
///
/// Tiles are cached as files under `directory/ID-FINGERPRINT/STYLE/Z/X/Y.png`, written atomically;
/// the fingerprint covers the epoch's record and its files' sizes and times, so a re-registered or
/// replaced epoch never serves stale tiles. GDAL objects are opened per call: safe from any thread.
public final class EpochTiles: Sendable {
    /// Where tiles and stacks are kept.
    public let directory: String
    /// Tile side, pixels.
    public static let size = 256
    private let stretches = Mutex<[String: [Stretch]]>([:])

    /// Tiles cached under `directory` (made when first needed).
    public init(directory: String) {
        self.directory = directory
    }

    /// The tile cache of a workspace: beside its evidence folder, `NAME-evidence` → `NAME-tiles`.
    public static func directory(besideEvidence evidence: String) -> String {
        (evidence.hasSuffix("-evidence") ? String(evidence.dropLast("-evidence".count)) : evidence) + "-tiles"
    }

    /// The folder of one epoch's tiles, relative to `directory`: `ID-FINGERPRINT`.
    public static func folder(_ epoch: Epoch) -> String {
        var hash = SHA256()
        hash.update([epoch.name, epoch.date.description, epoch.bands ?? "", epoch.crs, "\(epoch.width)x\(epoch.height)x\(epoch.bandCount)"]
            .joined(separator: "\n"))
        for path in epoch.paths {
            hash.update("\n" + path)
            if let attributes = try? FileManager.default.attributesOfItem(atPath: path) {
                let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
                hash.update(" \(attributes[.size] as? Int ?? 0) \(modified)")
            }
        }
        return "\(epoch.id)-\(String(hash.finalize().hex.prefix(16)))"
    }

    /// The tile's file relative to `directory`.
    public static func file(_ epoch: Epoch, style: TileStyle, at tile: TileAddress) -> String {
        "\(folder(epoch))/\(style.rawValue)/\(tile.z)/\(tile.x)/\(tile.y).png"
    }

    /// True when the tile touches the epoch's footprint (the tiles worth rendering).
    public static func overlaps(_ epoch: Epoch, _ tile: TileAddress) -> Bool {
        let box = tile.lonLatBounds
        guard let outline = epoch.footprint.envelope, outline.intersects(box) else { return false }
        return (try? epoch.footprint.intersects(box.polygon)) ?? true
    }

    /// The tile's file relative to `directory`, rendered and cached unless it already is; nil when
    /// the tile lies wholly outside the epoch's footprint (nothing is rendered then).
    /// - Throws: `DomainError.invalidInput` for false colour of an epoch without a near-infrared
    ///   band; `GDALError` when the imagery cannot be read.
    public func tile(_ epoch: Epoch, style: TileStyle, at tile: TileAddress) throws -> String? {
        guard Self.overlaps(epoch, tile) else { return nil }
        let relative = Self.file(epoch, style: style, at: tile)
        let path = directory + "/" + relative
        if FileManager.default.fileExists(atPath: path) { return relative }
        let stack = try self.stack(epoch)
        guard style == .trueColour || stack.bandCount >= 4 else {
            throw DomainError.invalidInput("epoch \(epoch.name) has no near-infrared band; only true colour tiles (style=true)")
        }
        let stretch = try self.stretch(epoch, style: style, stack: stack)
        let (bands, covered) = try stack.warpWithCoverage(onto: tile.grid(size: Self.size))
        let n = bands.pixelsPerBand, indexes = style.stackIndexes
        var rgba = [UInt8](repeating: 0, count: n * 4)
        for i in 0..<n where covered[i] {
            for (k, band) in indexes.enumerated() { rgba[i * 4 + k] = stretch[k].byte(bands.values[band * n + i]) }
            rgba[i * 4 + 3] = 255
        }
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        // zlib's fastest level, not Huffman coding alone: tiles off the imagery are long runs of
        // transparent zeros, which only a deflater's repeats shrink.
        try PNG.write(try PNG.encode(rgba, width: Self.size, height: Self.size, channels: 4, compression: 1), to: path)
        return relative
    }

    /// The epoch's bands stacked red, green, blue (and nir when it has one), with overviews; built once.
    func stack(_ epoch: Epoch) throws -> Raster {
        let path = directory + "/" + Self.folder(epoch) + "/stack.vrt"
        if FileManager.default.fileExists(atPath: path) { return try Raster.open(path) }
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let imagery = try ChipImagery(epoch: epoch, bands: epoch.bands)
        let sources = try epoch.paths.map { try Raster.open($0) }
        let total = sources.reduce(0) { $0 + $1.bandCount }
        let roles = [imagery.red, imagery.green, imagery.blue] + (imagery.nir <= total ? [imagery.nir] : [])
        return try Raster.stack(sources, bands: roles, to: path)
    }

    /// The per-band stretch of a style, from the whole stack read at about 512 pixels (its overviews).
    func stretch(_ epoch: Epoch, style: TileStyle, stack: Raster) throws -> [Stretch] {
        let key = Self.folder(epoch) + "/" + style.rawValue
        if let known = stretches.withLock({ $0[key] }) { return known }
        let factor = max(1, Double(max(stack.width, stack.height)) / 512)
        var grid = stack.grid
        grid.width = max(1, Int(Double(stack.width) / factor))
        grid.height = max(1, Int(Double(stack.height) / factor))
        grid.geoTransform = GeoTransform(originX: grid.geoTransform.originX, pixelWidth: grid.geoTransform.pixelWidth * factor,
                                         originY: grid.geoTransform.originY, pixelHeight: grid.geoTransform.pixelHeight * factor)
        let (bands, covered) = try stack.warpWithCoverage(onto: grid, resampling: .average)
        let n = bands.pixelsPerBand
        let made = style.stackIndexes.map { band in
            Stretch((0..<n).map { covered[$0] ? bands.values[band * n + $0] : .nan })
        }
        stretches.withLock { $0[key] = made }
        return made
    }
}
