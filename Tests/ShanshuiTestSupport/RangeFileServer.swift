import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A tiny HTTP/1.1 file server on 127.0.0.1 for tests of imagery read by URL: it serves one
/// folder with `HEAD`, `GET` and single `Range: bytes=a-b` requests (206 Partial Content with
/// `Content-Range`), and counts what it was asked.
///
/// It owns its listening socket and answers on one plain `Thread` with blocking POSIX calls, one
/// request per connection (`Connection: close`), so it keeps working while the test's own
/// threads block waiting for a `shanshui` subprocess. `stop()` (or releasing it) closes the
/// socket and waits for the thread to end.
public final class RangeFileServer: Sendable {
    /// The folder being served.
    public let root: URL
    /// The port it listens on, chosen by the system.
    public let port: Int
    private let state: State

    /// Starts serving `root` on an ephemeral port of 127.0.0.1.
    /// - Parameter root: the folder whose files are served by name.
    /// - Throws: `POSIXError` when the socket cannot be made, bound or listened on.
    public init(serving root: URL) throws {
        self.root = root
        let listener = try Self.openListeningSocket()
        port = Self.port(of: listener)
        state = State(listener: listener, root: root)
        let thread = Thread { [state] in state.serve() }
        thread.name = "RangeFileServer :\(port)"
        thread.start()
    }

    deinit { stop() }

    /// `http://127.0.0.1:PORT/name`: the URL of a file in the folder.
    /// - Parameter name: the file's name inside `root`.
    /// - Returns: the URL as a user would write it.
    public func url(_ name: String) -> String { "http://127.0.0.1:\(port)/\(name)" }

    /// Requests answered so far (any method, any status).
    public var requestCount: Int { state.counts.requests }

    /// Requests answered with 206 Partial Content.
    public var rangeRequestCount: Int { state.counts.ranges }

    /// GET requests answered with the whole file (200): downloads rather than partial reads.
    public var wholeFileCount: Int { state.counts.wholeFiles }

    /// Body bytes sent so far.
    public var bytesSent: Int { state.counts.bytes }

    /// Stops listening and waits for the serving thread to end; calling it again does nothing.
    public func stop() { state.stop() }

    private static func openListeningSocket() throws -> Int32 {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            let error = POSIXError(.init(rawValue: errno) ?? .EIO)
            close(fd)
            throw error
        }
        return fd
    }

    private static func port(of fd: Int32) -> Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

extension RangeFileServer {
    /// What the serving thread shares with the test: the socket, the counts and the stop flag,
    /// behind a lock. Kept apart from the server so the thread does not keep the server alive.
    private final class State: @unchecked Sendable {
        struct Counts { var requests = 0, ranges = 0, wholeFiles = 0, bytes = 0 }

        let root: URL
        private let listener: Int32
        private let lock = NSLock()
        private var _counts = Counts()
        private var stopping = false
        private let finished = DispatchSemaphore(value: 0)

        init(listener: Int32, root: URL) {
            self.listener = listener
            self.root = root
        }

        var counts: Counts { lock.withLock { _counts } }

        /// Accepts and answers connections until `stop()`; polls so a stop is seen within 50 ms.
        func serve() {
            defer {
                close(listener)
                finished.signal()
            }
            while !lock.withLock({ stopping }) {
                var waiting = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
                guard poll(&waiting, 1, 50) > 0 else { continue }
                let connection = accept(listener, nil, nil)
                guard connection >= 0 else { continue }
                answer(connection)
                close(connection)
            }
        }

        /// Tells the thread to stop; the first caller waits until it has closed the socket.
        func stop() {
            let first = lock.withLock { () -> Bool in
                guard !stopping else { return false }
                stopping = true
                return true
            }
            if first { finished.wait() }
        }

        /// Reads one request and answers it.
        private func answer(_ connection: Int32) {
            var timeout = timeval(tv_sec: 5, tv_usec: 0)
            setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            #if canImport(Darwin)
            var yes: Int32 = 1
            setsockopt(connection, SOL_SOCKET, SO_NOSIGPIPE, &yes, socklen_t(MemoryLayout<Int32>.size))
            #endif
            guard let request = Request(reading: connection) else { return }
            let response = respond(to: request)
            lock.withLock {
                _counts.requests += 1
                if response.status == 206 { _counts.ranges += 1 }
                if response.status == 200, request.method == "GET" { _counts.wholeFiles += 1 }
                if request.method == "GET" { _counts.bytes += response.body.count }
            }
            send(response, head: request.method == "HEAD", to: connection)
        }

        private func respond(to request: Request) -> Response {
            guard request.method == "GET" || request.method == "HEAD" else { return Response(status: 405, reason: "Method Not Allowed") }
            let name = request.path.split(separator: "?").first.map(String.init)?.removingPercentEncoding ?? ""
            guard !name.hasSuffix("/"), !name.split(separator: "/").contains(".."),
                  let data = try? Data(contentsOf: root.appendingPathComponent(name), options: .alwaysMapped) else {
                return Response(status: 404, reason: "Not Found")
            }
            var headers = [("Accept-Ranges", "bytes"), ("Content-Type", "application/octet-stream")]
            guard let range = request.headers["range"] else {
                return Response(status: 200, reason: "OK", headers: headers, body: data)
            }
            guard let (first, last) = Self.byteRange(range, size: data.count) else {
                // Several ranges, or a malformed one: answering with the whole file is allowed.
                if range.contains(",") { return Response(status: 200, reason: "OK", headers: headers, body: data) }
                headers.append(("Content-Range", "bytes */\(data.count)"))
                return Response(status: 416, reason: "Range Not Satisfiable", headers: headers)
            }
            headers.append(("Content-Range", "bytes \(first)-\(last)/\(data.count)"))
            return Response(status: 206, reason: "Partial Content", headers: headers, body: data.subdata(in: first..<(last + 1)))
        }

        /// The first and last byte of a single `bytes=a-b`, `bytes=a-` or `bytes=-n` range,
        /// clamped to the file; nil when it is not one satisfiable range.
        static func byteRange(_ header: String, size: Int) -> (Int, Int)? {
            guard header.hasPrefix("bytes="), !header.contains(",") else { return nil }
            let spec = header.dropFirst("bytes=".count).split(separator: "-", omittingEmptySubsequences: false)
            guard spec.count == 2 else { return nil }
            let a = Int(spec[0].trimmingCharacters(in: .whitespaces)), b = Int(spec[1].trimmingCharacters(in: .whitespaces))
            switch (a, b) {
            case let (first?, last?) where first <= last && first < size: return (first, min(last, size - 1))
            case let (first?, nil) where spec[1].isEmpty && first < size: return (first, size - 1)
            case let (nil, count?) where spec[0].isEmpty && count > 0 && size > 0: return (max(0, size - count), size - 1)
            default: return nil
            }
        }

        private func send(_ response: Response, head: Bool, to connection: Int32) {
            var text = "HTTP/1.1 \(response.status) \(response.reason)\r\nContent-Length: \(response.body.count)\r\nConnection: close\r\n"
            for (name, value) in response.headers { text += "\(name): \(value)\r\n" }
            var bytes = Data((text + "\r\n").utf8)
            if !head { bytes.append(response.body) }
            bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    #if canImport(Glibc)
                    let sent = Glibc.send(connection, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
                    #else
                    let sent = Darwin.send(connection, buffer.baseAddress! + offset, buffer.count - offset, 0)
                    #endif
                    guard sent > 0 else { return }
                    offset += sent
                }
            }
        }
    }

    /// A request line and its headers (names lower-cased); bodies are not read.
    private struct Request {
        var method: String
        var path: String
        var headers: [String: String] = [:]

        /// Reads up to the blank line ending the headers; nil when the client sent none.
        init?(reading connection: Int32) {
            var received = [UInt8]()
            var chunk = [UInt8](repeating: 0, count: 4096)
            let end: [UInt8] = Array("\r\n\r\n".utf8)
            while received.firstRange(of: end) == nil {
                let n = recv(connection, &chunk, chunk.count, 0)
                guard n > 0, received.count < 65536 else { return nil }
                received += chunk[0..<n]
            }
            let lines = String(decoding: received, as: UTF8.self).components(separatedBy: "\r\n")
            let parts = lines[0].split(separator: " ")
            guard parts.count >= 2 else { return nil }
            method = String(parts[0])
            path = String(parts[1])
            for line in lines.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
    }

    private struct Response {
        var status: Int
        var reason: String
        var headers: [(String, String)] = []
        var body = Data()
    }
}
