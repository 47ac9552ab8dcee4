import Foundation
import Hummingbird

/// `/`: the web map (Leaflet from Debian's libjs-leaflet, served here: nothing from the internet).
struct MapPageController {
    let services: Services

    var endpoints: Endpoints {
        let e = Endpoints(prefix: "", tag: "map", publicMode: services.configuration.isPublic)
        let leaflet = FileFolder(services.configuration.leafletDirectory, maxAge: 3600, mediaTypes: Self.types)
        e.get("", "The web map page", access: .open) { _, _, _ in
            Reply.bytes(Array(MapPage.html.utf8), contentType: "text/html; charset=utf-8")
        }
        e.get("map/app.js", "The web map's script", access: .open) { _, _, _ in
            Reply.bytes(Array(MapPage.script.utf8), contentType: "text/javascript; charset=utf-8")
        }
        e.get("map/leaflet/{file}", "Leaflet (libjs-leaflet)", access: .open) { request, context, _ in
            try await Self.file(leaflet, try Params.path(context, "file"), request, context)
        }
        e.get("map/leaflet/images/{file}", "Leaflet's images", access: .open) { request, context, _ in
            try await Self.file(leaflet, "images/" + (try Params.path(context, "file")), request, context)
        }
        return e
    }

    static let types = ["js": "text/javascript", "css": "text/css", "png": "image/png", "svg": "image/svg+xml", "map": "application/json"]

    /// A file of the Leaflet folder (ETag, Range, 304); names of the types above only, never paths.
    static func file(_ leaflet: FileFolder, _ path: String, _ request: Request, _ context: ShanshuiRequestContext) async throws -> Response {
        let name = (path as NSString).lastPathComponent
        let missing = Problem.notFound("no file '\(name)' (Leaflet comes from Debian's libjs-leaflet: run scripts/setup)")
        guard !name.hasPrefix("."), !name.contains("/"), types[(name as NSString).pathExtension] != nil else { throw missing }
        return try await leaflet.response(path, to: request, context: context, missing: missing)
    }
}
