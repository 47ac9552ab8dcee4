import CGDAL

/// The attribute fields of a layer, inferred from the features' properties in first-seen order,
/// with the name each field gets in the file (Shapefiles: at most 10 bytes, unique).
struct FieldSchema {
    enum Kind { case integer, real, string, date }
    /// Each field's property name, the name written to the file, and its type.
    private(set) var fields: [(name: String, stored: String, kind: Kind)] = []

    /// Infers the fields. Text that is always a `YYYY-MM-DD` day becomes a Date field when `dates`.
    /// - Parameters:
    ///   - headers: names to write instead of property names (e.g. Chinese column headers).
    ///   - maxNameBytes: the format's limit on field names (10 for DBF), met by unique short names.
    init(_ features: [Feature], dates: Bool, headers: [String: String] = [:], maxNameBytes: Int? = nil) {
        var order: [String] = []
        var kinds: [String: Kind] = [:]
        for feature in features {
            for (key, value) in feature.properties {
                let kind: Kind? = switch value {
                case .null: nil
                case .int, .bool: .integer
                case .double: .real
                case .string(let s) where dates && FieldSchema.isDay(s): .date
                default: .string
                }
                if kinds[key] == nil, !order.contains(key) { order.append(key) }
                guard let kind else { continue }
                switch (kinds[key], kind) {
                case (nil, _): kinds[key] = kind
                case (.integer, .real): kinds[key] = .real
                case (let old?, let new) where old != new && !(old == .real && new == .integer): kinds[key] = .string
                default: break
                }
            }
        }
        var used: Set<String> = []
        fields = order.map { name in
            let wanted = headers[name] ?? name
            let stored = maxNameBytes.map { FieldSchema.shortName(wanted, maxBytes: $0, used: &used) } ?? wanted
            return (name, stored, kinds[name] ?? .string)
        }
    }

    /// True when any field is written under a name other than its property name.
    var renamesFields: Bool { fields.contains { $0.name != $0.stored } }

    /// `name` cut to `maxBytes` of UTF-8 on a character boundary, made unique (case-insensitively,
    /// as DBF readers compare) with a `_2`, `_3`... suffix.
    static func shortName(_ name: String, maxBytes: Int, used: inout Set<String>) -> String {
        func cut(_ text: String, _ limit: Int) -> String {
            var out = ""
            for ch in text where out.utf8.count + String(ch).utf8.count <= limit { out.append(ch) }
            return out
        }
        var candidate = cut(name, maxBytes)
        var n = 2
        while used.contains(candidate.lowercased()) {
            let suffix = "_\(n)"
            candidate = cut(name, maxBytes - suffix.utf8.count) + suffix
            n += 1
        }
        used.insert(candidate.lowercased())
        return candidate
    }

    private static func isDay(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return false }
        return b.enumerated().allSatisfy { i, c in i == 4 || i == 7 || (c >= 0x30 && c <= 0x39) }
    }

    func create(on layer: OGRLayerH) throws {
        for field in fields {
            let type: OGRFieldType = switch field.kind {
            case .integer: OFTInteger64
            case .real: OFTReal
            case .string: OFTString
            case .date: OFTDate
            }
            guard let defn = OGR_Fld_Create(field.stored, type) else { throw GDALError.last("cannot make field") }
            defer { OGR_Fld_Destroy(defn) }
            guard OGR_L_CreateField(layer, defn, 1) == OGRERR_NONE else {
                throw GDALError.last("cannot create field '\(field.stored)'")
            }
        }
    }

    func set(_ properties: Properties, on feature: OGRFeatureH) {
        for (i, field) in fields.enumerated() {
            let index = Int32(i)
            switch properties[field.name] {
            case nil, .null?: OGR_F_SetFieldNull(feature, index)
            case .int(let v)?: OGR_F_SetFieldInteger64(feature, index, v)
            case .bool(let b)?: OGR_F_SetFieldInteger64(feature, index, b ? 1 : 0)
            case .double(let d)?: OGR_F_SetFieldDouble(feature, index, d)
            case .string(let s)? where field.kind == .date:
                let parts = s.split(separator: "-").compactMap { Int32($0) }
                OGR_F_SetFieldDateTime(feature, index, parts[0], parts[1], parts[2], 0, 0, 0, 0)
            case .string(let s)?: OGR_F_SetFieldString(feature, index, s)
            case let other?:
                if field.kind == .string { OGR_F_SetFieldString(feature, index, other.serialized()) }
            }
        }
    }
}
