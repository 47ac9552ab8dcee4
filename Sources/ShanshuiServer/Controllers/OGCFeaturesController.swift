import Foundation
import GeoKit
import Hummingbird
import Shanshui

/// OGC API - Features Part 1 at `/ogc`: landing page, conformance, the API definition
/// (OpenAPI 3.0, OGC routes only), collections with their real extents, and their items with
/// `bbox` (geometry intersection), `limit`, `datetime` and `next` links. Unknown query
/// parameters are refused with 400. QGIS and GDAL connect to `http://HOST:PORT/ogc`.
struct OGCFeaturesController {
    let services: Services

    static let conformance = [
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    ]
    static let crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
    static let gregorian = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"
    static let defaultLimit = 100, maximumLimit = 10_000

    var endpoints: Endpoints {
        let e = Endpoints(prefix: "/ogc", tag: "ogc features", publicMode: services.configuration.isPublic, strictQuery: true)
        let layers = FeatureLayer.all(services), store = services.store
        @Sendable func baseURL(_ request: Request) -> String { services.linkBase }
        @Sendable func collection(_ layer: FeatureLayer, _ request: Request) async throws -> JSONValue {
            Self.collection(layer, extent: try await store.extent(layer.layer), base: baseURL(request))
        }
        @Sendable func find(_ context: ShanshuiRequestContext) throws -> FeatureLayer {
            let id = try Params.path(context, "collectionId")
            guard let layer = layers.first(where: { $0.id == id }) else {
                throw Problem.notFound("no collection '\(id)'; collections: \(layers.map(\.id).joined(separator: ", "))")
            }
            return layer
        }
        e.get("", "OGC API landing page", response: ResponseDoc("application/json", Schema.ref("LandingPage"))) { request, _, _ in
            let base = baseURL(request)
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
        e.get("conformance", "Conformance classes implemented", response: ResponseDoc("application/json", Schema.ref("ConfClasses"))) { _, _, _ in
            Reply.json(.object([("conformsTo", .array(Self.conformance.map(JSONValue.string)))]))
        }
        let openAPI = "application/vnd.oai.openapi+json;version=3.0"
        e.get("api", "The API definition of OGC API - Features (OpenAPI 3.0)",
              response: ResponseDoc(openAPI, Schema.object([("openapi", Schema.string), ("paths", Schema.object([]))], required: ["openapi", "paths"]))) { _, _, _ in
            Reply.json(OpenAPIDocument(endpoints: e.docs).ogcJSON, contentType: openAPI)
        }
        e.get("collections", "The feature collections with their extents",
              response: ResponseDoc("application/json", Schema.ref("Collections"))) { request, _, _ in
            var collections: [JSONValue] = []
            for layer in layers { collections.append(try await collection(layer, request)) }
            return Reply.json(.object([
                ("links", .array([Self.link(baseURL(request) + "/ogc/collections", "self", "application/json", "The collections")])),
                ("collections", .array(collections)),
            ]))
        }
        e.get("collections/{collectionId}", "One collection with its spatial and temporal extent",
              response: ResponseDoc("application/json", Schema.ref("Collection"))) { request, context, _ in
            Reply.json(try await collection(try find(context), request))
        }
        e.get("collections/{collectionId}/items", "Features of a collection, paged; bbox keeps features whose geometry meets the box",
              query: ["bbox", "bbox-crs", "datetime", "limit", "offset"],
              response: ResponseDoc("application/geo+json", Schema.ref("FeatureCollection"))) { request, context, caller in
            let layer = try find(context)
            if let crs = request.query("bbox-crs"), crs != Self.crs84 {
                throw Problem.badRequest("bbox-crs '\(crs)' is not supported: give bbox in lon/lat (\(Self.crs84)) and leave bbox-crs out")
            }
            let paging = try Paging(request, defaultLimit: Self.defaultLimit, maximumLimit: Self.maximumLimit, clampLimit: true)
            let limit = paging.limit, offset = paging.offset
            let query = LayerQuery(box: try Params.bbox(request), day: try Self.day(request, today: services.configuration.clock.today), offset: offset, limit: limit, personal: caller.personal)
            let page = try await layer.page(query)
            let base = baseURL(request)
            var links = [Self.link(base + Paging.url(request, replacing: "offset", with: String(offset)), "self", "application/geo+json", "This page"),
                         Self.link(base + "/ogc/collections/\(layer.id)", "collection", "application/json", layer.title)]
            if offset < page.matched - page.features.count {
                links.append(Self.link(base + Paging.url(request, replacing: "offset", with: String(paging.nextOffset)), "next", "application/geo+json", "Next page"))
            }
            return Self.featureCollection(page, links: links, at: services.configuration.clock.now)
        }
        e.get("collections/{collectionId}/items/{featureId}", "One feature", query: ["datetime"],
              response: ResponseDoc("application/geo+json", Schema.ref("Feature"))) { request, context, caller in
            let layer = try find(context), fid = try Params.path(context, "featureId")
            let query = LayerQuery(box: nil, day: try Self.day(request, today: services.configuration.clock.today), offset: 0, limit: 1, personal: caller.personal)
            guard var feature = try await layer.item(fid, query) else { throw Problem.notFound("no feature '\(fid)' in \(layer.id)") }
            if feature.id == nil { feature.id = .string(fid) }
            let encoded = GeoJSON.encode([feature])
            guard case .array(let features)? = try JSONValue.parse(encoded)["features"], let one = features.first,
                  case .object(var members) = one else { throw Problem(.internalServerError, "feature encoding failed") }
            let base = baseURL(request)
            members.append(("links", .array([
                Self.link(base + "/ogc/collections/\(layer.id)/items/\(fid)", "self", "application/geo+json", "This feature"),
                Self.link(base + "/ogc/collections/\(layer.id)", "collection", "application/json", layer.title),
            ])))
            return Reply.json(.object(members), contentType: "application/geo+json")
        }
        return e
    }

    static func link(_ href: String, _ rel: String, _ type: String, _ title: String) -> JSONValue {
        .object([("href", .string(href)), ("rel", .string(rel)), ("type", .string(type)), ("title", .string(title))])
    }

    /// A collection with its extent as the store reports it: the box of every feature, and the
    /// days it spans (open-ended while something is in force). An empty layer has no extent.
    static func collection(_ layer: FeatureLayer, extent: LayerExtent, base: String) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("id", .string(layer.id)), ("title", .string(layer.title)), ("description", .string(layer.description)),
            ("itemType", "feature"), ("crs", .array([.string(crs84)])),
        ]
        if let box = extent.box {
            var parts: [(key: String, value: JSONValue)] = [
                ("spatial", .object([("bbox", .array([.array([.double(box.minX), .double(box.minY), .double(box.maxX), .double(box.maxY)])])),
                                     ("crs", .string(crs84))])),
            ]
            if let start = extent.start {
                let end = extent.end.map { JSONValue.string("\($0)T00:00:00Z") } ?? .null
                parts.append(("temporal", .object([("interval", .array([.array([.string("\(start)T00:00:00Z"), end])])),
                                                   ("trs", .string(gregorian))])))
            }
            members.append(("extent", .object(parts)))
        }
        return .object(members + [
            ("links", .array([
                link(base + "/ogc/collections/\(layer.id)", "self", "application/json", layer.title),
                link(base + "/ogc/collections/\(layer.id)/items", "items", "application/geo+json", layer.title + " as GeoJSON"),
            ])),
        ])
    }

    /// The as-of day of OGC `datetime`: an instant (`2024-01-01`, `2024-01-01T00:00:00Z`) or the
    /// end of an interval; `today` (the service clock's) when absent or open-ended.
    static func day(_ request: Request, today: Day) throws -> Day {
        guard let text = request.query("datetime"), !text.isEmpty else { return today }
        do { return try QueryText.asOfDay(datetime: text) ?? today } catch { throw Problem.badRequest(error.description) }
    }

    /// A FeatureCollection with OGC members, spliced onto the GeoJSON encoder's bytes so large
    /// pages are not parsed again.
    static func featureCollection(_ page: LayerPage, links: [JSONValue], at moment: Timestamp) -> Response {
        var bytes = Array(GeoJSON.encode(page.features))
        precondition(bytes.last == UInt8(ascii: "}"), "GeoJSON.encode writes one object")
        bytes.removeLast()
        let extra: JSONValue = .object([
            ("numberMatched", .int(Int64(page.matched))), ("numberReturned", .int(Int64(page.features.count))),
            ("timeStamp", .string(moment.description)), ("links", .array(links)),
        ])
        var members = Array(extra.serialized().utf8)
        members.removeFirst()
        bytes.append(UInt8(ascii: ","))
        bytes += members
        return Reply.bytes(bytes, contentType: "application/geo+json")
    }
}
