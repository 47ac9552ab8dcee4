import Foundation
import GeoKit
import Hummingbird
import Shanshui

/// OGC API - Features Part 1 at `/ogc`: landing page, conformance, the API definition
/// (OpenAPI 3.0), collections and their items with `bbox`, `limit`, `datetime` and `next` links.
/// QGIS connects to `http://HOST:PORT/ogc`.
struct OGCFeaturesController {
    let services: Services
    let document: DocumentHolder

    static let conformance = [
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    ]
    static let crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
    static let defaultLimit = 100, maximumLimit = 10_000

    var endpoints: Endpoints {
        let e = Endpoints(prefix: "/ogc", tag: "ogc features", publicMode: services.configuration.isPublic)
        let layers = FeatureLayer.all(services), document = document
        @Sendable func find(_ context: ShanshuiRequestContext) throws -> FeatureLayer {
            let id = try Params.path(context, "collectionId")
            guard let layer = layers.first(where: { $0.id == id }) else {
                throw Problem.notFound("no collection '\(id)'; collections: \(layers.map(\.id).joined(separator: ", "))")
            }
            return layer
        }
        e.get("", "OGC API landing page") { request, _, _ in
            let base = Self.base(request)
            return Reply.json(.object([
                ("title", "Shanshui protected-area supervision"),
                ("description", "Protected areas, zones, red lines, change patches, cases and grid cells"),
                ("links", .array([
                    Self.link(base + "/ogc", "self", "application/json", "This document"),
                    Self.link(base + "/ogc/api", "service-desc", "application/vnd.oai.openapi+json;version=3.0", "The API definition"),
                    Self.link(base + "/", "service-doc", "text/html", "The web map"),
                    Self.link(base + "/ogc/conformance", "conformance", "application/json", "Conformance classes"),
                    Self.link(base + "/ogc/collections", "data", "application/json", "The collections"),
                ])),
            ]))
        }
        e.get("conformance", "Conformance classes implemented") { _, _, _ in
            Reply.json(.object([("conformsTo", .array(Self.conformance.map(JSONValue.string)))]))
        }
        e.get("api", "The API definition (OpenAPI 3.0)") { _, _, _ in
            Reply.json(document.get().json(version: "3.0.3"), contentType: "application/vnd.oai.openapi+json;version=3.0")
        }
        e.get("collections", "The feature collections") { request, _, _ in
            let base = Self.base(request)
            return Reply.json(.object([
                ("links", .array([Self.link(base + "/ogc/collections", "self", "application/json", "The collections")])),
                ("collections", .array(layers.map { Self.collection($0, base: base) })),
            ]))
        }
        e.get("collections/{collectionId}", "One collection") { request, context, _ in
            Reply.json(Self.collection(try find(context), base: Self.base(request)))
        }
        e.get("collections/{collectionId}/items", "Features of a collection, paged", query: ["bbox", "limit", "offset", "datetime"]) { request, context, caller in
            let layer = try find(context)
            var limit = try request.query("limit", default: Self.defaultLimit, in: 1...Int.max)
            limit = min(limit, Self.maximumLimit)
            let offset = try request.query("offset", default: 0, in: 0...Int.max)
            let query = LayerQuery(box: try Params.bbox(request), day: try Self.day(request), offset: offset, limit: limit, personal: caller.personal)
            let page = try await layer.page(query)
            let base = Self.base(request)
            var links = [Self.link(base + CasesController.link(request, replacing: "offset", with: String(offset)), "self", "application/geo+json", "This page"),
                         Self.link(base + "/ogc/collections/\(layer.id)", "collection", "application/json", layer.title)]
            if offset + page.features.count < page.matched {
                let next = CasesController.link(request, replacing: "offset", with: String(offset + limit))
                links.append(Self.link(base + next, "next", "application/geo+json", "Next page"))
            }
            return Self.featureCollection(page, links: links)
        }
        e.get("collections/{collectionId}/items/{featureId}", "One feature") { request, context, caller in
            let layer = try find(context), fid = try Params.path(context, "featureId")
            let query = LayerQuery(box: nil, day: try Self.day(request), offset: 0, limit: 1, personal: caller.personal)
            guard var feature = try await layer.item(fid, query) else { throw Problem.notFound("no feature '\(fid)' in \(layer.id)") }
            if feature.id == nil { feature.id = .string(fid) }
            let encoded = GeoJSON.encode([feature])
            guard case .array(let features)? = try JSONValue.parse(encoded)["features"], let one = features.first,
                  case .object(var members) = one else { throw Problem(.internalServerError, "feature encoding failed") }
            let base = Self.base(request)
            members.append(("links", .array([
                Self.link(base + "/ogc/collections/\(layer.id)/items/\(fid)", "self", "application/geo+json", "This feature"),
                Self.link(base + "/ogc/collections/\(layer.id)", "collection", "application/json", layer.title),
            ])))
            return Reply.json(.object(members), contentType: "application/geo+json")
        }
        return e
    }

    /// `scheme://host` of the request, for absolute links (QGIS follows them as given).
    static func base(_ request: Request) -> String {
        "http://" + (request.head.authority ?? "127.0.0.1")
    }

    static func link(_ href: String, _ rel: String, _ type: String, _ title: String) -> JSONValue {
        .object([("href", .string(href)), ("rel", .string(rel)), ("type", .string(type)), ("title", .string(title))])
    }

    static func collection(_ layer: FeatureLayer, base: String) -> JSONValue {
        var extent: [(key: String, value: JSONValue)] = [("spatial", .object([("bbox", .array([.array([-180, -90, 180, 90])])), ("crs", .string(crs84))]))]
        if layer.temporal { extent.append(("temporal", .object([("interval", .array([.array([.null, .null])]))]))) }
        return .object([
            ("id", .string(layer.id)), ("title", .string(layer.title)), ("description", .string(layer.description)),
            ("itemType", "feature"), ("crs", .array([.string(crs84)])), ("extent", .object(extent)),
            ("links", .array([
                link(base + "/ogc/collections/\(layer.id)", "self", "application/json", layer.title),
                link(base + "/ogc/collections/\(layer.id)/items", "items", "application/geo+json", layer.title + " as GeoJSON"),
            ])),
        ])
    }

    /// The as-of day of OGC `datetime`: an instant (`2024-01-01`, `2024-01-01T00:00:00Z`) or the
    /// end of an interval; today when absent or open-ended.
    static func day(_ request: Request) throws -> Day {
        guard let text = request.query("datetime"), !text.isEmpty else { return .today }
        let end = text.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? text
        if end == ".." || end.isEmpty { return .today }
        do { return try Day(String(end.prefix(10))) } catch {
            throw Problem.badRequest("datetime '\(text)' is not a date (YYYY-MM-DD), a date-time or an interval")
        }
    }

    /// A FeatureCollection with OGC members, spliced onto the GeoJSON encoder's bytes so large
    /// pages are not parsed again.
    static func featureCollection(_ page: LayerPage, links: [JSONValue]) -> Response {
        var bytes = Array(GeoJSON.encode(page.features))
        precondition(bytes.last == UInt8(ascii: "}"), "GeoJSON.encode writes one object")
        bytes.removeLast()
        let extra: JSONValue = .object([
            ("numberMatched", .int(Int64(page.matched))), ("numberReturned", .int(Int64(page.features.count))),
            ("timeStamp", .string(ISO8601DateFormatter().string(from: Date()))), ("links", .array(links)),
        ])
        var members = Array(extra.serialized().utf8)
        members.removeFirst()
        bytes.append(UInt8(ascii: ","))
        bytes += members
        return Reply.bytes(bytes, contentType: "application/geo+json")
    }
}
