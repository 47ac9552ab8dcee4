import Foundation

/// Appends fixed-width little-endian numbers to a byte buffer: the wire format of intermediate
/// results that one process writes and another reads (tile components of a distributed scan).
struct ByteWriter {
    private(set) var data = Data()

    mutating func int32(_ v: Int32) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
    mutating func int64(_ v: Int64) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
    mutating func int(_ v: Int) { int64(Int64(v)) }
    mutating func double(_ v: Double) { int64(Int64(bitPattern: v.bitPattern)) }
    mutating func int32s(_ values: [Int32]) {
        int(values.count)
        for v in values { int32(v) }
    }
    /// Bytes behind their count.
    mutating func bytes(_ bytes: Data) {
        int(bytes.count)
        data.append(bytes)
    }
}

/// Reads what `ByteWriter` wrote, failing cleanly on truncated or foreign bytes.
struct ByteReader {
    private let data: Data
    private var offset: Int
    /// What the bytes are, for the error message.
    let what: String

    init(_ data: Data, what: String) {
        self.data = data
        offset = data.startIndex
        self.what = what
    }

    var isAtEnd: Bool { offset == data.endIndex }

    private mutating func bytes(_ n: Int) throws -> Data {
        guard n >= 0, data.endIndex - offset >= n else {
            throw DomainError.invalidInput("\(what) is truncated or corrupt (wanted \(n) bytes at offset \(offset - data.startIndex))")
        }
        defer { offset += n }
        return data[offset..<(offset + n)]
    }

    mutating func int32() throws -> Int32 {
        Int32(littleEndian: try bytes(4).withUnsafeBytes { $0.loadUnaligned(as: Int32.self) })
    }
    mutating func int64() throws -> Int64 {
        Int64(littleEndian: try bytes(8).withUnsafeBytes { $0.loadUnaligned(as: Int64.self) })
    }
    mutating func int() throws -> Int { Int(try int64()) }
    mutating func double() throws -> Double { Double(bitPattern: UInt64(bitPattern: try int64())) }
    mutating func int32s() throws -> [Int32] {
        let n = try int()
        guard n >= 0, n <= (data.endIndex - offset) / 4 else {
            throw DomainError.invalidInput("\(what) is truncated or corrupt (a list of \(n) numbers does not fit)")
        }
        return try (0..<n).map { _ in try int32() }
    }
    /// What `ByteWriter.bytes` wrote.
    mutating func bytes() throws -> Data { try bytes(try int()) }
}
