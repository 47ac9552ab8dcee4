import Foundation
import Hummingbird

/// `/app/`: the web app for the people who work the cases (sign-in, my cases, case page, offline
/// queue). Its files are plain HTML, JavaScript and CSS kept in the `WebApp` resource folder (no build
/// step, nothing from the internet); Leaflet is the map page's, from Debian's libjs-leaflet.
struct WebAppController {
    let services: Services

    var endpoints: Endpoints {
        let e = Endpoints(prefix: "", tag: "app", publicMode: services.configuration.isPublic)
        let folder = FileFolder(Self.root, mediaTypes: Self.types)
        e.get("app", "The web app's page (at /app/; the page moves itself there from /app)", access: .open) { request, context, _ in
            try await Self.file(folder, "index.html", request, context)
        }
        e.get("app/{file}", "A file of the web app", access: .open) { request, context, _ in
            try await Self.file(folder, try Params.path(context, "file"), request, context)
        }
        return e
    }

    /// The resource folder holding the app's files.
    static let root = Bundle.module.resourceURL!.appendingPathComponent("WebApp").path
    static let types = ["html": "text/html; charset=utf-8", "js": "text/javascript; charset=utf-8",
                        "css": "text/css; charset=utf-8", "json": "application/json", "webmanifest": "application/manifest+json",
                        "svg": "image/svg+xml", "png": "image/png"]

    /// One file of the folder by plain name (ETag, 304); the service worker is never cached by HTTP.
    static func file(_ folder: FileFolder, _ name: String, _ request: Request, _ context: ShanshuiRequestContext) async throws -> Response {
        let missing = Problem.notFound("the web app has no file '\(name)'")
        guard !name.hasPrefix("."), !name.contains("/"), types[(name as NSString).pathExtension] != nil else { throw missing }
        var response = try await folder.response(name, to: request, context: context, missing: missing)
        response.headers[.cacheControl] = "no-cache"
        return response
    }
}
