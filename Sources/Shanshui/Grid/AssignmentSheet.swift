import Foundation

/// Reads assignment sheets (责任表): CSV, UTF-8, a header row, as grid offices keep them
/// (a workbook comes through `SheetFile`; dates as Excel writes them, see `Day.fromSpreadsheet`).
///
/// Two layouts are understood (headers in English or Chinese):
/// - one row per cell: `cell_code, unit, head, staff[, phone][, effective]`, where `head` is
///   `NAME:PHONE` (or a name with its number in `phone`) and `staff` is `NAME:PHONE,NAME:PHONE`;
/// - one row per person: `cell_code, unit, person, phone[, role][, effective]`, `role` being
///   head/网格长 or staff/网格员 (without it, a cell's first row is its head).
public enum AssignmentSheet {
    /// The header names each column may have (first is canonical).
    static let columns: [String: [String]] = [
        "cell_code": ["cell_code", "code", "网格编码", "网格代码", "编码"],
        "unit": ["unit", "责任单位", "单位"],
        "head": ["head", "网格长"],
        "staff": ["staff", "网格员"],
        "person": ["person", "name", "姓名"],
        "role": ["role", "角色", "职务"],
        "phone": ["phone", "电话", "联系电话", "手机"],
        "effective": ["effective", "valid_from", "生效日期"],
    ]

    /// Parses a sheet into assignments and, for each, the rows it came from ("row 2 (line 3)").
    /// - Parameter effective: the first day for rows without an `effective` column.
    /// - Throws: `DomainError` naming the file, row and column at fault.
    public static func parse(_ bytes: [UInt8], source: String, effective: Day) throws -> (assignments: [Assignment], labels: [String]) {
        var header: [String: Int] = [:]
        var groups: [(key: String, label: String, unit: String, day: Day, head: Person?, staff: [Person])] = []
        var rowNumber = 0
        try CSV.forEachRecord(bytes, source: source) { line, fields in
            guard !header.isEmpty else {
                header = try columnsOf(fields, source: source)
                return
            }
            rowNumber += 1
            let label = "\(source), row \(rowNumber) (line \(line))"
            func value(_ column: String) -> String? {
                header[column].flatMap { $0 < fields.count ? fields[$0].trimmingCharacters(in: .whitespaces) : nil }.flatMap { $0.isEmpty ? nil : $0 }
            }
            do {
                guard let code = value("cell_code").map(SpreadsheetText.halfWidth) else { throw DomainError.invalidInput("the cell code is empty") }
                guard let unit = value("unit") else { throw DomainError.invalidInput("the unit is empty") }
                let day = try value("effective").map(Day.fromSpreadsheet) ?? effective
                if header["head"] != nil {
                    guard let head = value("head") else { throw DomainError.invalidInput("the head is empty") }
                    let person = head.contains(where: Person.colons.contains) || value("phone") == nil
                        ? try Person(parsing: head) : try Person(name: head, phone: value("phone")!)
                    groups.append((code, label, unit, day, person, try Person.list(parsing: value("staff") ?? "")))
                    return
                }
                guard let name = value("person") else { throw DomainError.invalidInput("the person is empty") }
                let person = try Person(name: name, phone: value("phone") ?? "")
                let role = try value("role").map(role(of:))
                let key = "\(code)\u{1F}\(day)"
                if let g = groups.lastIndex(where: { $0.key == key }) {
                    guard groups[g].unit == unit else {
                        throw DomainError.invalidInput("unit '\(unit)' differs from '\(groups[g].unit)' given for cell \(code) in \(groups[g].label)")
                    }
                    if role == "head" || (role == nil && groups[g].head == nil) {
                        guard groups[g].head == nil else { throw DomainError.invalidInput("cell \(code) already has a head in \(groups[g].label)") }
                        groups[g].head = person
                    } else {
                        groups[g].staff.append(person)
                    }
                } else {
                    let isHead = role == nil || role == "head"
                    groups.append((key, label, unit, day, isHead ? person : nil, isHead ? [] : [person]))
                }
            } catch {
                throw DomainError.invalidInput("\(label): \(error)")
            }
        }
        guard !header.isEmpty else { throw DomainError.invalidInput("\(source) is empty: it needs a header row and one row per cell or person") }
        return (try groups.map { g in
            let code = g.key.split(separator: "\u{1F}").first.map(String.init) ?? g.key
            guard let head = g.head else { throw DomainError.invalidInput("\(g.label): cell \(code) has no grid head (role head/网格长)") }
            return try Assignment(cellCode: code, unit: g.unit, head: head, staff: g.staff, validFrom: g.day)
        }, groups.map(\.label))
    }

    private static func columnsOf(_ fields: [String], source: String) throws -> [String: Int] {
        var found: [String: Int] = [:]
        for (i, f) in fields.enumerated() {
            let name = f.trimmingCharacters(in: .whitespaces).lowercased()
            if let canonical = columns.first(where: { $0.value.contains(name) })?.key, found[canonical] == nil { found[canonical] = i }
        }
        let layout = found["head"] != nil || found["person"] != nil
        guard found["cell_code"] != nil, found["unit"] != nil, layout else {
            throw DomainError.invalidInput("\(source): the header row (\(fields.joined(separator: ","))) needs the columns cell_code, unit and head (with staff), or cell_code, unit, person and phone (with role)")
        }
        return found
    }

    private static func role(of text: String) throws -> String {
        switch text.lowercased() {
        case "head", "网格长", "grid head": return "head"
        case "staff", "网格员", "grid staff": return "staff"
        default: throw DomainError.invalidValue("role '\(text)' is neither head (网格长) nor staff (网格员)")
        }
    }
}
