import Foundation
import Hummingbird
import Logging
import Shanshui

/// How to run the service.
public struct ServerConfiguration: Sendable {
    public var host: String = "127.0.0.1"
    /// 0 picks a free port (tests); `onServerRunning` tells which.
    public var port: Int = 8080
    /// The workspace database.
    public var databasePath: String
    /// Where case evidence (chips, photos) is kept.
    public var evidenceDirectory: String
    /// Where epoch imagery map tiles are cached (`EpochTiles`).
    public var tileDirectory: String
    /// Anonymous reads of public layers (without personal data).
    public var isPublic = false
    /// Largest upload (protected-area import), bytes.
    public var maxUploadBytes = 32 << 20
    /// Largest JSON request body, bytes.
    public var maxBodyBytes = 1 << 20
    /// Where Leaflet is (Debian's libjs-leaflet).
    public var leafletDirectory = "/usr/share/javascript/leaflet"
    /// Detection threads for scans started over HTTP.
    public var scanThreads: Int?
    public var logLevel: Logger.Level = .info
    /// Serve HTTPS with this certificate chain and private key (PEM files).
    public var tls: TLSFiles?
    /// Accept HTTP Basic sign-in over plain HTTP on a non-loopback address (behind a TLS proxy).
    public var allowBasicOverHTTP = false
    /// The public address links are built from (`serve --base-url`, e.g. `https://gis.example.cn/shanshui`);
    /// when nil, the bind address. Never the request's Host header, which any caller can set.
    public var baseURL: String?
    /// Where "now" comes from: the system clock, or a fixed one in tests (event times, today's day).
    public var clock: WallClock = .system
    /// Web sign-in limits: session idle and absolute lifetimes, lockout after failed passwords.
    public var signIn = SignInPolicy()

    /// The `scheme://host[:port][/path]` that absolute links start with: `baseURL` without its
    /// trailing slash, else the bind address and the bound port (a wildcard host as this machine's name).
    public func linkBase(boundPort: Int) -> String {
        if let baseURL { return baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL }
        var name = host == "0.0.0.0" || host == "::" || host.isEmpty ? ProcessInfo.processInfo.hostName : host
        if name.contains(":") { name = "[\(name)]" }
        return "\(scheme)://\(name):\(boundPort)"
    }

    /// A configuration for the workspace at `databasePath`, with evidence beside it.
    public init(databasePath: String, evidenceDirectory: String? = nil) {
        self.databasePath = databasePath
        let url = URL(fileURLWithPath: databasePath)
        self.evidenceDirectory = evidenceDirectory ?? url.deletingLastPathComponent()
            .appendingPathComponent(url.deletingPathExtension().lastPathComponent + "-evidence").path
        tileDirectory = EpochTiles.directory(besideEvidence: self.evidenceDirectory)
    }
}

/// Builds the service: opens the workspace, builds the router, binds the address.
/// - Parameters:
///   - configuration: Host, port, workspace and limits.
///   - store: the open workspace; the SpatiaLite file at `configuration.databasePath` when nil.
///   - onServerRunning: Called with the bound port once the server listens.
/// - Returns: The application; `runService()` runs it until SIGINT/SIGTERM, then shuts down gracefully.
public func buildApplication(configuration: ServerConfiguration, store: (any WorkspaceStore)? = nil,
                             onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) throws -> some ApplicationProtocol {
    var logger = Logger(label: "shanshui")
    logger.logLevel = configuration.logLevel
    let services = try store.map { try Services(configuration: configuration, store: $0, logger: logger) }
        ?? Services(configuration: configuration, logger: logger)
    let router = buildRouter(services)
    if let refusal = configuration.basicRefusal { logger.warning("\(refusal)") }
    return Application(
        router: router,
        server: try configuration.serverBuilder(),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "shanshui"),
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? configuration.port
            services.boundPort.store(port, ordering: .relaxed)
            await onServerRunning(port)
        },
        logger: logger)
}

/// The router with every controller, the middleware stack (metrics → CORS → problems → logs →
/// 405 for unserved methods → auth)
/// and the service endpoints (`/healthz`, `/metrics`, the OpenAPI documents).
public func buildRouter(_ services: Services) -> Router<ShanshuiRequestContext> {
    let router = Router(context: ShanshuiRequestContext.self)
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: CORSMiddleware())
    router.add(middleware: ProblemMiddleware())
    router.add(middleware: AccessLogMiddleware())
    let document = DocumentHolder()
    let controllers = allEndpoints(services, document: document)
    router.add(middleware: MethodsMiddleware(controllers.flatMap(\.docs)))
    router.add(middleware: AuthMiddleware(tokens: services.tokens, basic: services.basic, signIns: services.signIns,
                                         configuration: services.configuration))
    document.set(OpenAPIDocument(endpoints: controllers.flatMap(\.docs)))
    for endpoints in controllers { router.add(endpoints) }
    return router
}

/// Every controller's endpoints, in the order the OpenAPI document lists them.
func allEndpoints(_ services: Services, document: DocumentHolder) -> [Endpoints] {
    let service = Endpoints(prefix: "", tag: "service", publicMode: true)
    service.get("healthz", "Liveness: answers while the service runs", access: .open) { _, _, _ in Reply.json(.object([("status", "ok")])) }
    service.get("metrics", "Prometheus metrics: requests, latencies, scans running, cases by status and overdue, outbox backlog", access: .open) { _, _, _ in
        let text = try await services.metrics.exposition(store: services.store, scansRunning: services.scans.count,
                                                               today: services.configuration.clock.today)
        return Reply.bytes(Array(text.utf8), contentType: "text/plain; version=0.0.4")
    }
    service.get("api/v1/openapi.json", "This OpenAPI 3.1 document", access: .open) { _, _, _ in
        Reply.json(document.get().json(version: "3.1.0"), contentType: "application/vnd.oai.openapi+json;version=3.1")
    }
    return [service, SessionController(services: services).endpoints, MyCasesController(services: services).endpoints, ProtectedAreasController(services: services).endpoints,
            ScansController(services: services).endpoints, CasesController(services: services).endpoints,
            GridController(services: services).endpoints, ExportsController(services: services).endpoints,
            OGCFeaturesController(services: services).endpoints, MapPageController(services: services).endpoints,
            PatchImportsController(services: services).endpoints, TilesController(services: services).endpoints,
            WebAppController(services: services).endpoints, CasePhotosController(services: services).endpoints,
            DeskController(services: services).endpoints]
}
