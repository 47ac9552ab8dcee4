import Crypto

/// swift-crypto's SHA-256 fed with text and byte sequences, and its digest as hex: the content
/// fingerprints (imports, evidence files, tokens), the audit hash chain and the inspection draw's
/// generator (`DrawRandom`) all hash through it.
extension SHA256 {
    /// Feeds bytes.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        update(data: Array(bytes))
    }

    /// Feeds a string's UTF-8 bytes.
    public mutating func update(_ text: String) {
        update(data: Array(text.utf8))
    }

    /// The digest of `bytes` as 64 lowercase hex digits.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        hash(data: Array(bytes)).hex
    }
}

extension SHA256Digest {
    /// The digest as lowercase hex digits.
    public var hex: String {
        map { byte in
            let digits = String(byte, radix: 16)
            return byte < 16 ? "0" + digits : digits
        }.joined()
    }
}
