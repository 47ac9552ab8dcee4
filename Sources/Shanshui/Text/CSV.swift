import Foundation
import GeoKit

/// Comma-separated values as spreadsheets write them (RFC 4180): quoted fields with commas,
/// quotes and line breaks inside, CRLF or LF, a UTF-8 byte-order mark tolerated, and text in
/// UTF-8 or (as Excel and WPS save "CSV" on Chinese Windows) GB18030/GBK.
public enum CSV {
    /// Calls `body` with each record's fields and the 1-based line it starts on, blank records
    /// (`isBlank`) left out. The bytes are decoded first (`DecodedText.decode`: UTF-8, else
    /// GB18030, unless `encoding` is given), so no field ever holds a replacement character for
    /// bytes that were not text.
    /// - Throws: `TextEncodingError` naming the line that is not text; `DomainError.invalidInput`
    ///   for an unterminated quote, naming the line; or what `body` throws.
    public static func forEachRecord(_ raw: [UInt8], source: String = "the CSV file", encoding: TextEncoding? = nil,
                                     _ body: (_ line: Int, _ fields: [String]) throws -> Void) throws {
        let bytes = try DecodedText.decode(raw, source: source, forcing: encoding).utf8
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1
        var fields: [String] = []
        var field: [UInt8] = []
        var recordLine = 1
        var inQuotes = false
        var quoteLine = 0
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        while i < bytes.count {
            let b = bytes[i]
            if inQuotes {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\"") { field.append(b); i += 1 } else { inQuotes = false }
                } else {
                    if b == UInt8(ascii: "\n") { line += 1 }
                    field.append(b)
                }
            } else if b == UInt8(ascii: "\"") && field.isEmpty {
                inQuotes = true
                quoteLine = line
            } else if b == UInt8(ascii: ",") {
                endField()
            } else if b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") {
                if b == UInt8(ascii: "\r"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\n") { i += 1 }
                endField()
                if !isBlank(fields) { try body(recordLine, fields) }
                fields.removeAll(keepingCapacity: true)
                line += 1
                recordLine = line
            } else {
                field.append(b)
            }
            i += 1
        }
        if inQuotes { throw DomainError.invalidInput("line \(quoteLine): a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty {
            endField()
            if !isBlank(fields) { try body(recordLine, fields) }
        }
    }

    /// Whether a record holds nothing but empty or white-space fields: a blank line, or the rows
    /// of bare commas Excel and WPS save below a table whose cells were once edited or formatted.
    static func isBlank(_ fields: [String]) -> Bool {
        fields.allSatisfy { $0.allSatisfy(\.isWhitespace) }
    }

    /// One record as CSV text (no line end), quoting fields that need it.
    public static func line(_ fields: [String]) -> String {
        fields.map { f in
            f.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D })
                ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f
        }.joined(separator: ",")
    }
}
