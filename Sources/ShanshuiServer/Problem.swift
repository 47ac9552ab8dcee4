import Foundation
import GeoKit
import Hummingbird
import Shanshui
import ShanshuiStore

/// An RFC 9457 problem document (`application/problem+json`): the one shape every error takes.
public struct Problem: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    /// A short, stable summary of the problem type.
    public var title: String
    /// What was wrong in this request and what to do.
    public var detail: String
    /// Extra members (e.g. `current_revision`, `allowed`).
    public var extra: [(key: String, value: JSONValue)] = []
    /// Extra response headers (`WWW-Authenticate`, `ETag`).
    public var headers: HTTPFields = [:]

    /// Makes a problem.
    public init(_ status: HTTPResponse.Status, _ detail: String, title: String? = nil) {
        self.status = status
        self.detail = detail
        self.title = title ?? status.reasonPhrase
    }

    /// 400 Bad Request.
    public static func badRequest(_ detail: String) -> Problem { Problem(.badRequest, detail) }
    /// 404 Not Found.
    public static func notFound(_ detail: String) -> Problem { Problem(.notFound, detail) }

    /// 503 with Retry-After: the store stayed locked past the wait; nothing was written.
    static func busy(_ detail: String) -> Problem {
        var p = Problem(.serviceUnavailable, detail, title: "Busy")
        p.headers[.retryAfter] = "2"
        return p
    }

    /// The problem as JSON.
    public var document: JSONValue {
        .object([("type", "about:blank"), ("title", .string(title)), ("status", .int(Int64(status.code))),
                 ("detail", .string(detail))] + extra)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var fields = headers
        fields[.contentType] = "application/problem+json"
        var body = document
        if case .object(var members) = body {
            members.append(("instance", .string(request.uri.path)))
            body = .object(members)
        }
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: Array(body.serialized().utf8))))
    }

    /// The problem any error means: domain errors by kind, stale cases as 412, bad JSON and
    /// GeoJSON as 400, unreadable input files as 422, a store locked past its wait as 503 with
    /// Retry-After (and a database server that cannot be reached), Hummingbird's own errors by their status, anything else as 500.
    public static func from(_ error: any Error) -> Problem {
        switch error {
        case let p as Problem: return p
        case let e as DomainError:
            switch e {
            case .notFound(let m): return Problem(.notFound, m)
            case .conflict(let m): return Problem(.conflict, m)
            case .invalidValue(let m), .invalidInput(let m): return Problem(.unprocessableContent, m)
            }
        case let e as StaleCaseError:
            var p = Problem(.preconditionFailed, e.description, title: "Stale revision")
            p.extra = [("current_revision", .int(Int64(e.actual)))]
            p.headers[.eTag] = "\"\(e.actual)\""
            return p
        case let e as JSONError: return Problem(.badRequest, "request body: \(e)", title: "Malformed JSON")
        case let e as GeoJSONError: return Problem(.badRequest, "request body: \(e)", title: "Invalid GeoJSON")
        case let e as HTTPError: return Problem(e.status, e.body ?? e.status.reasonPhrase)
        case let e as any HTTPResponseError:
            let detail = e.status == .contentTooLarge ? "the request body is larger than this endpoint accepts" : e.status.reasonPhrase
            return Problem(e.status, detail)
        case let e as GDALError: return Problem(.unprocessableContent, "\(e)")
        case let e as DetectionError: return Problem(.unprocessableContent, "\(e)")
        case let e as StoreError:
            switch e {
            case .constraint(let m): return Problem(.conflict, m)
            case .busy(let m), .unavailable(let m): return busy(m)
            default: return Problem(.internalServerError, "\(e)")
            }
        default:
            if case .busy(let m)? = SpatiaLiteStore.busy(error) { return busy(m) }
            return Problem(.internalServerError, "\(error)")
        }
    }
}

/// Turns every error thrown below it into a problem document, so no response is a bare 500.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem = Problem.from(error)
            if problem.status.code >= 500 { context.logger.error("\(request.method) \(request.uri.path): \(error)") }
            return try problem.response(from: request, context: context)
        }
    }
}
