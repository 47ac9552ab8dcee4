import Foundation
import GeoKit

/// Registers imagery epochs: opens every file once to check it and records its CRS, size, bands
/// and lon/lat footprint; the files themselves stay where they are (local paths or URLs).
public struct EpochCatalog: Sendable {
    public let store: any ScanStore

    /// A catalog over `store`.
    public init(store: any ScanStore) {
        self.store = store
    }

    /// Checks and records an epoch.
    /// - Throws: `DetectionError` for unreadable files or band roles that do not fit; a store
    ///   error when the name is taken.
    @discardableResult
    public func add(name: String, paths: [String], date: Day, sensor: String?, bands: String?, mask: String?) async throws -> Epoch {
        guard !name.isEmpty, !paths.isEmpty else { throw DomainError.invalidValue("an epoch needs a name and at least one raster") }
        let paths = paths.map(GDALPath.anchored), mask = mask.map(GDALPath.anchored)
        var bandCount = 0
        var names: [String] = []
        var first: Raster?
        for path in paths {
            let raster: Raster
            raster = try Self.openChecked(path)
            bandCount += raster.bandCount
            names += raster.bands.map { $0.description.isEmpty ? URL(fileURLWithPath: path).lastPathComponent : $0.description }
            if first == nil { first = raster }
        }
        guard let reference = first, let crs = reference.crs, reference.geoTransform != nil else {
            throw DomainError.invalidInput("'\(paths[0])' is not georeferenced: an epoch needs a CRS and a geotransform")
        }
        let roles = try bands.map { try BandRoles(parsing: $0) } ?? BandRoles.inferred(fromNames: names)
        try roles.validate(bandCount: bandCount, epoch: name)
        if let mask {
            _ = try Self.openChecked(mask)
        }
        let footprint = try Self.footprint(reference, crs: crs)
        let epoch = Epoch(name: name, date: date, sensor: sensor, paths: paths, bands: bands ?? roles.description, mask: mask,
                          crs: crs.description, width: reference.width, height: reference.height, bandCount: bandCount,
                          footprint: footprint)
        var stored = epoch
        stored.id = try await store.addEpoch(epoch)
        return stored
    }

    /// Opens a raster of an epoch and proves it readable: a plausible header (see
    /// `Raster.checkPlausible()`) and one block of its first band decoded.
    static func openChecked(_ path: String) throws -> Raster {
        let raster = try Raster.openForAnalysis(path)
        do {
            let side = 64
            _ = try raster.read(band: 1, window: Window(column: max(0, raster.width / 2 - side / 2), row: max(0, raster.height / 2 - side / 2),
                                                        width: min(side, raster.width), height: min(side, raster.height)), as: Float.self)
            return raster
        } catch {
            throw DetectionError.unreadable(path: path, reason: "\(error)")
        }
    }

    /// The epoch named (or numbered) so.
    /// - Throws: `DomainError.notFound` listing the epochs there are.
    public func epoch(_ nameOrID: String) async throws -> Epoch {
        if let e = try await store.epoch(nameOrID) { return e }
        let names = try await store.epochs().map(\.name)
        throw DomainError.notFound("no epoch '\(nameOrID)'; epochs: \(names.isEmpty ? "none (shanshui epochs add)" : names.joined(separator: ", "))")
    }

    /// The epoch as detection reads it.
    public static func source(_ e: Epoch) -> EpochSource {
        EpochSource(files: e.paths, mask: e.mask, date: e.date)
    }

    /// The raster's outline in lon/lat, its edges densified so projected footprints stay accurate.
    static func footprint(_ raster: Raster, crs: CRS) throws -> Geometry {
        let b = raster.bounds
        var ring: [Coordinate] = []
        let n = 16
        for i in 0..<n { ring.append(Coordinate(b.minX + b.width * Double(i) / Double(n), b.minY)) }
        for i in 0..<n { ring.append(Coordinate(b.maxX, b.minY + b.height * Double(i) / Double(n))) }
        for i in 0..<n { ring.append(Coordinate(b.maxX - b.width * Double(i) / Double(n), b.maxY)) }
        for i in 0..<n { ring.append(Coordinate(b.minX, b.maxY - b.height * Double(i) / Double(n))) }
        ring.append(ring[0])
        return try Transformer.cached(from: crs, to: .wgs84).transform(Geometry.polygon(Polygon(exterior: ring)))
    }
}
