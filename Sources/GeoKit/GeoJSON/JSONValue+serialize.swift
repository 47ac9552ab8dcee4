import Foundation

extension JSONValue {
    /// The value as JSON text (RFC 8259), the same bytes every time for the same value.
    ///
    /// Object members keep their order; strings escape only `"`, `\` and control characters
    /// (non-ASCII is written as UTF-8); `.int` is written as an integer and `.double` in its
    /// shortest round-trip form (`3.0` stays `3.0`, so it reads back as a double); infinities
    /// and NaN, which JSON cannot hold, are written as `null`.
    /// - Parameter pretty: Break lines and indent by two spaces, for people; compact otherwise.
    /// - Returns: The JSON text.
    public func serialized(pretty: Bool = false) -> String {
        String(decoding: serializedBytes(pretty: pretty), as: UTF8.self)
    }

    /// The value as UTF-8 JSON text, as `serialized(pretty:)` writes it, for files and HTTP bodies.
    /// - Parameter pretty: Break lines and indent by two spaces, for people; compact otherwise.
    /// - Returns: The UTF-8 bytes of the JSON text.
    public func serializedData(pretty: Bool = false) -> Data {
        Data(serializedBytes(pretty: pretty))
    }

    private func serializedBytes(pretty: Bool) -> [UInt8] {
        var writer = JSONWriter(pretty: pretty, capacity: 256)
        writer.write(self)
        return writer.bytes
    }
}
