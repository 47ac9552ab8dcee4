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
            Reply.json(.array(try await store.epochs().map(Self.epoch)))
        }
        e.on(.post, "epochs", "Register an epoch: {name, paths, date, sensor?, bands?, mask?}", access: .role(.analyst),
             body: "application/json", success: 201) { request, _, _ in
            var request = request
            let body = try await request.jsonObject(limit: limit)
            let name = try body.string("name"), date = try Day(try body.string("date"))
            guard let paths = try body.optionalStrings("paths"), !paths.isEmpty else {
                throw Problem.badRequest("field 'paths' is required: an array of raster paths")
            }
            let sensor = try body.optionalString("sensor"), bands = try body.optionalString("bands"), mask = try body.optionalString("mask")
            let epoch: Epoch
            do {
                epoch = try await BlockingExecutor.run {
                    try await EpochCatalog(store: store).add(name: name, paths: paths, date: date, sensor: sensor, bands: bands, mask: mask)
                }
            } catch DetectionError.unreadable(let path, _) {
                // One answer for missing, unreadable and non-raster files: never tell a caller which server files exist.
                throw Problem(.unprocessableContent, "'\(path)' is not a raster this server can read: give the path of a GeoTIFF (or other GDAL raster) on the server")
            }
            return Reply.json(Self.epoch(epoch), status: .created, headers: [.location: "/api/v1/epochs/\(epoch.id)"])
        }
        e.get("epochs/{id}", "One epoch by id or name", access: .role(.viewer)) { _, context, _ in
            Reply.json(Self.epoch(try await EpochCatalog(store: store).epoch(try Params.path(context, "id"))))
        }
        e.get("scans", "Scans, newest first", access: .role(.viewer)) { _, _, _ in
            Reply.json(.array(try await store.scans().map(Self.scan)))
        }
        e.on(.post, "scans", "Start a scan: {before, after, reserves?, kinds?, buffer_m?, min_area_m2?}; runs in the background",
             access: .role(.analyst), body: "application/json", success: 202) { request, _, _ in
            var request = request
            let body = try await request.jsonObject(limit: limit)
            var scan = ScanRunner.Request(before: try body.string("before"), after: try body.string("after"))
            scan.reserves = try body.optionalStrings("reserves")
            scan.kinds = try body.optionalStrings("kinds")?.map { try ProtectedAreaKind(parsing: $0) }
            scan.bufferMetres = try body.optionalDouble("buffer_m") ?? 0
            scan.minimumArea = try body.optionalDouble("min_area_m2") ?? scan.minimumArea
            guard scan.bufferMetres >= 0, scan.bufferMetres <= 10_000, scan.minimumArea >= 0 else {
                throw Problem.badRequest("buffer_m must lie in 0…10000 and min_area_m2 must not be negative")
            }
            let id = try await jobs.start(scan)
            return Reply.json(.object([("id", .int(id)), ("status", "running"), ("href", .string("/api/v1/scans/\(id)"))]),
                              status: .accepted, headers: [.location: "/api/v1/scans/\(id)"])
        }
        e.get("scans/{id}", "A scan's progress per protected area and, once finished, its result", access: .role(.viewer)) { _, context, _ in
            let text = try Params.path(context, "id")
            guard let id = Int64(text), let scan = try await store.scan(id) else { throw Problem.notFound("no scan '\(text)'") }
            var filter = CaseFilter()
            filter.scanID = id
            let cases = try await store.cases(filter)
            var members = Self.scan(scan).objectValue ?? []
            members.append(("cases", .array(cases.map { .object([("id", .int($0.id)), ("number", .string($0.number))]) })))
            return Reply.json(.object(members))
        }
        e.get("patches", "Patches as GeoJSON, paged by id", query: ["scan", "bbox", "limit", "offset"]) { request, _, _ in
            let query = PatchQuery(scanID: try Params.parse(request, "scan") { try Self.int($0) }, box: try Params.bbox(request))
            let paging = try Paging(request, defaultLimit: 1000, maximumLimit: 10_000)
            return Reply.features(try await store.patches(query, offset: paging.offset, limit: paging.limit).map(PatchFields.feature))
        }
        e.get("patches/{id}", "One patch as a GeoJSON feature") { _, context, _ in
            let text = try Params.path(context, "id")
            guard let id = Int64(text), let patch = try await store.patch(id: id) else { throw Problem.notFound("no patch '\(text)'") }
            return Reply.bytes(Array(GeoJSON.encode([PatchFields.feature(patch)])), contentType: "application/geo+json")
        }
        return e
    }

    static func int(_ text: String) throws -> Int64 {
        guard let n = Int64(text) else { throw DomainError.invalidValue("'\(text)' is not a whole number") }
        return n
    }

    static func epoch(_ e: Epoch) -> JSONValue {
        .object([("id", .int(e.id)), ("name", .string(e.name)), ("date", .string(e.date.description)),
                 ("sensor", e.sensor.map(JSONValue.string) ?? .null), ("paths", .array(e.paths.map(JSONValue.string))),
                 ("bands", e.bands.map(JSONValue.string) ?? .null), ("crs", .string(e.crs)), ("width", .int(Int64(e.width))),
                 ("height", .int(Int64(e.height))), ("band_count", .int(Int64(e.bandCount))), ("footprint", e.footprint.geoJSONValue)])
    }

    static func scan(_ s: ScanRecord) -> JSONValue {
        let done = s.areas.filter(\.done).count
        return .object([
            ("id", .int(s.id)), ("status", .string(s.status.rawValue)), ("before_epoch", .int(s.beforeEpoch)),
            ("after_epoch", .int(s.afterEpoch)), ("started_at", .string(s.startedAt)),
            ("finished_at", s.finishedAt.map(JSONValue.string) ?? .null), ("parameters", s.parameters),
            ("progress", .object([("areas_done", .int(Int64(done))), ("areas_total", .int(Int64(s.areas.count)))])),
            ("patches", .int(Int64(s.areas.reduce(0) { $0 + $1.patches }))),
            ("areas", .array(s.areas.map { a in
                .object([("area_id", .int(a.areaID)), ("done", .bool(a.done)), ("patches", .int(Int64(a.patches))),
                         ("damage_m2", .double((a.damageM2 * 10).rounded() / 10))])
            })),
        ])
    }
}
