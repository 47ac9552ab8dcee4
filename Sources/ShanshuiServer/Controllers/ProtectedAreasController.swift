import Foundation
import GeoKit
import Hummingbird
import Shanshui

/// `/api/v1/protected-areas`: the registry: list (as of a day), one area, its history, import by upload.
struct ProtectedAreasController {
    let services: Services

    var endpoints: Endpoints {
        let e = Endpoints(prefix: "/api/v1/protected-areas", tag: "protected areas", publicMode: services.configuration.isPublic)
        let registry = services.registry, configuration = services.configuration
        e.get("", "Protected areas in force on a day (as_of, default today)", query: ["as_of", "kind"]) { request, _, _ in
            let day = try Params.day(request)
            let kind = try Params.parse(request, "kind") { try ProtectedAreaKind(parsing: $0) }
            return Reply.json(.array(try await registry.list(kind: kind, asOf: day).map(Self.summary)))
        }
        e.get("{id}", "One protected area with its boundary and zones as of a day", query: ["as_of"]) { request, context, _ in
            let day = try Params.day(request)
            let (area, version, versions) = try await registry.version(of: try Params.path(context, "id"), asOf: day)
            var members = Self.area(area).objectValue ?? []
            members += [("as_of", .string(day.description)), ("in_force", .bool(version != nil)),
                        ("area_km2", version.map { .double($0.areaKm2) } ?? .null),
                        ("valid_from", version.map { $0.validFrom.startJSON } ?? .null),
                        ("geometry", version?.geometry?.geoJSONValue ?? .null),
                        ("zones", .array((version?.zones ?? []).map { z in
                            .object([("kind", .string(z.kind.rawValue)), ("area_km2", .double(z.areaKm2)), ("geometry", z.geometry.geoJSONValue)])
                        })),
                        ("versions", .int(Int64(versions.count)))]
            return Reply.json(.object(members))
        }
        e.get("{id}/history", "Every boundary version of an area, oldest first") { _, context, _ in
            let (area, versions) = try await registry.history(try Params.path(context, "id"))
            var members = Self.area(area).objectValue ?? []
            members.append(("versions", .array(versions.map(Self.version))))
            return Reply.json(.object(members))
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
            let rows: [JSONValue] = summary.rows.map { row in
                .object([("code", .string(row.area.area.code)), ("name", .string(row.area.area.name)),
                         ("kind", .string(row.area.area.kind.rawValue)), ("zones", .int(Int64(row.area.zones.count))),
                         ("result", .string(row.outcome.rawValue))])
            }
            return Reply.json(.object([("areas", .array(rows)), ("warnings", .array(summary.warnings.map(JSONValue.string)))]),
                              status: summary.changedNothing ? .ok : .created)
        }
        return e
    }

    static func area(_ a: ProtectedArea) -> JSONValue {
        .object([("id", .int(a.id)), ("code", .string(a.code)), ("name", .string(a.name)), ("kind", .string(a.kind.rawValue)),
                 ("level", a.level.map(JSONValue.string) ?? .null)])
    }

    static func summary(_ item: AreaVersion) -> JSONValue {
        var members = area(item.area).objectValue ?? []
        members += [("area_km2", .double(item.version.areaKm2)), ("valid_from", item.version.validFrom.startJSON),
                    ("zones", .array(item.version.zones.map { .string($0.kind.rawValue) }))]
        return .object(members)
    }

    static func version(_ v: BoundaryVersion) -> JSONValue {
        .object([("valid_from", v.validFrom.startJSON), ("valid_to", v.validTo.map { .string($0.description) } ?? .null),
                 ("change", .string(v.change.rawValue)), ("area_km2", .double(v.areaKm2)),
                 ("instrument_number", v.instrument.number.map(JSONValue.string) ?? .null),
                 ("instrument_text", v.instrument.text.map(JSONValue.string) ?? .null),
                 ("zones", .array(v.zones.map { .string($0.kind.rawValue) }))])
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
