import Foundation

/// A calendar date (`YYYY-MM-DD`), the unit of legal validity: boundary versions, assignments,
/// epochs and due dates are valid from one day to another, whatever the time zone.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Parses `YYYY-MM-DD`.
    /// - Throws: `DomainError.invalidValue` naming the text and the expected form.
    public init(_ text: String) throws {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), d >= 1, d <= Day.daysIn(month: m, year: y)
        else {
            throw DomainError.invalidValue("'\(text)' is not a date: use YYYY-MM-DD, e.g. 2026-06-30")
        }
        year = y
        month = m
        day = d
    }

    /// Parses a date as a spreadsheet saved it: `YYYY-MM-DD`, or year first with one- or
    /// two-digit month and day between `/`, `-` or `.` (`2026/7/1` is Excel's short date on
    /// Chinese Windows, and what its CSV holds), or `2026年7月1日`, in full-width digits too
    /// (`SpreadsheetText.halfWidth`); a time after it (`2026/7/1 0:00`, `2026-07-01T00:00:00`)
    /// is let go. Day-first and month-first forms (`01/07/2026`) are refused: they read two ways.
    /// - Throws: `DomainError.invalidValue` naming the text and the forms understood.
    public static func fromSpreadsheet(_ text: String) throws -> Day {
        let trimmed = SpreadsheetText.halfWidth(text).trimmingCharacters(in: .whitespaces)
        let words = trimmed.split { $0.isWhitespace || $0 == "T" }
        var date = words.first.map(String.init) ?? ""
        if date.hasSuffix("日"), let year = date.firstIndex(of: "年"), let month = date.firstIndex(of: "月"), year < month {
            date = date.replacingOccurrences(of: "年", with: "-").replacingOccurrences(of: "月", with: "-")
            date.removeLast()
        }
        let separator = date.first { "/-.".contains($0) }
        let parts = separator.map { s in date.split(separator: s, omittingEmptySubsequences: false) } ?? []
        let time = words.dropFirst().joined(separator: " ")
        let timeIsClock = time.isEmpty || time.split(separator: ":").allSatisfy { (1...2).contains($0.count) && $0.allSatisfy(\.isNumber) }
        guard timeIsClock, parts.count == 3, parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), d >= 1, d <= Day.daysIn(month: m, year: y)
        else {
            let hint = SpreadsheetText.serialDateHint(trimmed).map { "; \($0)" } ?? ""
            throw DomainError.invalidValue("'\(text)' is not a date: use YYYY-MM-DD (2026-06-30) or year first as Excel writes it (2026/6/30)\(hint)")
        }
        return Day(year: y, month: m, day: d)
    }

    /// Makes a day from its parts; they must form a real date.
    public init(year: Int, month: Int, day: Int) {
        precondition((1...12).contains(month) && day >= 1 && day <= Day.daysIn(month: month, year: year), "not a date")
        self.year = year
        self.month = month
        self.day = day
    }

    /// The first day of something in force since before anyone recorded it (a protected area
    /// imported without `--effective`): earlier than every real date, shown as "unknown start".
    public static let unknownStart = Day(year: 1, month: 1, day: 1)

    /// `YYYY-MM-DD`, or "unknown start" for `unknownStart`: the form shown to people.
    public var shown: String { self == .unknownStart ? "unknown start" : description }

    /// `YYYY-MM-DD`.
    public var description: String {
        // Not String(format:), which costs microseconds: days are written in every answer.
        func padded(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
        }
        return padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2)
    }

    /// Days since 1970-01-01 (negative before), for arithmetic.
    public var ordinal: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The day `ordinal` days after 1970-01-01.
    public init(ordinal: Int) {
        let z = ordinal + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    /// The day `n` days later (earlier when negative).
    public func adding(days n: Int) -> Day { Day(ordinal: ordinal + n) }

    public static func < (a: Day, b: Day) -> Bool { a.ordinal < b.ordinal }

    public init(from decoder: any Decoder) throws {
        try self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

import GeoKit

extension Day {
    /// The day as a JSON start date: null for `unknownStart`.
    public var startJSON: JSONValue { self == .unknownStart ? .null : .string(description) }
}
