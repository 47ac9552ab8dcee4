import Foundation
import GeoKit

/// A table as offices keep one: a CSV file (UTF-8, else GB18030/GBK as Excel and WPS save
/// "CSV" on Chinese Windows) or the first worksheet of a workbook (`.xlsx`, `.xls`, `.ods`:
/// Excel, WPS, LibreOffice), read by GDAL. Both come out as UTF-8 CSV bytes, so each sheet
/// reader (`AssignmentSheet`, `InspectorRoster`) has one parser for either.
public enum SheetFile {
    /// The extensions read as workbooks.
    static let workbookExtensions: Set<String> = ["xlsx", "xls", "ods"]

    /// Whether `path` names a workbook rather than a CSV file.
    public static func isWorkbook(_ path: String) -> Bool {
        workbookExtensions.contains(URL(fileURLWithPath: path).pathExtension.lowercased())
    }

    /// The table as UTF-8 CSV bytes, and for a CSV file in GB18030 the line saying so (nil
    /// otherwise: a workbook's text is Unicode). A worksheet's header row is line 1 and each row
    /// keeps its row number as its line, so messages name the row Excel shows; numbers typed
    /// into cells come out without a decimal part when they have none (codes, phone numbers),
    /// dates as `YYYY/MM/DD` (`Day.fromSpreadsheet` reads them).
    /// - Throws: `DomainError` when the file cannot be read or the workbook has no worksheet;
    ///   `TextEncodingError` naming the line of a CSV file in neither encoding.
    public static func read(_ path: String, encoding: TextEncoding? = nil) throws -> (csv: [UInt8], note: String?) {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw DomainError.invalidInput("cannot read '\(path)': no such file or not readable")
        }
        guard isWorkbook(path) else {
            let text = try DecodedText.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), source: path, forcing: encoding)
            return (text.utf8, text.note(for: path))
        }
        let source: VectorSource
        do { source = try VectorSource(path: path) } catch {
            throw DomainError.invalidInput("cannot read the workbook '\(path)': it is damaged or not a workbook (\(error))")
        }
        guard let sheet = source.layers.first else { throw DomainError.invalidInput("the workbook '\(path)' has no worksheet") }
        let columns = sheet.fields.map(\.name)
        var lines = [CSV.line(columns)]
        try sheet.forEachFeature { _, feature in
            // GDAL numbers a worksheet's features by their row; rows it skipped stay blank lines.
            if case .int(let row)? = feature.id { while lines.count + 1 < Int(row) { lines.append("") } }
            lines.append(CSV.line(columns.map { text(feature.properties[$0]) }))
        }
        return (Array((lines.joined(separator: "\n") + "\n").utf8), nil)
    }

    /// A cell's value as text: whole numbers without a decimal part, empty for an empty cell.
    static func text(_ value: JSONValue?) -> String {
        switch value {
        case .int(let i)?: return String(i)
        case .double(let d)? where d.rounded() == d && abs(d) < 1e15: return String(Int64(d))
        case .double(let d)?: return String(d)
        case .string(let s)?: return s
        case .bool(let b)?: return b ? "true" : "false"
        default: return ""
        }
    }
}
