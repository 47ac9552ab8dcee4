#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The text encodings Chinese offices' files come in: UTF-8, or GB18030 (the superset of GBK
/// and GB2312 that Excel and WPS on Chinese Windows write as "ANSI").
public enum TextEncoding: String, Sendable, CaseIterable {
    /// Unicode as UTF-8: what Shanshui writes, and GeoJSON, GeoPackage and KML hold.
    case utf8 = "UTF-8"
    /// GB18030, read for GBK, GB2312 and code page 936 as well.
    case gb18030 = "GB18030"

    /// Reads an `--encoding` value: utf-8/utf8, gb18030, gbk, gb2312, cp936 (case does not matter).
    /// - Throws: `TextEncodingError` listing the accepted names.
    public init(parsing text: String) throws {
        switch text.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "utf-8", "utf8": self = .utf8
        case "gb18030", "gbk", "gb2312", "cp936", "936", "gb-18030": self = .gb18030
        default: throw TextEncodingError(message: "unknown encoding '\(text)': use utf-8 or gb18030 (gbk, gb2312 and cp936 are read as gb18030)")
        }
    }

    /// The name users know it by.
    public var label: String { self == .utf8 ? "UTF-8" : "GB18030 (GBK)" }

    /// Decodes `bytes` strictly: a failure with the offset of the first invalid sequence when
    /// they are not valid text in this encoding (never a replacement character).
    public func decode(_ bytes: some Collection<UInt8>) -> Result<String, TextEncodingFailure> {
        switch self {
        case .utf8: TextEncoding.decodeUTF8(Array(bytes))
        case .gb18030: TextEncoding.decodeWithIconv(Array(bytes), from: "GB18030")
        }
    }

    private static func decodeUTF8(_ bytes: [UInt8]) -> Result<String, TextEncodingFailure> {
        if let text = String(validating: bytes, as: UTF8.self) { return .success(text) }
        // Invalid: walk the scalars to find where.
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        var scalars = String.UnicodeScalarView()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s):
                scalars.append(s)
                offset += s.utf8Length
            case .emptyInput: return .success(String(scalars))
            case .error: return .failure(TextEncodingFailure(offset: offset))
            }
        }
    }

    private static func decodeWithIconv(_ bytes: [UInt8], from encoding: String) -> Result<String, TextEncodingFailure> {
        guard !bytes.isEmpty else { return .success("") }
        let cd = iconv_open("UTF-8", encoding)
        guard cd != iconv_t(bitPattern: -1) else { return .failure(TextEncodingFailure(offset: 0)) }
        defer { iconv_close(cd) }
        var input = bytes.map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: bytes.count * 2 + 16)
        let produced: Int? = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var inPtr: UnsafeMutablePointer<CChar>? = inBuf.baseAddress
                var inLeft = inBuf.count
                var outPtr: UnsafeMutablePointer<CChar>? = outBuf.baseAddress
                var outLeft = outBuf.count
                let result = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                if result == -1 || inLeft != 0 {
                    return -(inBuf.count - inLeft) - 1
                }
                return outBuf.count - outLeft
            }
        }
        guard let produced, produced >= 0 else {
            return .failure(TextEncodingFailure(offset: -(produced ?? -1) - 1))
        }
        return .success(String(decoding: output[..<produced].map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
}

private extension Unicode.Scalar {
    var utf8Length: Int {
        switch value {
        case ..<0x80: 1
        case ..<0x800: 2
        case ..<0x10000: 3
        default: 4
        }
    }
}

/// Where strict decoding stopped: the byte offset of the first sequence that is not valid text.
public struct TextEncodingFailure: Error, Sendable {
    /// The 0-based byte offset.
    public var offset: Int
}

/// A file's text that is in no encoding we read, or an unknown `--encoding` name.
public struct TextEncodingError: Error, CustomStringConvertible, Sendable {
    /// One line naming the file, where, and what to do.
    public var message: String
    public var description: String { message }

    /// Makes an error with a message naming the file and the line or feature.
    public init(message: String) { self.message = message }
}

/// Text decoded from a file, with the encoding it was read in and how that was chosen.
public struct DecodedText: Sendable {
    /// How the encoding was chosen.
    public enum Choice: String, Sendable {
        /// The user gave `--encoding`.
        case forced
        /// The file says (a Shapefile's `.cpg`).
        case declared
        /// Valid UTF-8 was taken as UTF-8; otherwise GB18030 was tried and fitted.
        case detected
    }

    /// The text as UTF-8 bytes, never holding a replacement character that was not in the file.
    public var utf8: [UInt8]
    /// The encoding the bytes were read in.
    public var encoding: TextEncoding
    /// How that encoding was chosen.
    public var choice: Choice
    /// True when the bytes held anything beyond ASCII (only then does the encoding matter).
    public var hadNonASCII: Bool

    /// One line saying what was chosen, for a detected non-UTF-8 encoding or a forced one; nil otherwise.
    public func note(for source: String) -> String? {
        guard hadNonASCII else { return nil }
        switch choice {
        case .forced: return "note: \(source) read as \(encoding.label), as --encoding says"
        case .declared: return nil
        case .detected:
            return encoding == .utf8 ? nil
                : "note: \(source) is not UTF-8; its text was read as \(encoding.label)"
        }
    }

    /// Decodes a text file's bytes: UTF-8 (a byte-order mark is kept for the caller to skip) when
    /// valid, else GB18030; `forcing` skips the guess.
    /// - Throws: `TextEncodingError` naming `source` and the 1-based line that is neither
    ///   (or not in the forced encoding), or a line that already holds U+FFFD replacement characters.
    public static func decode(_ bytes: [UInt8], source: String, forcing: TextEncoding? = nil) throws -> DecodedText {
        let nonASCII = bytes.contains { $0 >= 0x80 }
        func line(_ offset: Int) -> Int { bytes[..<min(offset, bytes.count)].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 } }
        let candidates: [TextEncoding] = forcing.map { [$0] } ?? (nonASCII ? [.utf8, .gb18030] : [.utf8])
        var failure = TextEncodingFailure(offset: 0)
        for encoding in candidates {
            switch encoding.decode(bytes) {
            case .success(let text):
                let utf8 = encoding == .utf8 ? bytes : Array(text.utf8)
                if let bad = replacementLine(in: utf8) {
                    throw TextEncodingError(message: "\(source), line \(bad): holds replacement characters (�), so the text was garbled before it reached this file; fix it from the original")
                }
                return DecodedText(utf8: utf8, encoding: encoding,
                                   choice: forcing == nil ? .detected : .forced, hadNonASCII: nonASCII)
            case .failure(let f): failure = f
            }
        }
        let tried = forcing.map { "not \($0.label) text" } ?? "neither UTF-8 nor GB18030 (GBK) text"
        throw TextEncodingError(message: "\(source), line \(line(failure.offset)): \(bytesAround(bytes, failure.offset)) is \(tried); save the file as UTF-8 (or give --encoding)")
    }

    /// The 1-based line of the first U+FFFD in UTF-8 text: a file garbled by an earlier conversion.
    private static func replacementLine(in utf8: [UInt8]) -> Int? {
        guard let at = utf8.firstRange(of: [0xEF, 0xBF, 0xBD] as [UInt8])?.lowerBound else { return nil }
        return utf8[..<at].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
    }

    private static func bytesAround(_ bytes: [UInt8], _ offset: Int) -> String {
        let slice = bytes[min(offset, bytes.count)..<min(offset + 2, bytes.count)]
        return "byte" + (slice.count > 1 ? "s " : " ") + slice.map { String($0, radix: 16, uppercase: true) }.joined(separator: " ")
    }
}
