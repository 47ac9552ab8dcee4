import Foundation
import Hummingbird
import Logging

/// One folder of files served through Hummingbird's `FileMiddleware` (and its `FileIO`): ETag and
/// Last-Modified, `Range` (206), HEAD, and `If-None-Match` / `If-Modified-Since` (304), streamed
/// from disk. A route calls it once it has decided which file the request names and that the
/// caller may have it, so evidence stays behind the same access rules as the rest of the API.
struct FileFolder: Sendable {
    let files: FileMiddleware<ShanshuiRequestContext, LocalFileSystem>

    /// Files under `root`; `maxAge` (seconds) makes them cacheable by browsers; `mediaTypes` adds or
    /// overrides media types by file extension.
    init(_ root: String, maxAge: Int? = nil, mediaTypes: [String: String] = [:]) {
        var logger = Logger(label: "shanshui.files")
        logger.logLevel = .warning
        let cache = maxAge.map { CacheControl([(MediaType(type: .any), [CacheControl.CacheControlValue.maxAge($0)])]) } ?? CacheControl([])
        files = FileMiddleware(root, cacheControl: cache, logger: logger)
            .withAdditionalMediaTypes(forFileExtensions: mediaTypes.compactMapValues { MediaType(from: $0) })
    }

    /// The file at `relativePath` (plain names checked by the caller) answered to `request` (GET or HEAD).
    /// - Throws: `missing` when there is no such file.
    func response(_ relativePath: String, to request: Request, context: ShanshuiRequestContext,
                  missing: @autoclosure () -> Problem) async throws -> Response {
        var head = request.head
        head.path = "/" + (relativePath.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? relativePath)
        // FileMiddleware names the route "FileMiddleware"; metrics keep counting under the API's route pattern.
        let route = context.coreContext.endpointPath.value
        defer { context.coreContext.endpointPath.value = route }
        let response: Response
        do {
            response = try await files.handle(Request(head: head, body: request.body), context: context) { _, _ in
                throw HTTPError(.notFound)
            }
        } catch let error as HTTPError where error.status == .notFound {
            throw missing()
        }
        // A folder is answered with a redirect to its index: only files are served here.
        guard response.status.kind != .redirection || response.status == .notModified else { throw missing() }
        return response
    }
}
