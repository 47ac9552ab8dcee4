/// Writes JSON text into a byte buffer, compact or pretty, the same bytes for the same input.
///
/// Callers that stream large documents (GeoJSON coordinates) write structure directly with
/// `beginObject`/`key`/`element`/... instead of building a `JSONValue` first; `write(_:)`
/// writes a whole value. Pretty output puts each member and element on its own line,
/// indented by two spaces, with `": "` after keys.
struct JSONWriter {
    /// The text written so far, UTF-8.
    private(set) var bytes: [UInt8] = []
    /// Whether to break lines and indent.
    let pretty: Bool
    private var depth = 0
    /// Whether the innermost open container has a member or element yet (for commas).
    private var hasElements = false

    init(pretty: Bool, capacity: Int = 4096) {
        self.pretty = pretty
        bytes.reserveCapacity(capacity)
    }

    // MARK: Structure

    mutating func beginObject() { open(JSONByte.leftBrace) }
    mutating func endObject() { close(JSONByte.rightBrace) }
    mutating func beginArray() { open(JSONByte.leftBracket) }
    mutating func endArray() { close(JSONByte.rightBracket) }

    /// Starts an object member: the separator, the quoted name and the colon; write the value next.
    mutating func key(_ name: String) {
        separate()
        writeString(name)
        bytes.append(JSONByte.colon)
        if pretty { bytes.append(0x20) }
    }

    /// Starts an array element; write the value next.
    mutating func element() { separate() }

    /// Appends ASCII text as it is: punctuation inside a value the caller lays out itself.
    mutating func writeRaw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private mutating func open(_ bracket: UInt8) {
        bytes.append(bracket)
        depth += 1
        hasElements = false
    }

    private mutating func close(_ bracket: UInt8) {
        depth -= 1
        if pretty, hasElements { newline() }
        bytes.append(bracket)
        hasElements = true
    }

    private mutating func separate() {
        if hasElements { bytes.append(JSONByte.comma) }
        if pretty { newline() }
        hasElements = true
    }

    private mutating func newline() {
        bytes.append(0x0A)
        bytes.append(contentsOf: repeatElement(0x20, count: 2 * depth))
    }

    // MARK: Values

    /// Writes a whole value.
    mutating func write(_ value: JSONValue) {
        switch value {
        case .null: writeRaw("null")
        case .bool(let flag): flag ? writeRaw("true") : writeRaw("false")
        case .int(let integer): writeInteger(integer)
        case .double(let number): writeDouble(number)
        case .string(let text): writeString(text)
        case .array(let elements):
            beginArray()
            for element in elements {
                self.element()
                write(element)
            }
            endArray()
        case .object(let members):
            beginObject()
            for member in members {
                key(member.key)
                write(member.value)
            }
            endObject()
        }
    }

    /// Writes a string with the escapes RFC 8259 requires and no others: non-ASCII stays UTF-8.
    mutating func writeString(_ text: String) {
        var text = text
        bytes.append(JSONByte.quote)
        text.withUTF8 { utf8 in
            var runStart = 0
            for (i, byte) in utf8.enumerated() where byte < 0x20 || byte == JSONByte.quote || byte == JSONByte.backslash {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i]))
                appendEscape(byte)
                runStart = i + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        bytes.append(JSONByte.quote)
    }

    private mutating func appendEscape(_ byte: UInt8) {
        bytes.append(JSONByte.backslash)
        switch byte {
        case JSONByte.quote, JSONByte.backslash: bytes.append(byte)
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        default:
            writeRaw("u00")
            let hex: StaticString = "0123456789abcdef"
            bytes.append(hex.utf8Start[Int(byte >> 4)])
            bytes.append(hex.utf8Start[Int(byte & 0xF)])
        }
    }

    mutating func writeInteger(_ integer: Int64) {
        if integer < 0 { bytes.append(JSONByte.minus) }
        appendDigits(integer.magnitude, minimumCount: 1)
    }

    /// Writes the shortest text that reads back as the same Double (`description`), so `3.0`
    /// stays a double; infinities and NaN, which JSON cannot hold, become `null`.
    mutating func writeDouble(_ number: Double) {
        guard number.isFinite else { return writeRaw("null") }
        bytes.append(contentsOf: number.description.utf8)
    }

    private static let scales: [Double] = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9]
    private static let divisors: [UInt64] = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000,
                                             100_000_000, 1_000_000_000]

    /// Writes `number` rounded to `decimals` places without trailing zeros: 120.5, 3, 0 for
    /// -0.00000001 at 7 places. Integer arithmetic on the scaled value, no text formatting.
    mutating func writeRounded(_ number: Double, decimals: Int) {
        precondition((0...9).contains(decimals), "decimals must be 0...9")
        guard number.isFinite else { return writeRaw("null") }
        let scaled = (number * Self.scales[decimals]).rounded()
        // Beyond Int64 the value has no fractional digits to round anyway.
        guard abs(scaled) < 9e18 else { return writeDouble(number) }
        let units = Int64(scaled)
        if units < 0 { bytes.append(JSONByte.minus) }
        let divisor = Self.divisors[decimals]
        appendDigits(units.magnitude / divisor, minimumCount: 1)
        var fraction = units.magnitude % divisor
        guard fraction != 0 else { return }
        var digits = decimals
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        bytes.append(JSONByte.dot)
        appendDigits(fraction, minimumCount: digits)
    }

    /// Appends the decimal digits of `value`, zero-padded on the left to `minimumCount`.
    private mutating func appendDigits(_ value: UInt64, minimumCount: Int) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var value = value
            var start = 20
            repeat {
                start -= 1
                digits[start] = JSONByte.zero + UInt8(value % 10)
                value /= 10
            } while value != 0 || 20 - start < minimumCount
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start..<20]))
        }
    }
}
