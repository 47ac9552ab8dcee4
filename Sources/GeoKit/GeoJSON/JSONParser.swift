/// A recursive-descent RFC 8259 parser over a contiguous UTF-8 buffer.
///
/// It works on bytes, not Characters, keeps object members in order, and reads a number
/// as `.int` only when it has no fraction or exponent and fits in an `Int64`. Strings are
/// checked as UTF-8 while they are scanned, so a bad byte is reported where it is. Nesting
/// is limited and numbers have a length limit, so hostile input costs little and never
/// overflows the stack. Use it through `JSONValue.parse(_:)`.
struct JSONParser {
    /// Longest number text accepted: real numbers need a few dozen characters, and a
    /// megabyte of digits would make the decimal-to-binary conversion slow.
    static let maxNumberLength = 1024

    private let input: UnsafeBufferPointer<UInt8>
    private let maxDepth: Int
    /// Refuse an object that names a member twice (RFC 8259 leaves the meaning open, so two
    /// readers of one request could disagree on which value counts).
    private let refuseDuplicateKeys: Bool
    /// Containers nested deeper than this are checked but not kept (read as `null`), so a large
    /// file can be validated without holding its whole tree.
    private let keepDepth: Int
    private var index = 0
    private var depth = 0
    /// The most members any object had, and where it started (for limits on feature properties).
    private(set) var widestObject = (members: 0, offset: 0)
    /// Bytes of a leading byte order mark, skipped and not counted in columns.
    private var bomLength = 0
    /// Elements and members of the open containers, innermost last: each array or object is
    /// copied out once at its close with its exact size, instead of growing one per container.
    private var elementStack: [JSONValue] = []
    private var memberStack: [(key: String, value: JSONValue)] = []

    init(_ input: UnsafeBufferPointer<UInt8>, maxDepth: Int, refuseDuplicateKeys: Bool = false, keepDepth: Int = .max) {
        self.input = input
        self.maxDepth = maxDepth
        self.refuseDuplicateKeys = refuseDuplicateKeys
        self.keepDepth = keepDepth
    }

    /// Parses the whole input as one JSON value with nothing but whitespace after it.
    mutating func parseDocument() throws -> JSONValue {
        // RFC 8259 §8.1 lets a parser ignore a UTF-8 byte order mark; Windows tools write one.
        if input.count >= 3, input[0] == 0xEF, input[1] == 0xBB, input[2] == 0xBF { bomLength = 3 }
        index = bomLength
        let value = try parseValue()
        skipWhitespace()
        guard index == input.count else { throw unexpected(expected: "end of input after the JSON value") }
        return value
    }

    // MARK: Values

    private mutating func parseValue() throws -> JSONValue {
        skipWhitespace()
        guard index < input.count else { throw unexpected(expected: "a value") }
        switch input[index] {
        case JSONByte.leftBrace: return try parseObject()
        case JSONByte.leftBracket: return try parseArray()
        case JSONByte.quote: return .string(try parseString())
        case JSONByte.minus, JSONByte.zero ... JSONByte.nine: return try parseNumber()
        case UInt8(ascii: "t"): try parseLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try parseLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try parseLiteral("null"); return .null
        default: throw unexpected(expected: "a value")
        }
    }

    private mutating func parseLiteral(_ word: StaticString) throws {
        for expected in UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount) {
            guard index < input.count, input[index] == expected else { throw unexpected(expected: "'\(word)'") }
            index += 1
        }
    }

    private mutating func parseArray() throws -> JSONValue {
        try descend()
        index += 1
        skipWhitespace()
        if index < input.count, input[index] == JSONByte.rightBracket {
            index += 1
            depth -= 1
            return .array([])
        }
        let base = elementStack.count
        let keep = depth <= keepDepth
        while true {
            let element = try parseValue()
            if keep { elementStack.append(element) }
            skipWhitespace()
            guard index < input.count else { throw unexpected(expected: "',' or ']'") }
            switch input[index] {
            case JSONByte.comma: index += 1
            case JSONByte.rightBracket:
                index += 1
                depth -= 1
                guard keep else { return .null }
                let elements = Array(elementStack[base...])
                elementStack.removeSubrange(base...)
                return .array(elements)
            default: throw unexpected(expected: "',' or ']'")
            }
        }
    }

    private mutating func parseObject() throws -> JSONValue {
        try descend()
        index += 1
        skipWhitespace()
        if index < input.count, input[index] == JSONByte.rightBrace {
            index += 1
            depth -= 1
            return .object([])
        }
        let base = memberStack.count
        let keep = depth <= keepDepth
        var seen: Set<String> = []
        var isFirst = true
        var count = 0
        let open = index - 1
        defer { if count > widestObject.members { widestObject = (count, open) } }
        while true {
            skipWhitespace()
            guard index < input.count, input[index] == JSONByte.quote else {
                throw unexpected(expected: isFirst ? "a member name in quotes or '}'" : "a member name in quotes")
            }
            let keyStart = index
            let key = try parseString()
            if refuseDuplicateKeys, !seen.insert(key).inserted { throw error(.duplicateKey(key), at: keyStart) }
            skipWhitespace()
            guard index < input.count, input[index] == JSONByte.colon else { throw unexpected(expected: "':' after the member name") }
            index += 1
            let value = try parseValue()
            if keep { memberStack.append((key: key, value: value)) }
            isFirst = false
            count += 1
            skipWhitespace()
            guard index < input.count else { throw unexpected(expected: "',' or '}'") }
            switch input[index] {
            case JSONByte.comma: index += 1
            case JSONByte.rightBrace:
                index += 1
                depth -= 1
                guard keep else { return .null }
                let members = Array(memberStack[base...])
                memberStack.removeSubrange(base...)
                return .object(members)
            default: throw unexpected(expected: "',' or '}'")
            }
        }
    }

    private mutating func descend() throws {
        depth += 1
        guard depth <= maxDepth else { throw error(.nestingTooDeep(limit: maxDepth), at: index) }
    }

    @inline(__always)
    private mutating func skipWhitespace() {
        while index < input.count {
            switch input[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    // MARK: Strings

    /// Reads a string starting at its opening quote; strings without escapes are copied once.
    private mutating func parseString() throws -> String {
        let open = index
        index += 1
        let start = index
        while index < input.count {
            let byte = input[index]
            if byte == JSONByte.quote {
                let text = String(decoding: UnsafeBufferPointer(rebasing: input[start..<index]), as: UTF8.self)
                index += 1
                return text
            }
            if byte == JSONByte.backslash { return try parseEscapedString(from: start, open: open) }
            if byte < 0x20 { throw error(.controlCharacterInString(byte), at: index) }
            index += byte < 0x80 ? 1 : try utf8Length(at: index)
        }
        throw error(.unterminatedString, at: open)
    }

    private mutating func parseEscapedString(from start: Int, open: Int) throws -> String {
        var bytes = Array(UnsafeBufferPointer(rebasing: input[start..<index]))
        while index < input.count {
            let byte = input[index]
            switch byte {
            case JSONByte.quote:
                index += 1
                return String(decoding: bytes, as: UTF8.self)
            case JSONByte.backslash:
                try appendEscape(to: &bytes)
            case ..<0x20:
                throw error(.controlCharacterInString(byte), at: index)
            case ..<0x80:
                bytes.append(byte)
                index += 1
            default:
                let length = try utf8Length(at: index)
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: input[index..<index + length]))
                index += length
            }
        }
        throw error(.unterminatedString, at: open)
    }

    private mutating func appendEscape(to bytes: inout [UInt8]) throws {
        let escapeStart = index
        index += 1
        guard index < input.count else { throw error(.unterminatedString, at: escapeStart) }
        let letter = input[index]
        index += 1
        switch letter {
        case JSONByte.quote, JSONByte.backslash, JSONByte.slash: bytes.append(letter)
        case UInt8(ascii: "b"): bytes.append(0x08)
        case UInt8(ascii: "f"): bytes.append(0x0C)
        case UInt8(ascii: "n"): bytes.append(0x0A)
        case UInt8(ascii: "r"): bytes.append(0x0D)
        case UInt8(ascii: "t"): bytes.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try hex4(escapeStart: escapeStart)
            var scalar = UInt32(unit)
            if (0xD800...0xDBFF).contains(unit) {
                // A character outside the BMP is written as two escapes, high then low.
                guard index + 1 < input.count, input[index] == JSONByte.backslash, input[index + 1] == UInt8(ascii: "u") else {
                    throw error(.unpairedSurrogate(hexText(unit)), at: escapeStart)
                }
                index += 2
                let low = try hex4(escapeStart: index - 2)
                guard (0xDC00...0xDFFF).contains(low) else { throw error(.unpairedSurrogate(hexText(unit)), at: escapeStart) }
                scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(unit) {
                throw error(.unpairedSurrogate(hexText(unit)), at: escapeStart)
            }
            // Surrogates were ruled out above, so every value left is a Unicode scalar.
            bytes.append(contentsOf: UTF8.encode(Unicode.Scalar(scalar)!)!)
        default:
            throw error(.invalidEscape(String(decoding: [letter], as: UTF8.self)), at: escapeStart)
        }
    }

    /// Reads the four hex digits after `\u`.
    private mutating func hex4(escapeStart: Int) throws -> UInt16 {
        var value: UInt16 = 0
        for offset in 0..<4 {
            let digit: UInt8? = index + offset < input.count ? JSONByte.hexValue(input[index + offset]) : nil
            guard let digit else {
                let end = min(index + offset + 1, input.count)
                let text = String(decoding: UnsafeBufferPointer(rebasing: input[index - 1..<end]), as: UTF8.self)
                throw error(.invalidEscape(text), at: escapeStart)
            }
            value = value << 4 | UInt16(digit)
        }
        index += 4
        return value
    }

    private func hexText(_ unit: UInt16) -> String { String(unit, radix: 16, uppercase: true) }

    /// The length of the well-formed UTF-8 sequence at `i` (RFC 3629: no overlongs, no surrogates).
    private func utf8Length(at i: Int) throws -> Int {
        let lead = input[i]
        let length: Int
        var second: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; second = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; second = 0x80...0x9F
        case 0xF0: length = 4; second = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; second = 0x80...0x8F
        default: throw error(.invalidUTF8(lead), at: i)
        }
        for k in 1..<length {
            guard i + k < input.count else { throw error(.invalidUTF8(lead), at: i) }
            let byte = input[i + k]
            guard (k == 1 ? second : 0x80...0xBF).contains(byte) else { throw error(.invalidUTF8(byte), at: i + k) }
        }
        return length
    }

    // MARK: Numbers

    /// 10^0 ... 10^22, every one exact in a Double.
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Reads a number: `.int` when it is written as an integer and fits, else `.double`.
    private mutating func parseNumber() throws -> JSONValue {
        let start = index
        let negative = input[index] == JSONByte.minus
        if negative { index += 1 }
        // Digits go into `mantissa` while it stays exact; `exponent` is the decimal scale.
        var mantissa: UInt64 = 0
        var exact = true
        var exponent = 0
        var isInteger = true

        guard index < input.count, JSONByte.isDigit(input[index]) else { throw unexpected(expected: "a digit after '-'") }
        if input[index] == JSONByte.zero {
            index += 1
            if index < input.count, JSONByte.isDigit(input[index]) {
                throw unexpected(expected: "'.', 'e' or the end of the number after a leading 0")
            }
        } else {
            while index < input.count, JSONByte.isDigit(input[index]) {
                if !accumulate(input[index], into: &mantissa) { exact = false }
                index += 1
            }
        }
        if index < input.count, input[index] == JSONByte.dot {
            isInteger = false
            index += 1
            guard index < input.count, JSONByte.isDigit(input[index]) else { throw unexpected(expected: "a digit after '.'") }
            while index < input.count, JSONByte.isDigit(input[index]) {
                if accumulate(input[index], into: &mantissa) { exponent -= 1 } else { exact = false }
                index += 1
            }
        }
        if index < input.count, input[index] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            index += 1
            var exponentNegative = false
            if index < input.count, input[index] == JSONByte.minus || input[index] == JSONByte.plus {
                exponentNegative = input[index] == JSONByte.minus
                index += 1
            }
            guard index < input.count, JSONByte.isDigit(input[index]) else { throw unexpected(expected: "a digit in the exponent") }
            var written = 0
            while index < input.count, JSONByte.isDigit(input[index]) {
                if written < 100_000 { written = written * 10 + Int(input[index] - JSONByte.zero) }
                index += 1
            }
            exponent += exponentNegative ? -written : written
        }

        let length = index - start
        guard length <= Self.maxNumberLength else {
            throw error(.numberTooLong(length: length, limit: Self.maxNumberLength), at: start)
        }
        if isInteger, exact {
            if !negative, mantissa <= UInt64(Int64.max) { return .int(Int64(mantissa)) }
            if negative, mantissa <= UInt64(Int64.max) + 1 { return .int(Int64(truncatingIfNeeded: 0 &- mantissa)) }
        }
        // Clinger's fast path: an exact mantissa times an exact power of ten rounds once, correctly.
        if exact, mantissa <= 1 << 53, (-22...22).contains(exponent) {
            let magnitude = exponent < 0 ? Double(mantissa) / Self.powersOfTen[-exponent]
                                         : Double(mantissa) * Self.powersOfTen[exponent]
            return .double(negative ? -magnitude : magnitude)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: input[start..<index]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw error(.numberOutOfRange(text.count > 40 ? text.prefix(40) + "…" : text), at: start)
        }
        return .double(value)
    }

    /// Appends a digit to `mantissa`; false (and `mantissa` unchanged) when it would overflow.
    @inline(__always)
    private func accumulate(_ digit: UInt8, into mantissa: inout UInt64) -> Bool {
        let (times10, overflow1) = mantissa.multipliedReportingOverflow(by: 10)
        let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit - JSONByte.zero))
        guard !overflow1, !overflow2 else { return false }
        mantissa = sum
        return true
    }

    // MARK: Errors

    private func unexpected(expected: String) -> JSONError {
        error(.unexpected(found: found(at: index), expected: expected), at: index)
    }

    /// What stands at `i`, for "found ..." in messages.
    private func found(at i: Int) -> String {
        guard i < input.count else { return "end of input" }
        let byte = input[i]
        if (0x20...0x7E).contains(byte) { return "'\(Character(Unicode.Scalar(byte)))'" }
        if byte < 0x80 {
            let hex = String(byte, radix: 16, uppercase: true)
            return "control character U+" + String(repeating: "0", count: 4 - hex.count) + hex
        }
        if let length = try? utf8Length(at: i) {
            return "'\(String(decoding: UnsafeBufferPointer(rebasing: input[i..<i + length]), as: UTF8.self))'"
        }
        return "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    /// The line and column of byte `offset`, for messages about a place found valid.
    func location(of offset: Int) -> (line: Int, column: Int) {
        let e = error(.unterminatedString, at: offset)
        return (e.line, e.column)
    }

    /// An error at byte `offset`, with its line and column counted only now that it is needed.
    private func error(_ reason: JSONError.Reason, at offset: Int) -> JSONError {
        var line = 1
        var column = 1
        for i in bomLength..<max(bomLength, min(offset, input.count)) {
            let byte = input[i]
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return JSONError(reason, line: line, column: column, offset: offset)
    }
}
