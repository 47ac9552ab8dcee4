import Foundation
import GeoKit
import Hummingbird
import Shanshui

/// `/api/v1/protected-areas`: the registry: list (as of a day), one area, its history, import by upload.
struct ProtectedAreasController {
    let services: Services

    var endpoints: Endpoints {
        let e = Endpoints(prefix: "/api/v1/protected-areas", tag: "protected areas", publicMode: services.configuration.isPublic)
        let registry = services.registry, configuration = services.configuration, store = services.store
        e.get("", "Protected areas in force on a day (as_of, default today), a page at a time", query: ["as_of", "kind", "limit", "offset"]) { request, _, _ in
            let query = AreaQuery(day: try Params.day(request, today: services.configuration.clock.today), kind: try Params.parse(request, "kind") { try ProtectedAreaKind(parsing: $0) })
            let paging = try Paging(request, defaultLimit: 100, maximumLimit: 1000)
            async let total = store.areaCount(query)
            let page = try await store.areas(query, offset: paging.offset, limit: paging.limit)
            let matched = try await total
            return Reply.json(PageShape.areas(page, total: matched, limit: paging.limit, offset: paging.offset,
                                              next: paging.next(request, total: matched)))
        }
        e.get("{id}", "One protected area with its boundary and zones as of a day", query: ["as_of"]) { request, context, _ in
            let day = try Params.day(request, today: services.configuration.clock.today)
            let (area, version, versions) = try await registry.version(of: try Params.path(context, "id"), asOf: day)
            return Reply.json(AreaDetailShape(area, asOf: day, version: version, versions: versions))
        }
        e.get("{id}/history", "Every boundary version of an area, oldest first") { _, context, _ in
            let (area, versions) = try await registry.history(try Params.path(context, "id"))
            return Reply.json(AreaHistoryShape(area, versions))
        }
        e.on(.post, "", "Import protected areas and zones from an uploaded GeoJSON file (validated like `reserves import`)",
             access: .role(.analyst), body: "application/geo+json",
             query: ["kind", "kind_field", "code_field", "name_field", "zone_field", "level_field", "source_crs", "effective", "instrument"],
             success: 201) { request, _, _ in
            var request = request
            let bytes = try await request.collectBody(upTo: configuration.maxUploadBytes)
            var options = RegistryImportOptions(effective: try Params.parse(request, "effective") { try Day($0) } ?? .unknownStart,
                                                instrument: LegalInstrument(parsing: request.query("instrument")))
            options.kind = try Params.parse(request, "kind") { try ProtectedAreaKind(parsing: $0) }
            options.kindField = request.query("kind_field")
            options.codeField = request.query("code_field")
            options.nameField = request.query("name_field")
            options.zoneField = request.query("zone_field")
            options.levelField = request.query("level_field")
            options.sourceCRS = try Params.parse(request, "source_crs") { try CRS($0) }
            let plan = try await Upload.plan(Array(bytes.readableBytesView), options: options)
            let summary = try await registry.apply(plan, options: options)
            return Reply.json(ImportSummaryShape(summary), status: summary.changedNothing ? .ok : .created)
        }
        return e
    }
}

/// Uploaded boundary files: checked as GeoJSON, then read by the same importer as the CLI.
enum Upload {
    /// Validates and plans an uploaded GeoJSON document on the blocking executor.
    /// - Throws: `GeoJSONError` (400) for invalid GeoJSON, `DomainError` (422) for what the importer refuses.
    static func plan(_ bytes: [UInt8], options: RegistryImportOptions) async throws -> ImportPlan {
        guard !bytes.isEmpty else { throw Problem.badRequest("the upload is empty: send a GeoJSON FeatureCollection") }
        return try await BlockingExecutor.run {
            let features = try GeoJSON.read(bytes)
            guard !features.isEmpty else { throw Problem(.unprocessableContent, "the upload holds no features") }
            var plan = try await UploadFile.with(bytes, ext: "geojson") { try RegistryImport.read($0, options: options) }
            plan.source = "upload"
            return plan
        }
    }
}
