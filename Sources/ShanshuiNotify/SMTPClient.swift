import Foundation
import Shanshui
#if canImport(Glibc)
import Glibc
#endif

/// One plain-text email: UTF-8, subject in RFC 2047, body base64, the notice id in `Message-ID`
/// and `X-Shanshui-Id` so a mailbox rule (or a person) can spot repeats.
struct SMTPMessage: Sendable {
    var from: String
    var to: String
    var subject: String
    var text: String
    var id: String
    /// The `Date:` header's moment (the worker's clock).
    var date: Timestamp

    /// The message as sent after DATA (CRLF lines, dot-stuffing unneeded: base64 never starts a line with '.').
    var data: String {
        let subject = "=?UTF-8?B?\(Data(self.subject.utf8).base64EncodedString())?="
        let body = Data(text.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_US_POSIX")
        format.timeZone = TimeZone(identifier: "UTC")
        format.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let sent = format.string(from: Date(timeIntervalSince1970: TimeInterval(date.secondsSince1970)))
        return ["From: <\(from)>", "To: <\(to)>", "Subject: \(subject)", "Date: \(sent)",
                "Message-ID: <\(id)@shanshui>", "X-Shanshui-Id: \(id)", "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: base64", "", body].joined(separator: "\r\n")
    }
}

/// A small SMTP client: one connection per message, EHLO, MAIL FROM, RCPT TO, DATA, QUIT, each
/// reply checked. Plain TCP, no STARTTLS or AUTH: use a relay on the same host or a trusted network.
enum SMTPClient {
    /// Sends `message` through the server, blocking the calling thread.
    /// - Throws: `DeliveryError` naming the step and the server's reply.
    static func send(_ message: SMTPMessage, host: String, port: Int, timeout: Double) throws {
        let connection = try Connection(host: host, port: port, timeout: timeout)
        defer { connection.close() }
        try connection.expect(220, after: nil)
        try connection.expect(250, after: "EHLO shanshui")
        try connection.expect(250, after: "MAIL FROM:<\(message.from)>")
        try connection.expect(250, after: "RCPT TO:<\(message.to)>", alsoOK: 251)
        try connection.expect(354, after: "DATA")
        try connection.expect(250, after: message.data + "\r\n.")
        try? connection.expect(221, after: "QUIT")
    }

    /// A TCP connection reading SMTP replies line by line.
    final class Connection {
        private let fd: Int32
        private let server: String
        private var buffer: [UInt8] = []

        init(host: String, port: Int, timeout: Double) throws {
            server = "\(host):\(port)"
            var hints = addrinfo()
            hints.ai_family = AF_UNSPEC
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            var list: UnsafeMutablePointer<addrinfo>?
            guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
                throw DeliveryError("SMTP \(host):\(port): cannot resolve the host")
            }
            defer { freeaddrinfo(list) }
            var at: UnsafeMutablePointer<addrinfo>? = first
            var connected: Int32 = -1
            while let a = at, connected < 0 {
                let s = socket(a.pointee.ai_family, a.pointee.ai_socktype, a.pointee.ai_protocol)
                if s >= 0 {
                    var tv = timeval(tv_sec: Int(timeout), tv_usec: 0)
                    setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
                    setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
                    if connect(s, a.pointee.ai_addr, a.pointee.ai_addrlen) == 0 { connected = s } else { Glibc.close(s) }
                }
                at = a.pointee.ai_next
            }
            guard connected >= 0 else { throw DeliveryError("SMTP \(server): cannot connect (\(String(cString: strerror(errno))))") }
            fd = connected
        }

        func close() { Glibc.close(fd) }

        /// Sends `command` (if any) and checks the reply's code.
        func expect(_ code: Int, after command: String?, alsoOK: Int? = nil) throws {
            if let command {
                let bytes = Array((command + "\r\n").utf8)
                var sent = 0
                while sent < bytes.count {
                    let n = bytes[sent...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                    guard n > 0 else { throw DeliveryError("SMTP \(server): the connection broke while sending") }
                    sent += n
                }
            }
            let reply = try readReply()
            let got = Int(reply.prefix(3)) ?? 0
            guard got == code || got == alsoOK else {
                let step = command.map { String($0.prefix(20)) } ?? "greeting"
                throw DeliveryError("SMTP \(server) answered '\(reply)' to \(step)")
            }
        }

        /// Reads one reply (its last line, the one with a space after the code).
        private func readReply() throws -> String {
            while true {
                let line = try readLine()
                if line.count < 4 || Array(line)[3] == " " { return line }
            }
        }

        private func readLine() throws -> String {
            while true {
                if let i = buffer.firstIndex(of: 10) {
                    let line = String(decoding: buffer[..<i], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                    buffer.removeSubrange(...i)
                    return line
                }
                var chunk = [UInt8](repeating: 0, count: 4096)
                let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                guard n > 0 else { throw DeliveryError("SMTP \(server): no reply (connection closed or timed out)") }
                buffer += chunk[..<n]
            }
        }
    }
}
