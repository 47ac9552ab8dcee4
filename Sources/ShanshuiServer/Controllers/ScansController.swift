import Foundation
import GeoKit
import Hummingbird
import Shanshui

/// `/api/v1/epochs`, `/api/v1/scans`, `/api/v1/patches`: imagery epochs, scans started in the
/// background (202 with a Location), their progress and result, and the patches they found.
struct ScansController {
    let services: Services

    var endpoints: Endpoints {
        let e = Endpoints(prefix: "/api/v1", tag: "scans", publicMode: services.configuration.isPublic)
        let store = services.store, jobs = services.scans, limit = services.configuration.maxBodyBytes
        e.get("epochs", "Registered imagery epochs by date", access: .role(.viewer)) { _, _, _ in
            Reply.json(try await store.epochs().map(EpochShape.init))
        }
        e.on(.post, "epochs", "Register an epoch: {name, paths, date, sensor?, bands?, mask?}", access: .role(.analyst),
             body: "application/json", success: 201) { request, _, _ in
            var request = request
            let body = try await request.decode(EpochBody.self, limit: limit)
            let name = body.name, sensor = body.sensor, bands = body.bands, mask = body.mask
            let date = try BodyField.parse("date", body.date) { try Day($0) }
            guard !body.paths.isEmpty else { throw BodyField.problem(.badRequest, "paths", "must name at least one raster path") }
            let paths = body.paths
            let epoch: Epoch
            do {
                epoch = try await BlockingExecutor.run {
                    try await EpochCatalog(store: store).add(name: name, paths: paths, date: date, sensor: sensor, bands: bands, mask: mask)
                }
            } catch DetectionError.unreadable(let path, _) {
                // One answer for missing, unreadable and non-raster files: never tell a caller which server files exist.
                throw Problem(.unprocessableContent, "'\(path)' is not a raster this server can read: give the path of a GeoTIFF (or other GDAL raster) on the server")
            }
            return Reply.json(EpochShape(epoch), status: .created, headers: [.location: "/api/v1/epochs/\(epoch.id)"])
        }
        e.get("epochs/{id}", "One epoch by id or name", access: .role(.viewer)) { _, context, _ in
            Reply.json(EpochShape(try await EpochCatalog(store: store).epoch(try Params.path(context, "id"))))
        }
        e.get("scans", "Scans, newest first", access: .role(.viewer)) { _, _, _ in
            Reply.json(try await store.scans().map { ScanShape($0) })
        }
        e.on(.post, "scans", "Start a scan: {before, after, reserves?, kinds?, buffer_m?, min_area_m2?}; runs in the background",
             access: .role(.analyst), body: "application/json", success: 202) { request, _, _ in
            var request = request
            let body = try await request.decode(ScanBody.self, limit: limit)
            var scan = ScanRunner.Request(before: body.before, after: body.after)
            scan.reserves = body.reserves
            scan.kinds = try body.kinds?.enumerated().map { i, kind in try BodyField.parse("kinds[\(i)]", kind) { try ProtectedAreaKind(parsing: $0) } }
            scan.bufferMetres = body.bufferM ?? 0
            scan.minimumArea = body.minAreaM2 ?? scan.minimumArea
            guard scan.bufferMetres >= 0, scan.bufferMetres <= 10_000, scan.minimumArea >= 0 else {
                throw Problem.badRequest("buffer_m must lie in 0…10000 and min_area_m2 must not be negative")
            }
            let id = try await jobs.start(scan)
            return Reply.json(ScanStartShape(id: id, status: "running", href: "/api/v1/scans/\(id)"), status: .accepted, headers: [.location: "/api/v1/scans/\(id)"])
        }
        e.get("scans/{id}", "A scan's progress per protected area and, once finished, its result", access: .role(.viewer)) { _, context, _ in
            let text = try Params.path(context, "id")
            guard let id = Int64(text), let scan = try await store.scan(id) else { throw Problem.notFound("no scan '\(text)'") }
            var filter = CaseFilter()
            filter.scanID = id
            let cases = try await store.cases(filter)
            return Reply.json(ScanShape(scan, cases: cases))
        }
        e.get("patches", "Patches as GeoJSON, paged by id", query: ["scan", "bbox", "limit", "offset"]) { request, _, _ in
            let query = PatchQuery(scanID: try Params.parse(request, "scan") { try Self.int($0) }, box: try Params.bbox(request))
            let paging = try Paging(request, defaultLimit: 1000, maximumLimit: 10_000)
            return Reply.features(try await store.patches(query, offset: paging.offset, limit: paging.limit).map(PatchRecordShape.feature))
        }
        e.get("patches/{id}", "One patch as a GeoJSON feature") { _, context, _ in
            let text = try Params.path(context, "id")
            guard let id = Int64(text), let patch = try await store.patch(id: id) else { throw Problem.notFound("no patch '\(text)'") }
            return Reply.bytes(Array(GeoJSON.encode([PatchRecordShape.feature(patch)])), contentType: "application/geo+json")
        }
        return e
    }

    static func int(_ text: String) throws -> Int64 {
        guard let n = Int64(text) else { throw DomainError.invalidValue("'\(text)' is not a whole number") }
        return n
    }
}

/// The JSON body of a new epoch.
struct EpochBody: Decodable {
    var name: String
    var paths: [String]
    var date: String
    var sensor: String?
    var bands: String?
    var mask: String?
}

/// The JSON body of a new scan.
struct ScanBody: Decodable {
    var before: String
    var after: String
    var reserves: [String]?
    var kinds: [String]?
    var bufferM: Double?
    var minAreaM2: Double?
}
