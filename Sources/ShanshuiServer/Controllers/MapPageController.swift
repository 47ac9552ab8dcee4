import Foundation
import Hummingbird

/// `/`: the web map (Leaflet from Debian's libjs-leaflet, served here: nothing from the internet).
struct MapPageController {
    let services: Services

    var endpoints: Endpoints {
        let e = Endpoints(prefix: "", tag: "map", publicMode: services.configuration.isPublic)
        let leaflet = services.configuration.leafletDirectory
        e.get("", "The web map page", access: .open) { _, _, _ in
            Reply.bytes(Array(MapPage.html.utf8), contentType: "text/html; charset=utf-8")
        }
        e.get("map/app.js", "The web map's script", access: .open) { _, _, _ in
            Reply.bytes(Array(MapPage.script.utf8), contentType: "text/javascript; charset=utf-8")
        }
        e.get("map/leaflet/{file}", "Leaflet (libjs-leaflet)", access: .open) { _, context, _ in
            try Self.file(leaflet, try Params.path(context, "file"))
        }
        e.get("map/leaflet/images/{file}", "Leaflet's images", access: .open) { _, context, _ in
            try Self.file(leaflet + "/images", try Params.path(context, "file"))
        }
        return e
    }

    static let types = ["js": "text/javascript", "css": "text/css", "png": "image/png", "svg": "image/svg+xml", "map": "application/json"]

    /// A file of the Leaflet folder; names only, never paths.
    static func file(_ directory: String, _ name: String) throws -> Response {
        guard !name.contains("/"), !name.hasPrefix("."), let type = types[(name as NSString).pathExtension],
              let data = FileManager.default.contents(atPath: directory + "/" + name) else {
            throw Problem.notFound("no file '\(name)' (Leaflet comes from Debian's libjs-leaflet: run scripts/setup)")
        }
        return Reply.bytes(data, contentType: type, headers: [.cacheControl: "max-age=3600"])
    }
}
