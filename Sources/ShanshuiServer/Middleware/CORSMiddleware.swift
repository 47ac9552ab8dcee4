import Hummingbird

/// Cross-origin reads for browser map clients (OpenLayers, Leaflet, geojson.io on other sites):
/// every GET and HEAD answer carries `Access-Control-Allow-Origin: *`, and preflights for GET and
/// HEAD are answered. Writes get no CORS headers, and preflights do not allow `Authorization`,
/// so a page on another site cannot act with someone's credentials; anonymous cross-origin
/// callers read only what anonymous callers may read anyway.
struct CORSMiddleware<Context: RequestContext>: RouterMiddleware {
    static var readMethods: String { "GET, HEAD, OPTIONS" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.method == .options {
            return Self.preflight(request)
        }
        var response = try await next(request, context)
        if request.method == .get || request.method == .head {
            response.headers[.accessControlAllowOrigin] = "*"
            response.headers[.accessControlExposeHeaders] = "ETag, Link, Location"
        }
        return response
    }

    /// 204 allowing GET and HEAD from any origin; any other method is not allowed cross-origin.
    static func preflight(_ request: Request) -> Response {
        var headers: HTTPFields = [.allow: readMethods]
        let asked = request.headers[.accessControlRequestMethod]?.uppercased()
        if asked == nil || asked == "GET" || asked == "HEAD" {
            headers[.accessControlAllowOrigin] = "*"
            headers[.accessControlAllowMethods] = readMethods
            headers[.accessControlAllowHeaders] = "Accept, Accept-Language, Content-Type, If-None-Match"
            headers[.accessControlMaxAge] = "86400"
        }
        return Response(status: .noContent, headers: headers)
    }
}
