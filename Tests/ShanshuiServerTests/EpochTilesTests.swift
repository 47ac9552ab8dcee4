import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GeoKit
import Shanshui
import ShanshuiServer
import ShanshuiStore
import ShanshuiTestSupport
import Testing

/// Epoch imagery as XYZ map tiles over real HTTP: a GeoTIFF the test writes (three stripes, one
/// red, one green, one blue in true colour; the green one bright in near-infrared) is registered
/// as an epoch and its tiles are fetched, decoded and checked pixel by pixel.
@Suite("Epoch imagery tiles")
struct EpochTilesTests {
    /// Raster box: lon 120.00–120.02, lat 30.00–30.02, 200×200 pixels, stripes west to east.
    static let west = 120.0, north = 30.02, step = 0.0001, side = 200

    /// Writes the striped four-band raster (blue, green, red, nir) and registers it as epoch `2026H1`.
    static func workspace(_ dir: URL) async throws -> String {
        let db = try LiveServer.workspace(in: dir)
        let tif = dir.appendingPathComponent("epoch.tif").path
        let raster = try Raster.create(tif, profile: RasterProfile(width: side, height: side, bandCount: 4, dataType: .uint16,
                                                                   geoTransform: GeoTransform(originX: west, pixelWidth: step, originY: north, pixelHeight: -step),
                                                                   crs: .wgs84, noData: 0))
        // Per stripe: blue, green, red, nir.
        let stripes: [[UInt16]] = [[500, 500, 3000, 1000], [500, 3000, 500, 4000], [3000, 500, 500, 1000]]
        var values = [UInt16](repeating: 0, count: side * side * 4)
        for band in 0..<4 {
            for row in 0..<side {
                for column in 0..<side { values[band * side * side + row * side + column] = stripes[min(2, column * 3 / side)][band] }
            }
        }
        try raster.write(RasterBuffer(width: side, height: side, bandCount: 4, values: values))
        try raster.flush()
        try await EpochCatalog(store: try SpatiaLiteStore(path: db)).add(name: "2026H1", paths: [tif], date: try Day("2026-06-30"),
                                                                           sensor: nil, bands: "blue=1,green=2,red=3,nir=4", mask: nil)
        return db
    }

    /// The zoom-`z` tile holding (lon, lat) and that point's pixel in it.
    static func locate(lon: Double, lat: Double, z: Int) throws -> (tile: TileAddress, x: Int, y: Int) {
        let tile = try #require(TileAddress.covering(Envelope(minX: lon, minY: lat, maxX: lon, maxY: lat), zoom: z).first)
        let b = tile.mercatorBounds, r = 6_378_137.0
        let mx = lon * Double.pi / 180 * r, my = log(tan(Double.pi / 4 + lat * Double.pi / 360)) * r
        return (tile, Int((mx - b.minX) / b.width * 256), Int((b.maxY - my) / b.height * 256))
    }

    /// A tile's PNG decoded by GDAL's PNG driver: bands R, G, B, A.
    static func decode(_ png: Data, in dir: URL) throws -> RasterBuffer<UInt8> {
        let path = dir.appendingPathComponent("tile-\(UUID().uuidString).png").path
        try png.write(to: URL(fileURLWithPath: path))
        let raster = try Raster.open(path)
        #expect(raster.width == 256 && raster.height == 256 && raster.bandCount == 4, "a 256×256 RGBA PNG")
        return try raster.read(bands: [1, 2, 3, 4], as: UInt8.self)
    }

    /// A live server over a fresh workspace with the striped epoch, a viewer's token and the folder.
    static func serve(_ body: @Sendable @escaping (LiveServer, String, URL) async throws -> Void) async throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try await workspace(dir)
        try await LiveServer.with(db: db) { server in try await body(server, try await server.token(.viewer), dir) }
    }

    static func rgba(_ b: RasterBuffer<UInt8>, _ x: Int, _ y: Int) -> [Int] { (0..<4).map { Int(b[$0, y, x]) } }

    @Test func tilesShowTheImageryInTrueAndFalseColourAndAreCached() async throws {
        try await Self.serve { server, viewer, dir in
            // The green stripe's middle, at zoom 16.
            let green = try Self.locate(lon: 120.01, lat: 30.01, z: 16)
            let url = "/api/v1/epochs/2026H1/tiles/\(green.tile).png"
            let first = try await server.send("GET", url + "?style=true", token: viewer)
            #expect(first.status == 200)
            #expect(first.headers["content-type"] == "image/png")
            #expect(first.headers["cache-control"]?.contains("max-age") == true)
            let truePixels = try Self.decode(first.body, in: dir)
            let p = Self.rgba(truePixels, green.x, green.y)
            #expect(p[3] == 255 && p[1] > p[0] + 100 && p[1] > p[2] + 100, "true colour of the green stripe: \(p)")

            // False colour (NIR-R-G): the vegetated stripe turns red.
            let falseAnswer = try await server.send("GET", url + "?style=false", token: viewer)
            #expect(falseAnswer.status == 200)
            let q = Self.rgba(try Self.decode(falseAnswer.body, in: dir), green.x, green.y)
            #expect(q[3] == 255 && q[0] > q[1] + 100 && q[0] >= q[2] && q != p, "false colour of the green stripe: \(q)")
            #expect(falseAnswer.body != first.body)

            // Cached: the file is there, the second answer has the same ETag, If-None-Match gives 304.
            let epoch = try #require(try await server.store.epoch("2026H1"))
            let cached = dir.appendingPathComponent("ws-tiles").appendingPathComponent(EpochTiles.file(epoch, style: .trueColour, at: green.tile)).path
            #expect(FileManager.default.fileExists(atPath: cached))
            let etag = try #require(first.headers["etag"])
            let second = try await server.send("GET", url, token: viewer)
            #expect(second.status == 200 && second.headers["etag"] == etag && second.body == first.body)
            let unchanged = try await server.send("GET", url, token: viewer, headers: ["If-None-Match": etag])
            #expect(unchanged.status == 304)

            // On the edge (zoom 14 reaches west of the raster): transparent outside, the red stripe inside.
            let red = try Self.locate(lon: 120.003, lat: 30.01, z: 14)
            let outside = try Self.locate(lon: 119.996, lat: 30.01, z: 14)
            #expect(outside.tile == red.tile, "the test expects one edge tile")
            let edge = try await server.send("GET", "/api/v1/epochs/2026H1/tiles/\(red.tile).png", token: viewer)
            #expect(edge.status == 200)
            let edgePixels = try Self.decode(edge.body, in: dir)
            let inside = Self.rgba(edgePixels, red.x, red.y)
            #expect(inside[3] == 255 && inside[0] > inside[1] + 100, "true colour of the red stripe: \(inside)")
            #expect(Self.rgba(edgePixels, outside.x, outside.y)[3] == 0, "transparent west of the raster")

            // Wholly outside the footprint: 404 without rendering.
            let far = try Self.locate(lon: 121, lat: 31, z: 14)
            let missing = try await server.send("GET", "/api/v1/epochs/2026H1/tiles/\(far.tile).png", token: viewer)
            #expect(missing.status == 404)
            #expect(missing.header("content-type")?.contains("problem+json") == true)
        }
    }

    @Test func badTileAddressesEpochsAndStylesAreClearProblems() async throws {
        try await Self.serve { server, viewer, _ in
            for (path, status, words) in [("/api/v1/epochs/2026H1/tiles/25/0/0.png", 400, "z must be 0 to 24"),
                                          ("/api/v1/epochs/2026H1/tiles/1/2/0.png", 400, "no tile 1/2/0"),
                                          ("/api/v1/epochs/2026H1/tiles/a/0/0.png", 400, "no tile a/0/0"),
                                          ("/api/v1/epochs/2026H1/tiles/0/0/0.png?style=blue", 400, "unknown tile style 'blue'"),
                                          ("/api/v1/epochs/nope/tiles/0/0/0.png", 404, "no epoch 'nope'")] {
                let answer = try await server.send("GET", path, token: viewer)
                #expect(answer.status == status, "\(path)")
                #expect(answer.header("content-type")?.contains("problem+json") == true, "\(path)")
                #expect(answer.json["detail"]?.stringValue?.contains(words) == true, "\(path): \(answer.json)")
            }
            // The same access rule as the map layers: a private service wants a token.
            #expect(try await server.send("GET", "/api/v1/epochs/2026H1/tiles/0/0/0.png").status == 401)
            #expect(try await server.send("GET", "/api/v1/epochs/2026H1/tiles/0/0/0.png", token: viewer).status == 200)
        }
    }
}
