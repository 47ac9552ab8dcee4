import Foundation
import HummingbirdCore
import HummingbirdTLS
import NIOSSL

/// The certificate chain and private key `serve --tls-cert/--tls-key` reads (PEM files).
public struct TLSFiles: Sendable {
    public var certificate: String
    public var key: String

    /// Names the two files.
    public init(certificate: String, key: String) {
        self.certificate = certificate
        self.key = key
    }

    /// The server's TLS configuration (TLS 1.2 and later).
    /// - Throws: `ServerSetupError` naming the file that is missing or not PEM.
    func configuration() throws -> TLSConfiguration {
        let chain: [NIOSSLCertificate], key: NIOSSLPrivateKey
        do { chain = try NIOSSLCertificate.fromPEMFile(certificate) } catch {
            throw ServerSetupError("--tls-cert \(certificate): not a readable PEM certificate (\(error))")
        }
        guard !chain.isEmpty else { throw ServerSetupError("--tls-cert \(certificate): no certificate in the file") }
        do { key = try NIOSSLPrivateKey(file: self.key, format: .pem) } catch {
            throw ServerSetupError("--tls-key \(self.key): not a readable PEM private key (\(error))")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        return configuration
    }
}

/// A service that cannot start as configured: says which option and why.
public struct ServerSetupError: Error, CustomStringConvertible, Sendable {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}

extension ServerConfiguration {
    /// HTTP/1.1, over TLS when a certificate is given.
    func serverBuilder() throws -> HTTPServerBuilder {
        guard let tls else { return .http1() }
        return try .tls(.http1(), tlsConfiguration: try tls.configuration())
    }

    /// `https` with a certificate, else `http`: the scheme of the links the service writes.
    public var scheme: String { tls == nil ? "http" : "https" }

    /// Why HTTP Basic sign-in is refused, or nil when it is allowed: passwords must not cross a
    /// network in clear text, so Basic needs TLS, a loopback address (a TLS proxy in front), or
    /// `allowBasicOverHTTP` (a TLS proxy on another machine, said explicitly).
    public var basicRefusal: String? {
        if tls != nil || allowBasicOverHTTP || Self.isLoopback(host) { return nil }
        return "HTTP Basic sign-in is off: the service listens on \(host) over plain HTTP, where passwords would cross the network "
            + "in clear text; start it with --tls-cert/--tls-key (or behind a TLS proxy with --allow-basic-over-http), or use bearer tokens"
    }

    /// True for 127.0.0.0/8, ::1 and localhost.
    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }
}
