/// Grid cell codes: a GB/T 2260 administrative code (6 digits: province, city, county) followed
/// by sequence digits (3 for a township, 3 more for a village, and so on), e.g. 321202 海陵区,
/// 321202001 a township in it, 321202001001 a village.
public enum CellCode {
    /// Checks the form of a code: digits only, at least the 6 of a GB/T 2260 code.
    /// - Throws: `DomainError.invalidValue` saying what is wrong with it.
    public static func validate(_ code: String) throws {
        guard code.count >= 6, code.count <= 24, code.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw DomainError.invalidValue("'\(code)' is not a grid cell code: use a 6-digit GB/T 2260 administrative code, optionally followed by sequence digits (e.g. 321202 or 321202001)")
        }
    }

    /// The part of a code that its descendants share: a 6-digit code loses its trailing `00`
    /// pairs (321200 → 3212, 320000 → 32), since GB/T 2260 pads the levels it does not use;
    /// longer codes are their own prefix.
    public static func significantPrefix(_ code: String) -> Substring {
        var s = Substring(code)
        guard code.count == 6 else { return s }
        while s.count > 2, s.hasSuffix("00") { s = s.dropLast(2) }
        return s
    }

    /// True when `child` extends `parent`'s significant prefix (321200 → 321202, 321202 → 321202001).
    public static func extends(_ child: String, parent: String) -> Bool {
        child != parent && child.count >= parent.count && child.hasPrefix(significantPrefix(parent))
    }

    /// The code of the `sequence`-th child (1-based) of `parent` with `width` sequence digits.
    public static func child(of parent: String, sequence: Int, width: Int) -> String {
        let digits = String(sequence)
        return parent + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
