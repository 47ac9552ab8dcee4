import Foundation
import GeoKit
import Hummingbird
import Shanshui

/// What the desk view of the web app needs besides the ledger listing: a search over case
/// numbers, cell codes and names, and protected areas (`/api/v1/search`), and the download of
/// what the ledger table shows, with the same filters and order (`/api/v1/downloads/cases`).
struct DeskController {
    let services: Services

    /// The most cases one download holds; narrow the filters for more.
    static let downloadLimit = 100_000
    /// The most hits of each kind a search answers.
    static let searchLimit = 10
    static let formats: [String: (ext: String, type: String)] = [
        "csv": ("csv", "text/csv; charset=utf-8"), "gpkg": ("gpkg", "application/geopackage+sqlite3"),
    ]

    var endpoints: Endpoints {
        let e = Endpoints(prefix: "/api/v1", tag: "desk", publicMode: services.configuration.isPublic)
        let store = services.store, registry = services.registry, clock = services.configuration.clock
        let hit = Schema.object([("kind", Schema.enumeration(SearchHit.Kind.allCases.map(\.rawValue))), ("key", Schema.string),
                                 ("label", Schema.string), ("detail", Schema.string), ("code", Schema.string),
                                 ("bbox", Schema.array(Schema.number, minItems: 4, maxItems: 4))],
                                required: ["kind", "key", "label", "detail", "code", "bbox"])
        e.get("search", "Cases by number, grid cells by code or name, protected areas (in force on as_of) by name or code: "
              + "up to 10 of each, with their lon/lat boxes",
              query: ["q", "as_of"],
              response: ResponseDoc("application/json", Schema.object([("hits", Schema.array(hit))], required: ["hits"]))) { request, _, _ in
            let text = (request.query("q") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { throw Problem.badRequest("query parameter 'q' is required: a case number, cell code or name, or a reserve's name") }
            guard text.count <= 100 else { throw Problem.badRequest("query parameter 'q' is longer than 100 characters") }
            let day = try Params.parse(request, "as_of") { try Day($0) } ?? clock.today
            let hits = try await store.search(text, day: day, limit: Self.searchLimit)
            return Reply.json(.object([("hits", .array(hits.map(Self.json)))]))
        }
        e.get("downloads/cases", "The ledger table as a file (format=csv, UTF-8 with BOM, Chinese headers and words unless lang=en; "
              + "or gpkg, for QGIS), with the same filters and order as GET /api/v1/cases",
              query: ["format", "lang"] + CaseListQuery.parameters,
              response: ResponseDoc("application/octet-stream", .object([("type", "string"), ("format", "binary")]))) { request, _, caller in
            let name = request.query("format") ?? "csv"
            guard let format = Self.formats[name] else {
                throw Problem.badRequest("format '\(name)' is not one of \(Self.formats.keys.sorted().joined(separator: ", "))")
            }
            let lang = request.query("lang") ?? "zh-CN"
            guard ["zh-CN", "en"].contains(lang) else { throw Problem.badRequest("lang '\(lang)' is not one of zh-CN, en") }
            let today = clock.today
            let filter = try await CaseListQuery.filter(request, registry: registry, today: today)
            let total = try await store.caseCount(filter)
            guard total <= Self.downloadLimit else {
                throw Problem.badRequest("\(total) cases match, more than the \(Self.downloadLimit) one download holds; narrow the filters")
            }
            var features: [Feature] = []
            let page = 1000
            for offset in stride(from: 0, to: total, by: page) {
                features += try await store.cases(filter, offset: offset, limit: page)
                    .map { CaseFields.feature($0, today: today, includePersonal: caller.personal) }
            }
            var options = VectorSink.Options()
            if format.ext == "csv" && lang == "zh-CN" {
                features = features.map(FieldLabels.chineseValues)
                options.headers = FieldLabels.chinese
            }
            let data = try await ExportsController.file(features, ext: format.ext, layerName: "cases", options: options)
            return Reply.bytes(data, contentType: format.type,
                               headers: [.contentDisposition: "attachment; filename=\"cases-\(today).\(format.ext)\""])
        }
        return e
    }

    /// A hit as JSON: its kind, key, label, detail, code and `bbox` [minLon, minLat, maxLon, maxLat].
    static func json(_ hit: SearchHit) -> JSONValue {
        .object([("kind", .string(hit.kind.rawValue)), ("key", .string(hit.key)), ("label", .string(hit.label)),
                 ("detail", .string(hit.detail)), ("code", .string(hit.code)),
                 ("bbox", .array([hit.box.minX, hit.box.minY, hit.box.maxX, hit.box.maxY].map { .double(($0 * 1e7).rounded() / 1e7) }))])
    }
}
