/// How spreadsheet programs spoil codes and numbers typed into cells of the General format, so
/// that a sheet refused for it says what happened and how to fix it in Excel or WPS.
public enum SpreadsheetText {
    /// A hint when `text` is a long number Excel or WPS wrote in scientific notation
    /// (`1.38523E+10`, `3.21202E+11`): the digits after the fifth or so are gone for good,
    /// so nothing can be read back, only the column re-entered as text. Nil otherwise.
    public static func scientificNotationHint(_ text: String) -> String? {
        let parts = text.uppercased().split(separator: "E", omittingEmptySubsequences: false)
        guard parts.count == 2, let mantissa = Double(parts[0]), mantissa.isFinite, !parts[0].isEmpty,
              parts[1].first == "+", let exponent = Int(parts[1].dropFirst()), exponent > 0
        else { return nil }
        return "'\(text)' is a number the spreadsheet shortened to scientific notation, and its other digits are lost: "
            + "format the column as Text (文本) in Excel or WPS, enter the numbers again and save"
    }

    /// `text` with full-width forms (０–９, Ａ–Ｚ, －, ／, the ideographic space…, U+FF01–FF5E and
    /// U+3000), which a Chinese input method types in full-width mode, made ASCII: for codes,
    /// phone numbers and dates, never for names, whose （） are meant.
    public static func halfWidth(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { (0xFF01...0xFF5E).contains($0.value) || $0.value == 0x3000 }) else { return text }
        var scalars = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            switch s.value {
            case 0xFF01...0xFF5E: scalars.append(Unicode.Scalar(s.value - 0xFEE0)!)
            case 0x3000: scalars.append(" ")
            default: scalars.append(s)
            }
        }
        return String(scalars)
    }

    /// A hint when `text` is what Excel writes for a date in a cell of the General or Number
    /// format: its serial number (days since 1899-12-30), five digits for dates from 1927 to 2173.
    public static func serialDateHint(_ text: String) -> String? {
        guard text.count == 5, text.allSatisfy({ $0.isASCII && $0.isNumber }), let serial = Int(text) else { return nil }
        let day = Day(ordinal: serial - 25_569)  // 1899-12-30 is 25,569 days before 1970-01-01
        return "'\(text)' looks like Excel's serial number for \(day): format the column as a date (日期) and save again"
    }
}
