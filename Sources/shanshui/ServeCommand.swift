import ArgumentParser
import Foundation
import Hummingbird
import Logging
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
    @Option(help: "Serve HTTPS with this PEM certificate (chain); needs --tls-key.") var tlsCert: String?
    @Option(help: "The PEM private key of --tls-cert.") var tlsKey: String?
    @Flag(help: "Accept HTTP Basic sign-in over plain HTTP on a non-loopback --host (only behind a TLS proxy).")
    var allowBasicOverHttp = false

    func run() async throws {
        try await reportingFailure {
            guard (0...65535).contains(port) else { throw ValidationError("--port must lie in 0…65535") }
            guard let level = Logger.Level(rawValue: logLevel) else { throw ValidationError("unknown --log-level '\(logLevel)'") }
            var config = ServerConfiguration(databasePath: workspace.path, evidenceDirectory: workspace.evidenceDirectory)
            config.host = host
            config.port = port
            config.isPublic = `public`
            config.logLevel = level
            config.scanThreads = threads
            switch (tlsCert, tlsKey) {
            case let (cert?, key?): config.tls = TLSFiles(certificate: cert, key: key)
            case (nil, nil): break
            default: throw ValidationError("--tls-cert and --tls-key go together: give both PEM files, or neither for plain HTTP")
            }
            config.allowBasicOverHTTP = allowBasicOverHttp
            let host = host, isPublic = `public`, path = workspace.redactedPath, scheme = config.scheme
            let app = try buildApplication(configuration: config, store: try workspace.open()) { port in
                printError("shanshui: serving \(path) on \(scheme)://\(host):\(port)/ (OGC API at /ogc\(isPublic ? ", public reads on" : ""))")
            }
            try await app.runService()
        }
    }
}
