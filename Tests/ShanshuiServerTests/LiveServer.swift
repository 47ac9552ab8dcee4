import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GeoKit
import Hummingbird
import Shanshui
import ShanshuiServer
import ShanshuiStore
import ShanshuiTestSupport
import Testing

/// The live servers' tasks run on a thread of their own: tests that block the cooperative pool with
/// long synchronous work (detection, scene generation) run beside them and must not starve them.
final class ServerExecutor: TaskExecutor, @unchecked Sendable {
    static let shared = ServerExecutor()
    private let queue = DispatchQueue(label: "shanshui.test.live-server")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

/// A real server on 127.0.0.1 and a free port over a workspace, talked to over loopback HTTP.
struct LiveServer {
    let base: URL
    let store: SpatiaLiteStore

    /// Starts a server over the workspace at `db`, runs `body`, then shuts the server down.
    static func with<T: Sendable>(db: String, evidence: String? = nil, isPublic: Bool = false,
                                  configure: (inout ServerConfiguration) -> Void = { _ in },
                                  _ body: @Sendable (LiveServer) async throws -> T) async throws -> T {
        var config = ServerConfiguration(databasePath: db, evidenceDirectory: evidence)
        config.port = 0
        config.isPublic = isPublic
        config.logLevel = .warning
        config.scanThreads = 2
        configure(&config)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = try buildApplication(configuration: config) { port in continuation.yield(port) }
        let task = Task(executorPreference: ServerExecutor.shared) { try await app.runService(gracefulShutdownSignals: []) }
        defer { task.cancel() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw Problem(.internalServerError, "server did not start") }
        let server = LiveServer(base: URL(string: "\(config.scheme)://127.0.0.1:\(port)")!, store: try SpatiaLiteStore(path: db))
        let result = try await body(server)
        task.cancel()
        _ = await task.result
        return result
    }

    /// A fresh empty workspace in `dir`.
    static func workspace(in dir: URL) throws -> String {
        let db = dir.appendingPathComponent("ws.db").path
        _ = try SpatiaLiteStore(path: db, create: true)
        return db
    }

    /// A token secret with `role`.
    func token(_ role: Role, name: String? = nil) async throws -> String {
        try await TokenService(store: store).create(name: name ?? "\(role.rawValue) tester", role: role).secret
    }

    /// A user with `role` and the `Authorization: Basic` header value that signs in as them.
    func basicUser(_ role: Role, name: String? = nil) async throws -> (name: String, password: String, header: String) {
        let name = name ?? "\(role.rawValue).user", password = "pass-\(UUID().uuidString.prefix(8))"
        try await Accounts(store: store).add(name: name, role: role, password: password)
        return (name, password, "Basic " + Data("\(name):\(password)".utf8).base64EncodedString())
    }

    /// An HTTP answer.
    struct Answer {
        var status: Int
        /// Header fields by lowercased name.
        var headers: [String: String]
        var body: Data
        /// The body as JSON (null when it is not JSON).
        var json: JSONValue { (try? JSONValue.parse(Array(body))) ?? .null }
        func header(_ name: String) -> String? {
            headers.first { $0.key.lowercased() == name.lowercased() }?.value
        }
        /// True for an RFC 9457 problem document with this status.
        var isProblem: Bool {
            header("Content-Type")?.hasPrefix("application/problem+json") == true && json["status"]?.intValue == Int64(status)
        }
    }

    /// The HTTP client: it keeps no cookies, so each test sends exactly the cookies it means to
    /// (servers on other ports share 127.0.0.1, and browsers' cookies ignore the port), and no
    /// cache, so 304 and 206 reach the test as the server sent them.
    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalAndRemoteCacheData
        return URLSession(configuration: configuration)
    }()

    /// Sends a request to a path (or a full URL from a link), past any client-side cache; the
    /// answer's header names are lowercased. It waits up to 300 s: a loaded 2-core machine can
    /// stall a loopback answer past URLSession's 60 s.
    func send(_ method: String = "GET", _ path: String, token: String? = nil, headers: [String: String] = [:],
              body: Data? = nil, contentType: String = "application/json") async throws -> Answer {
        try await Self.send(to: base, method, path, token: token, headers: headers, body: body, contentType: contentType)
    }

    /// Sends a request to a path of the server at `base` (any store's), or to a full URL from a link.
    static func send(to base: URL, _ method: String = "GET", _ path: String, token: String? = nil, headers: [String: String] = [:],
                     body: Data? = nil, contentType: String = "application/json") async throws -> Answer {
        let url = path.hasPrefix("http") ? URL(string: path)! : URL(string: base.absoluteString + path)!
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalAndRemoteCacheData)
        request.httpMethod = method
        request.timeoutInterval = 300
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        if let body {
            request.httpBody = body
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await Self.session.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        var fields: [String: String] = [:]
        for (k, v) in http.allHeaderFields { fields[String(describing: k).lowercased()] = String(describing: v) }
        return Answer(status: http.statusCode, headers: fields, body: data)
    }

    /// Sends a JSON body.
    func send(_ method: String, _ path: String, token: String? = nil, headers: [String: String] = [:], json: JSONValue) async throws -> Answer {
        try await send(method, path, token: token, headers: headers, body: json.serializedData())
    }
}
