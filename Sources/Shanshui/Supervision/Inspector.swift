import Foundation

/// A law-enforcement inspector who can be drawn for inspections, with the grid cells he or she
/// answers for (never drawn for those). Personal data: kept in draws, never in public outputs.
public struct Inspector: Sendable, Hashable {
    public var name: String
    /// Normalised as `Person` does (13812345678, 0523-86881234).
    public var phone: String
    /// The inspector's own unit (执法单位).
    public var unit: String
    /// Codes of the cells the inspector answers for, sorted.
    public var cells: [String]

    /// Makes an inspector; the name and phone are checked as for grid people.
    /// - Throws: `DomainError.invalidValue` for an empty name or a malformed phone.
    public init(name: String, phone: String, unit: String, cells: [String] = []) throws {
        let person = try Person(name: name, phone: phone)
        self.name = person.name
        self.phone = person.phone
        self.unit = unit.trimmingCharacters(in: .whitespaces)
        self.cells = Array(Set(cells)).sorted(by: Canonical.less)
    }

    /// `NAME:PHONE`: the stable key inspectors are sorted by and matched against grid people.
    public var key: String { "\(name):\(phone)" }
}

/// Reads the inspector roster: a sheet (`SheetFile`: CSV or a workbook) with a header naming
/// `name`, `phone`, `unit` and optionally `cells` (codes separated by spaces, `;` or `|`).
/// Chinese headers 姓名, 电话, 单位, 网格 work too. Row order does not matter: draws sort inspectors by `key`.
public enum InspectorRoster {
    /// Reads a roster file.
    /// - Throws: `DomainError` naming the file and line of a bad row, a missing column or a
    ///   person listed twice.
    public static func read(_ path: String) throws -> [Inspector] {
        try parse(try SheetFile.read(path).csv, source: path)
    }

    /// Parses roster CSV bytes; `source` names them in messages.
    public static func parse(_ bytes: [UInt8], source: String) throws -> [Inspector] {
        let aliases: [String: [String]] = ["name": ["name", "姓名"], "phone": ["phone", "电话", "手机"],
                                           "unit": ["unit", "单位"], "cells": ["cells", "cell", "网格"]]
        var columns: [String: Int] = [:]
        var inspectors: [Inspector] = []
        var seen: [String: Int] = [:]
        try CSV.forEachRecord(bytes, source: source) { line, fields in
            let trimmed = fields.map { $0.trimmingCharacters(in: .whitespaces) }
            if columns.isEmpty {
                for (column, names) in aliases {
                    if let i = trimmed.firstIndex(where: { names.contains($0.lowercased()) }) { columns[column] = i }
                }
                for required in ["name", "phone", "unit"] where columns[required] == nil {
                    throw DomainError.invalidInput("\(source), line \(line): the header has no '\(required)' column; expected name,phone,unit[,cells]")
                }
                return
            }
            func field(_ column: String) -> String { columns[column].flatMap { $0 < trimmed.count ? trimmed[$0] : nil } ?? "" }
            let cells = field("cells").split(whereSeparator: { " ;|；".contains($0) }).map(String.init)
            let inspector: Inspector
            do {
                inspector = try Inspector(name: field("name"), phone: field("phone"), unit: field("unit"), cells: cells)
            } catch {
                throw DomainError.invalidInput("\(source), line \(line): \(error)")
            }
            if let first = seen[inspector.key] {
                throw DomainError.invalidInput("\(source), line \(line): \(inspector.name) (\(inspector.phone)) is already listed on line \(first); list each inspector once")
            }
            seen[inspector.key] = line
            inspectors.append(inspector)
        }
        guard !inspectors.isEmpty else { throw DomainError.invalidInput("\(source) lists no inspectors") }
        return inspectors
    }
}

/// The byte order every canonical form sorts by: UTF-8 bytes compared lexicographically, the same
/// on every platform and locale.
enum Canonical {
    static func less(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    /// Text safe inside one tab-separated field: tabs and line breaks become spaces.
    static func field(_ s: String) -> String {
        String(s.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 })
    }
}
