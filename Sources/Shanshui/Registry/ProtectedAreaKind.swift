/// The kinds of protected area (保护地) Shanshui supervises, with the zones each may have.
public enum ProtectedAreaKind: String, CaseIterable, Sendable, Codable {
    case nationalPark = "national_park"
    case nationalNatureReserve = "national_nature_reserve"
    case provincialNatureReserve = "provincial_nature_reserve"
    case municipalNatureReserve = "municipal_nature_reserve"
    case countyNatureReserve = "county_nature_reserve"
    case naturalPark = "natural_park"
    case drinkingWaterSource = "drinking_water_source"
    case ecologicalRedLine = "ecological_red_line"
    case ecologicalFunctionArea = "ecological_function_area"

    /// The Chinese name used in official documents.
    public var chineseName: String {
        switch self {
        case .nationalPark: "国家公园"
        case .nationalNatureReserve: "国家级自然保护区"
        case .provincialNatureReserve: "省级自然保护区"
        case .municipalNatureReserve: "市级自然保护区"
        case .countyNatureReserve: "县级自然保护区"
        case .naturalPark: "自然公园"
        case .drinkingWaterSource: "饮用水水源保护区"
        case .ecologicalRedLine: "生态保护红线"
        case .ecologicalFunctionArea: "重点生态功能区"
        }
    }

    /// True for the four nature-reserve levels.
    public var isNatureReserve: Bool {
        switch self {
        case .nationalNatureReserve, .provincialNatureReserve, .municipalNatureReserve, .countyNatureReserve: true
        default: false
        }
    }

    /// True for nature reserves and national parks, which law requires to be divided into zones.
    public var mustBeZoned: Bool { isNatureReserve || self == .nationalPark }

    /// The zones this kind may be divided into (nature reserves: core/buffer/experimental;
    /// national parks: core protection/general control; others: none).
    public var allowedZones: [ZoneKind] {
        if isNatureReserve { return [.core, .buffer, .experimental] }
        if self == .nationalPark { return [.coreProtection, .generalControl] }
        return []
    }

    /// Parses a code or its Chinese name.
    /// - Throws: `DomainError.invalidValue` listing the accepted values.
    public init(parsing text: String) throws {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let k = ProtectedAreaKind(rawValue: t.lowercased()) ?? ProtectedAreaKind.allCases.first(where: { $0.chineseName == t }) {
            self = k
            return
        }
        throw DomainError.invalidValue("unknown protected-area kind '\(text)'; accepted: "
            + ProtectedAreaKind.allCases.map(\.rawValue).joined(separator: ", "))
    }
}

/// A functional zone (功能区) of a nature reserve or national park.
public enum ZoneKind: String, CaseIterable, Sendable, Codable {
    case core
    case buffer
    case experimental
    case coreProtection = "core_protection"
    case generalControl = "general_control"

    /// The Chinese name used in official documents.
    public var chineseName: String {
        switch self {
        case .core: "核心区"
        case .buffer: "缓冲区"
        case .experimental: "实验区"
        case .coreProtection: "核心保护区"
        case .generalControl: "一般控制区"
        }
    }

    /// Parses a code, its Chinese name, or common English spellings ("Core Zone", "experiment").
    /// - Throws: `DomainError.invalidValue` listing the accepted values.
    public init(parsing text: String) throws {
        let t = text.trimmingCharacters(in: .whitespaces)
        let key = t.lowercased().replacingOccurrences(of: " zone", with: "").replacingOccurrences(of: " ", with: "_")
        let aliases: [String: ZoneKind] = ["experiment": .experimental, "experimental_area": .experimental,
                                          "core_protection_zone": .coreProtection, "general_control_zone": .generalControl]
        if let z = ZoneKind(rawValue: key) ?? aliases[key] ?? ZoneKind.allCases.first(where: { $0.chineseName == t }) {
            self = z
            return
        }
        throw DomainError.invalidValue("unknown zone '\(text)'; accepted: "
            + ZoneKind.allCases.map { "\($0.rawValue) (\($0.chineseName))" }.joined(separator: ", "))
    }
}

/// Why a boundary version came to be.
public enum BoundaryChange: String, CaseIterable, Sendable, Codable {
    case establish, adjust, upgrade, downgrade, merge, split, withdraw

    /// Parses a change kind.
    /// - Throws: `DomainError.invalidValue` listing the accepted values.
    public init(parsing text: String) throws {
        guard let c = BoundaryChange(rawValue: text.lowercased()) else {
            throw DomainError.invalidValue("unknown boundary change '\(text)'; accepted: "
                + BoundaryChange.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self = c
    }
}

import Foundation
