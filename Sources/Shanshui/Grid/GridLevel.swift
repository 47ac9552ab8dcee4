import Foundation

/// The level of a grid cell (网格层级): `county`, `township`, `village`, or a custom name such as
/// `city` or `block`. Known levels have a fixed order, so a parent can be checked to sit above
/// its children; custom levels are ordered by their codes' length instead.
public struct GridLevel: Hashable, Sendable, CustomStringConvertible, Comparable {
    /// The level name as stored and shown (lower-case for the known levels).
    public let name: String

    /// The known levels from the top down, with their Chinese names.
    public static let known: [(name: String, chinese: String)] = [
        ("province", "省"), ("city", "市"), ("county", "县"), ("township", "乡镇"), ("village", "村"),
    ]
    /// Province (省), above every grid.
    public static let province = GridLevel(known: "province")
    /// Prefecture-level city (市), e.g. 泰州市.
    public static let city = GridLevel(known: "city")
    /// County or district (县/区): the unit that divides its land into grids.
    public static let county = GridLevel(known: "county")
    /// Township or subdistrict (乡镇/街道).
    public static let township = GridLevel(known: "township")
    /// Village or community (村/社区): the usual finest grid cell.
    public static let village = GridLevel(known: "village")

    private init(known name: String) { self.name = name }

    /// Parses a level: a known name (any case, or its Chinese name: 县, 乡镇, 村...) or a custom
    /// name of letters, digits, `_` and `-`.
    /// - Throws: `DomainError.invalidValue` saying what a level may be.
    public init(parsing text: String) throws {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let k = GridLevel.known.first(where: { $0.name == t.lowercased() || $0.chinese == t }) {
            name = k.name
            return
        }
        guard !t.isEmpty, t.count <= 32,
              t.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" })
        else {
            throw DomainError.invalidValue("'\(text)' is not a grid level: use county, township, village, or a custom name of letters, digits, _ and -")
        }
        name = t.lowercased()
    }

    /// Position among the known levels (0 = province), nil for a custom level.
    public var rank: Int? { GridLevel.known.firstIndex { $0.name == name } }

    /// True when a cell of this level may be the parent of a cell of `child` level: a known level
    /// must be above a known child; with a custom level either side, only the codes can tell.
    public func mayBeParent(of child: GridLevel) -> Bool {
        guard let a = rank, let b = child.rank else { return self != child }
        return a < b
    }

    public var description: String { name }

    /// Known levels by rank; custom levels after them, by name.
    public static func < (a: GridLevel, b: GridLevel) -> Bool {
        switch (a.rank, b.rank) {
        case let (x?, y?): x < y
        case (.some, nil): true
        case (nil, .some): false
        case (nil, nil): a.name < b.name
        }
    }
}
