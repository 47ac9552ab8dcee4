import Foundation

/// A person who answers for a grid cell: a grid head (网格长) or grid staff (网格员), with a
/// phone number. Personal data: kept in assignments only, so it can be stripped for public output.
public struct Person: Hashable, Sendable, CustomStringConvertible {
    /// The person's name as written (Chinese names welcome).
    public var name: String
    /// A mainland mobile number (11 digits, 1[3-9]…) or a landline with area code (0523-86881234).
    public var phone: String

    /// Makes a person after checking the name and phone.
    /// - Throws: `DomainError.invalidValue` saying what is wrong with the name or the number.
    public init(name: String, phone: String) throws {
        let n = Person.trimmed(name)
        guard !n.isEmpty else { throw DomainError.invalidValue("a person needs a name (NAME:PHONE), got an empty name for '\(phone)'") }
        guard !n.unicodeScalars.contains(where: Person.notInNames.contains) else {
            throw DomainError.invalidValue("'\(n)' is not a name: write a person as NAME:PHONE and separate people with commas")
        }
        self.name = n
        self.phone = try Person.normalizedPhone(phone, of: n)
    }

    /// Parses `NAME:PHONE` (a full-width colon works too).
    /// - Throws: `DomainError.invalidValue` naming the text and what is wrong.
    public init(parsing text: String) throws {
        guard let colon = text.firstIndex(where: Person.colons.contains) else {
            throw DomainError.invalidValue("'\(text)' is not NAME:PHONE (e.g. 张伟:13812345678)")
        }
        try self.init(name: String(text[..<colon]), phone: String(text[text.index(after: colon)...]))
    }

    /// Parses a list of `NAME:PHONE` separated by commas or semicolons (ASCII or full-width, or 、).
    public static func list(parsing text: String) throws -> [Person] {
        try text.split(whereSeparator: listSeparators.contains)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .map(Person.init(parsing:))
    }

    /// What parts a name from its phone in `NAME:PHONE`.
    public static let colons: Set<Character> = [":", "："]
    /// What parts the people of a list.
    static let listSeparators: Set<Character> = [",", "，", ";", "；", "、"]
    /// What a name may not hold: the colons and list separators but `、`, which names already
    /// stored may hold (refusing it would leave them unreadable). As scalars, since a cells page
    /// checks hundreds of stored names per request.
    private static let notInNames = Set(colons.union(listSeparators).subtracting(["、"]).flatMap(\.unicodeScalars))

    /// `NAME:PHONE`, the form the CLI reads.
    public var description: String { "\(name):\(phone)" }

    /// The number in its usual written form, or an error saying what is wrong.
    static func normalizedPhone(_ text: String, of name: String) throws -> String {
        if isWrittenMobile(text) { return text }
        var t = trimmed(SpreadsheetText.halfWidth(text))
        func wrong(_ why: String) -> DomainError {
            .invalidValue("phone '\(t)' of \(name): \(why); use a mobile number like 13812345678 or a landline like 0523-86881234")
        }
        guard !t.isEmpty else { throw wrong("it is empty") }
        for prefix in ["+86", "0086"] where t.hasPrefix(prefix) { t = String(t.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces) }
        guard t.allSatisfy({ ($0.isASCII && $0.isNumber) || $0 == "-" || $0 == " " }) else {
            if let hint = SpreadsheetText.scientificNotationHint(t) { throw DomainError.invalidValue("phone of \(name): \(hint)") }
            throw wrong("it may hold only digits, '-' and spaces")
        }
        let digits = t.filter(\.isNumber)
        if digits.hasPrefix("1") {
            guard digits.count == 11 else { throw wrong("a mobile number has 11 digits, this one has \(digits.count)") }
            guard let second = digits.dropFirst().first, ("3"..."9").contains(second) else {
                throw wrong("a mobile number starts with 13 to 19")
            }
            return digits
        }
        guard digits.hasPrefix("0") else { throw wrong("a mobile number starts with 1, a landline with its area code 0…") }
        let parts = t.split(separator: "-").map { $0.filter(\.isNumber) }
        guard parts.count == 2 || parts.count == 3 else { throw wrong("write a landline as AREA-NUMBER, e.g. 0523-86881234") }
        guard (3...4).contains(parts[0].count) else { throw wrong("the area code '\(parts[0])' must have 3 or 4 digits") }
        guard (7...8).contains(parts[1].count) else { throw wrong("the local number '\(parts[1])' must have 7 or 8 digits") }
        if parts.count == 3, !(1...6).contains(parts[2].count) { throw wrong("the extension '\(parts[2])' must have 1 to 6 digits") }
        return parts.joined(separator: "-")
    }

    /// `text` without leading and trailing spaces; the same string, without Foundation's copy,
    /// when it has none (every stored person: a cells page loads hundreds of them per request).
    private static func trimmed(_ text: String) -> String {
        // Every scalar `.whitespaces` holds is white space by its Unicode properties, a test
        // that needs no CharacterSet; the trim itself stays Foundation's.
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
              first.properties.isWhitespace || last.properties.isWhitespace else { return text }
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// Whether `text` is a mobile number already in its usual written form (11 ASCII digits,
    /// 1 then 3–9), which `normalizedPhone` returns unchanged: checked byte by byte, since stored
    /// numbers are all in that form or a landline's.
    private static func isWrittenMobile(_ text: String) -> Bool {
        let bytes = text.utf8
        guard bytes.count == 11, bytes.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return false }
        let second = bytes[bytes.index(after: bytes.startIndex)]
        return bytes.first == UInt8(ascii: "1") && second >= UInt8(ascii: "3")
    }
}
