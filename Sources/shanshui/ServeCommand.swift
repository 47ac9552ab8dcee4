import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Shanshui
import ShanshuiServer

/// `shanshui serve`: the HTTP service (REST API, OGC API Features, web map) until SIGINT/SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the HTTP service: REST API, OGC API - Features at /ogc, the web map at /.")

    @OptionGroup var workspace: WorkspaceOptions
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") var port = 8080
    @Flag(help: "Allow anonymous reads of public layers (without personal data).") var `public` = false
    @Option(help: "Log level: trace, debug, info, notice, warning, error.") var logLevel = "info"
    @Option(help: "Detection threads for scans started over HTTP.") var threads: Int?
    @Option(help: "Largest upload (boundary or patch file) in MB; a larger body is refused with 413 before it is held.") var maxUploadMb = 32
    @Option(help: "Serve HTTPS with this PEM certificate (chain); needs --tls-key.") var tlsCert: String?
    @Option(help: "The PEM private key of --tls-cert.") var tlsKey: String?
    @Flag(help: "Accept HTTP Basic sign-in over plain HTTP on a non-loopback --host (only behind a TLS proxy).")
    var allowBasicOverHttp = false
    @Flag(help: "Do not run a notification worker in the service (run `shanshui notify` elsewhere).") var noNotify = false
    @OptionGroup(title: "Notifications") var notify: NotifyOptions
    @Option(help: "Public base URL of absolute links (OGC API), e.g. https://gis.example.cn/shanshui; default from --host and --port.")
    var baseUrl: String?
    @Option(help: "Web sign-in: a session unused this many minutes ends.") var sessionIdleMinutes = 120
    @Option(help: "Web sign-in: a session ends this many hours after sign-in, however busy.") var sessionHours = 12
    @Option(help: "Web sign-in: this many wrong passwords within 15 minutes lock the user name.") var lockoutFailures = 5
    @Option(help: "Web sign-in: how long a lockout lasts, minutes.") var lockoutMinutes = 15

    func run() async throws {
        try await reportingFailure {
            guard (0...65535).contains(port) else { throw ValidationError("--port must lie in 0…65535") }
            guard let level = Logger.Level(rawValue: logLevel) else { throw ValidationError("unknown --log-level '\(logLevel)'") }
            var config = ServerConfiguration(databasePath: workspace.path, evidenceDirectory: workspace.evidenceDirectory)
            config.clock = try workspace.clock
            config.host = host
            config.port = port
            config.isPublic = `public`
            config.logLevel = level
            config.scanThreads = threads
            guard (1...1024).contains(maxUploadMb) else { throw ValidationError("--max-upload-mb must be 1 to 1024") }
            config.maxUploadBytes = maxUploadMb << 20
            switch (tlsCert, tlsKey) {
            case let (cert?, key?): config.tls = TLSFiles(certificate: cert, key: key)
            case (nil, nil): break
            default: throw ValidationError("--tls-cert and --tls-key go together: give both PEM files, or neither for plain HTTP")
            }
            config.allowBasicOverHTTP = allowBasicOverHttp
            guard sessionIdleMinutes >= 1, sessionHours >= 1, lockoutFailures >= 1, lockoutMinutes >= 1 else {
                throw ValidationError("--session-idle-minutes, --session-hours, --lockout-failures and --lockout-minutes must be at least 1")
            }
            config.signIn.idleSeconds = Int64(sessionIdleMinutes) * 60
            config.signIn.absoluteSeconds = Int64(sessionHours) * 3600
            config.signIn.maximumFailures = lockoutFailures
            config.signIn.coolDownSeconds = Int64(lockoutMinutes) * 60
            if let baseUrl {
                guard let url = URL(string: baseUrl), ["http", "https"].contains(url.scheme ?? ""), url.host != nil, url.query == nil else {
                    throw ValidationError("--base-url '\(baseUrl)' must be an http:// or https:// URL with a host, e.g. https://gis.example.cn/shanshui")
                }
                config.baseURL = baseUrl
            }
            let host = host, isPublic = `public`, path = workspace.redactedPath, scheme = config.scheme
            let store = try workspace.open()
            let clock = config.clock
            // The outbox worker runs beside the service unless told not to; it stops with it.
            let worker = noNotify ? nil : try notify.worker(store, clock: config.clock)
            let notifier = worker.map { w in
                Task { _ = try? await w.run(poll: 2) { printError("notify: \($0)") } }
            }
            // Listings only read: long-overdue cases are escalated here, at start and hourly (recorded in their history).
            let escalation = Task {
                while !Task.isCancelled {
                    do {
                        let escalated = try await Ledger(store: store, clock: clock).escalateOverdue()
                        if !escalated.isEmpty { printError("shanshui: escalated \(escalated.count) overdue case(s) to supervised listing") }
                    } catch {
                        printError("escalation: \(error)")
                    }
                    try? await Task.sleep(for: .seconds(3600))
                }
            }
            defer { notifier?.cancel(); escalation.cancel() }
            let app = try buildApplication(configuration: config, store: store) { port in
                printError("shanshui: serving \(path) on \(scheme)://\(host):\(port)/ (OGC API at /ogc\(isPublic ? ", public reads on" : ""))")
            }
            do {
                try await app.runService()
            } catch {
                if let message = BindFailure.message(error, host: host, port: port) { throw ValidationError(message) }
                throw error
            }
        }
    }
}
