import Foundation
import GeoKit
import Hummingbird
import Shanshui

/// `/api/v1/epochs/{id}/tiles/{z}/{x}/{y}.png`: a registered epoch's imagery as XYZ map tiles
/// (EPSG:3857, 256×256 PNG, true or false colour), rendered with GDAL on first request and then
/// served from the tile cache with ETag, Last-Modified and Cache-Control (`EpochTiles`).
/// Imagery holds no personal data: the same access as the map layers.
struct TilesController {
    let services: Services

    var endpoints: Endpoints {
        let e = Endpoints(prefix: "/api/v1/epochs", tag: "imagery", publicMode: services.configuration.isPublic)
        let store = services.store
        let tiles = EpochTiles(directory: services.configuration.tileDirectory)
        let files = FileFolder(tiles.directory, maxAge: 86_400)
        e.get("{id}/tiles/{z}/{x}/{y}.png",
              "An epoch's imagery as an XYZ map tile (EPSG:3857, 256x256 PNG; style=true colour R-G-B, false colour NIR-R-G), "
              + "transparent outside the imagery; 404 for a tile outside the epoch's footprint",
              query: ["style"], response: ResponseDoc("image/png", .object([("type", "string"), ("format", "binary")]))) { request, context, _ in
            let name = try Params.path(context, "id")
            let style = try Params.parse(request, "style") { try TileStyle(parsing: $0) } ?? .trueColour
            let tile = try Self.address(context)
            guard let epoch = try await store.epoch(name) else { throw Problem.notFound("no epoch '\(name)'") }
            let file = try await BlockingExecutor.run { try tiles.tile(epoch, style: style, at: tile) }
            guard let file else { throw Problem.notFound("tile \(tile) lies outside the footprint of epoch \(epoch.name)") }
            return try await files.response(file, to: request, context: context, missing: Problem.notFound("tile \(tile) of epoch \(epoch.name) is gone"))
        }
        return e
    }

    /// The tile named by the path's z, x and y.
    /// - Throws: 400 naming the bad part (not a number, or outside the zoom's tile range).
    static func address(_ context: ShanshuiRequestContext) throws -> TileAddress {
        let parts = try ["z", "x", "y"].map { try Params.path(context, $0) }
        let numbers = parts.compactMap { Int($0) }
        guard numbers.count == 3, let tile = TileAddress(z: numbers[0], x: numbers[1], y: numbers[2]) else {
            throw Problem.badRequest("no tile \(parts.joined(separator: "/")): z must be 0 to \(TileAddress.maxZoom) and x, y 0 to 2^z - 1")
        }
        return tile
    }
}
