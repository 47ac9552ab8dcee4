import Foundation
import NIOCore

/// A failure to listen, told the way a user can act on it ("port 8080 is in use"), instead of
/// NIO's `bind(descriptor:ptr:bytes:)` text.
public enum BindFailure {
    /// One line for a listen error on `host:port`, or nil when `error` is not one.
    public static func message(_ error: any Error, host: String, port: Int) -> String? {
        guard let io = error as? IOError else { return nil }
        switch io.errnoCode {
        case EADDRINUSE:
            return "port \(port) is in use on \(host): stop the program listening there or pick another with --port"
        case EACCES:
            return "not allowed to listen on port \(port) of \(host): ports below 1024 need privileges; pick another with --port"
        case EADDRNOTAVAIL:
            return "\(host) is not an address of this machine: give one of its addresses with --host"
        default:
            return nil
        }
    }
}
