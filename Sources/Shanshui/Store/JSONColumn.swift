import Foundation
import Synchronization

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

    /// The value a JSON text holds, or nil for nil. A short text decoded before gives the value
    /// kept from then: many rows hold the same text (every case of a reserve its area, every case
    /// of a cell its responsibility), and decoding was a sixth of a case page's time.
    public static func decode<T: Decodable & Sendable>(_ type: T.Type, _ text: String?) throws -> T? {
        guard let text else { return nil }
        guard text.utf8.count <= DecodedTexts.longestText else { return try JSONDecoder().decode(T.self, from: Data(text.utf8)) }
        return try decodedTexts.value(T.self, text) { try JSONDecoder().decode(T.self, from: Data(text.utf8)) }
    }

    private static let decodedTexts = DecodedTexts()
}

/// Values decoded from JSON texts, by type and text (a text always decodes to the same value).
/// Bounded: when full it starts again empty.
final class DecodedTexts: Sendable {
    /// Texts longer than this are decoded each time.
    static let longestText = 2048
    /// How many values are kept at most.
    static let capacity = 4096

    private struct Key: Hashable {
        let type: ObjectIdentifier
        let text: String
    }

    private let kept = Mutex<[Key: any Sendable]>([:])

    /// The value of `text`, made by `decode` the first time.
    func value<T: Sendable>(_ type: T.Type, _ text: String, decode: () throws -> T) throws -> T {
        let key = Key(type: ObjectIdentifier(T.self), text: text)
        if let value = kept.withLock({ $0[key] }) as? T { return value }
        let value = try decode()
        kept.withLock { kept in
            if kept.count >= Self.capacity { kept.removeAll(keepingCapacity: true) }
            kept[key] = value
        }
        return value
    }
}
