import Foundation

/// How stores keep domain values (verdicts, responsibility snapshots) in text columns: JSON with
/// sorted keys, so every store writes the same text for the same value.
public enum JSONColumn {
    /// The JSON text of a value, or nil for nil.
    public static func encode<T: Encodable>(_ value: T?) throws -> String? {
        guard let value else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// The value a JSON text holds, or nil for nil.
    public static func decode<T: Decodable>(_ type: T.Type, _ text: String?) throws -> T? {
        guard let text else { return nil }
        return try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }
}
