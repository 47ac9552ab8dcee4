import Foundation
import GeoKit
import Hummingbird
import Shanshui

/// `/api/v1/exports/{layer}`: whole layers as files (GeoJSON, GeoPackage, CSV) through the same
/// vector writer as `shanshui export`. Personal fields are left out for anonymous callers.
struct ExportsController {
    let services: Services

    static let formats: [String: (ext: String, type: String)] = [
        "geojson": ("geojson", "application/geo+json"), "gpkg": ("gpkg", "application/geopackage+sqlite3"), "csv": ("csv", "text/csv"),
    ]

    var endpoints: Endpoints {
        let e = Endpoints(prefix: "/api/v1/exports", tag: "exports", publicMode: services.configuration.isPublic)
        let layers = FeatureLayer.all(services)
        e.get("{layer}", "A whole layer as a file: format=geojson|gpkg|csv", query: ["format", "as_of"]) { request, context, caller in
            let id = try Params.path(context, "layer")
            guard let layer = layers.first(where: { $0.id == id }) else {
                throw Problem.notFound("no layer '\(id)'; layers: \(layers.map(\.id).joined(separator: ", "))")
            }
            let name = request.query("format") ?? "geojson"
            guard let format = Self.formats[name] else {
                throw Problem.badRequest("format '\(name)' is not one of \(Self.formats.keys.sorted().joined(separator: ", "))")
            }
            var features: [Feature] = []
            var query = LayerQuery(box: nil, day: try Params.day(request, today: services.configuration.clock.today), offset: 0, limit: 10_000, personal: caller.personal)
            while true {
                let page = try await layer.page(query)
                features += page.features
                if page.features.count < query.limit { break }
                query.offset += query.limit
            }
            let data = try await Self.file(features, ext: format.ext)
            return Reply.bytes(data, contentType: format.type,
                               headers: [.contentDisposition: "attachment; filename=\"\(id).\(format.ext)\""])
        }
        return e
    }

    /// The bytes of `features` written as a file of this extension by the vector writer (a
    /// temporary file, removed afterwards), off the event loop.
    static func file(_ features: [Feature], ext: String, layerName: String? = nil, options: VectorSink.Options = VectorSink.Options()) async throws -> Data {
        try await BlockingExecutor.run {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("shanshui-export-\(UUID().uuidString).\(ext)")
            defer { try? FileManager.default.removeItem(at: url) }
            try VectorSink.write(features, to: url.path, layerName: layerName, options: options)
            return try Data(contentsOf: url)
        }
    }
}
