import Foundation

/// A moment in UTC to the second, written in ISO 8601 (`2026-07-01T08:30:00Z`): when an event
/// happened, a scan started, a token was made, a notification was queued. The one place
/// timestamps are formatted and parsed, so every store, API and export writes them alike.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// Whole seconds since 1970-01-01T00:00:00Z.
    public let secondsSince1970: Int64

    /// The moment `seconds` after 1970-01-01T00:00:00Z (fractions dropped, as ISO 8601 text without them shows).
    public init(secondsSince1970 seconds: Double) {
        secondsSince1970 = Int64(seconds.rounded(.down))
    }

    /// The moment `date` is.
    public init(_ date: Date) {
        self.init(secondsSince1970: date.timeIntervalSince1970)
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS` followed by `Z` or an offset `±HH:MM`, with optional fractional seconds.
    /// - Throws: `DomainError.invalidValue` naming the text and the expected form.
    public init(_ text: String) throws {
        let fail = DomainError.invalidValue("'\(text)' is not a timestamp: use ISO 8601 in UTC, e.g. 2026-07-01T08:30:00Z")
        let chars = Array(text.utf8)
        guard chars.count >= 20, chars[10] == UInt8(ascii: "T") || chars[10] == UInt8(ascii: "t"),
              chars[13] == UInt8(ascii: ":"), chars[16] == UInt8(ascii: ":"),
              let day = try? Day(String(decoding: chars[0..<10], as: UTF8.self)),
              let h = Self.number(chars[11..<13]), let m = Self.number(chars[14..<16]), let s = Self.number(chars[17..<19]),
              h < 24, m < 60, s < 61 else { throw fail }
        var rest = chars[19...]
        if rest.first == UInt8(ascii: ".") {
            rest = rest.dropFirst().drop { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        }
        var offset = 0
        switch rest.first {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard rest.count == 1 else { throw fail }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = rest.first == UInt8(ascii: "-") ? -1 : 1
            let o = Array(rest.dropFirst())
            guard o.count == 5, o[2] == UInt8(ascii: ":"), let oh = Self.number(o[0..<2]), let om = Self.number(o[3..<5]),
                  oh < 24, om < 60 else { throw fail }
            offset = sign * (oh * 3600 + om * 60)
        default:
            throw fail
        }
        secondsSince1970 = Int64(day.ordinal) * 86_400 + Int64(h * 3600 + m * 60 + s - offset)
    }

    /// The moment as a `Date`.
    public var date: Date { Date(timeIntervalSince1970: Double(secondsSince1970)) }

    /// The UTC day the moment falls on.
    public var day: Day { Day(ordinal: Int(secondsSince1970.floorDivided(by: 86_400))) }

    /// `YYYY-MM-DDTHH:MM:SSZ`.
    public var description: String {
        let s = Int(secondsSince1970 - Int64(day.ordinal) * 86_400)
        return day.description + String(format: "T%02d:%02d:%02dZ", s / 3600, s / 60 % 60, s % 60)
    }

    /// The moment `seconds` later (earlier when negative).
    public func adding(seconds: Int64) -> Timestamp { Timestamp(exactly: secondsSince1970 + seconds) }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.secondsSince1970 < b.secondsSince1970 }

    public init(from decoder: any Decoder) throws {
        try self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    private init(exactly seconds: Int64) { secondsSince1970 = seconds }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        guard digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        return digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }
}

private extension Int64 {
    func floorDivided(by d: Int64) -> Int64 { self >= 0 ? self / d : -((-self + d - 1) / d) }
}
