/// Malformed JSON: what was wrong and where, so a user can open the file at that line and fix it.
///
/// The description reads "malformed JSON at line 3, column 14: expected ',' or '}', found ']'".
/// Lines and columns count from 1; columns count characters (Unicode scalars), not bytes,
/// so they match what an editor shows for Chinese text too.
public struct JSONError: Error, CustomStringConvertible, Hashable, Sendable {
    /// What was wrong.
    public enum Reason: CustomStringConvertible, Hashable, Sendable {
        /// Something else stood where the grammar wanted `expected` (`found` is "end of input" at the end).
        case unexpected(found: String, expected: String)
        /// A backslash followed by a character that is not one of JSON's escapes.
        case invalidEscape(String)
        /// A `\uD800`–`\uDFFF` escape without its other half; Swift strings cannot hold one.
        case unpairedSurrogate(String)
        /// A raw control character (U+0000–U+001F) inside a string; JSON requires it escaped.
        case controlCharacterInString(UInt8)
        /// Bytes that are not UTF-8 inside a string.
        case invalidUTF8(UInt8)
        /// A string that the input ends inside of.
        case unterminatedString
        /// A number too large for a Double (`1e999`), which JSON could not write back.
        case numberOutOfRange(String)
        /// A number longer than the parser accepts; no real number needs that many digits.
        case numberTooLong(length: Int, limit: Int)
        /// Arrays and objects nested deeper than the limit, the guard against hostile input.
        case nestingTooDeep(limit: Int)
        /// An object naming the same member twice (refused where the caller asks, e.g. request bodies).
        case duplicateKey(String)
        /// An object with more members than the caller accepts (feature properties).
        case tooManyMembers(Int, limit: Int)

        public var description: String {
            switch self {
            case let .unexpected(found, expected): "expected \(expected), found \(found)"
            case let .invalidEscape(escape): "invalid escape '\\\(escape)' in string"
            case let .unpairedSurrogate(escape): "unpaired surrogate '\\u\(escape)' in string"
            case let .controlCharacterInString(byte):
                "unescaped control character U+\(hex(byte, width: 4)) in string; write it as an escape"
            case let .invalidUTF8(byte): "invalid UTF-8 byte 0x\(hex(byte, width: 2)) in string"
            case .unterminatedString: "string is not closed: no '\"' before the end of input"
            case let .numberOutOfRange(text): "number out of range: \(text)"
            case let .numberTooLong(length, limit): "number has \(length) characters, more than the limit of \(limit)"
            case let .nestingTooDeep(limit): "arrays and objects nested deeper than \(limit) levels"
            case let .duplicateKey(key): "member '\(key)' appears twice in one object; give each member once"
            case let .tooManyMembers(count, limit): "an object with \(count) members, more than the \(limit) accepted (feature properties)"
            }
        }
    }

    /// What was wrong.
    public var reason: Reason
    /// The line of the problem, from 1.
    public var line: Int
    /// The column of the problem in characters, from 1.
    public var column: Int
    /// The byte offset of the problem, from 0.
    public var offset: Int

    /// Makes an error at a known place.
    /// - Parameters:
    ///   - reason: What was wrong.
    ///   - line: Line number, from 1.
    ///   - column: Column in characters, from 1.
    ///   - offset: Byte offset, from 0.
    public init(_ reason: Reason, line: Int, column: Int, offset: Int) {
        self.reason = reason
        self.line = line
        self.column = column
        self.offset = offset
    }

    public var description: String {
        if case .tooManyMembers = reason { return "JSON at line \(line), column \(column): \(reason)" }
        return "malformed JSON at line \(line), column \(column): \(reason)"
    }
}

private func hex(_ byte: UInt8, width: Int) -> String {
    let digits = String(byte, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
