import Foundation

extension JSONValue: Codable {
    /// Reads any JSON value (object member order as the decoder gives it).
    public init(from decoder: any Decoder) throws {
        if let keyed = try? decoder.container(keyedBy: JSONKey.self) {
            self = .object(try keyed.allKeys.map { (key: $0.stringValue, value: try keyed.decode(JSONValue.self, forKey: $0)) })
            return
        }
        if var items = try? decoder.unkeyedContainer() {
            var values: [JSONValue] = []
            while !items.isAtEnd { values.append(try items.decode(JSONValue.self)) }
            self = .array(values)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() { self = .null } else if let b = try? single.decode(Bool.self) { self = .bool(b) } else if let i = try? single.decode(Int64.self) {
            self = .int(i)
        } else if let d = try? single.decode(Double.self) { self = .double(d) } else { self = .string(try single.decode(String.self)) }
    }

    /// Writes the value; objects keep their member order.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .object(let members):
            var keyed = encoder.container(keyedBy: JSONKey.self)
            for (key, value) in members { try keyed.encode(value, forKey: JSONKey(key)) }
        case .array(let items):
            var unkeyed = encoder.unkeyedContainer()
            for item in items { try unkeyed.encode(item) }
        case .null:
            var single = encoder.singleValueContainer()
            try single.encodeNil()
        case .bool(let b):
            var single = encoder.singleValueContainer()
            try single.encode(b)
        case .int(let i):
            var single = encoder.singleValueContainer()
            try single.encode(i)
        case .double(let d):
            var single = encoder.singleValueContainer()
            try single.encode(d)
        case .string(let s):
            var single = encoder.singleValueContainer()
            try single.encode(s)
        }
    }

    /// Any `Encodable` value as a `JSONValue`: Swift names in snake_case (`areaKm2` is `area_km2`),
    /// object members in the order the value encodes them, absent optionals written as `null` (the shapes of the API and `--json` say
    /// "no value" explicitly, so clients see every field the schema declares).
    public static func encoding(_ value: some Encodable) throws -> JSONValue {
        if let json = value as? JSONValue { return json }
        let encoder = JSONValueEncoder()
        try value.encode(to: encoder)
        return encoder.box.resolved
    }
}

/// A coding key holding a JSON member name as it is: the encoder writes it unchanged (no
/// snake_case), so names read from data (a patch's measures) come out as they went in.
public struct JSONKey: CodingKey {
    public var stringValue: String
    public var intValue: Int?
    /// The key `name`.
    public init(_ name: String) { stringValue = name }
    public init(stringValue: String) { self.stringValue = stringValue }
    public init(intValue: Int) { stringValue = String(intValue); self.intValue = intValue }

    /// `areaKm2` as `area_km2`: an underscore before each capital, all lower case.
    public static func snakeCase(_ name: String) -> String {
        // Swift property names are ASCII: converted byte by byte (every response encodes dozens).
        if name.utf8.allSatisfy({ $0 < 0x80 }) {
            let capitals = name.utf8.reduce(0) { $0 + ($1 >= 0x41 && $1 <= 0x5A ? 1 : 0) }
            guard capitals > 0 else { return name }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(name.utf8.count + capitals)
            for byte in name.utf8 {
                if byte >= 0x41 && byte <= 0x5A {
                    if !bytes.isEmpty { bytes.append(0x5F) }
                    bytes.append(byte + 0x20)
                } else {
                    bytes.append(byte)
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        var out = ""
        for ch in name {
            if ch.isUppercase, !out.isEmpty { out.append("_") }
            out += ch.lowercased()
        }
        return out
    }
}

/// A growing JSON value shared by a container and the encoder that made it.
final class JSONBox {
    var value: JSONValue = .null
    var members: [(key: String, value: JSONBox)]?
    var items: [JSONBox]?

    /// The finished value.
    var resolved: JSONValue {
        if let members { return .object(members.map { (key: $0.key, value: $0.value.resolved) }) }
        if let items { return .array(items.map(\.resolved)) }
        return value
    }
}

/// Encodes into a `JSONValue` (see `JSONValue.encoding`).
final class JSONValueEncoder: Encoder {
    let box = JSONBox()
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]

    init(codingPath: [any CodingKey] = []) { self.codingPath = codingPath }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if box.members == nil { box.members = [] }
        return KeyedEncodingContainer(Keyed<Key>(box: box, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if box.items == nil { box.items = [] }
        return Unkeyed(box: box, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { Single(box: box, codingPath: codingPath) }

    /// The value of `value` encoded on its own, at `path`.
    static func child(_ value: some Encodable, path: [any CodingKey]) throws -> JSONBox {
        if let json = value as? JSONValue {
            let box = JSONBox()
            box.value = json
            return box
        }
        let encoder = JSONValueEncoder(codingPath: path)
        try value.encode(to: encoder)
        return encoder.box
    }

    /// A finished scalar value.
    static func leaf(_ value: JSONValue) -> JSONBox {
        let box = JSONBox()
        box.value = value
        return box
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let box: JSONBox
        var codingPath: [any CodingKey]

        private func put(_ key: Key, _ child: JSONBox) {
            // Swift names become snake_case; the keys of a JSON value pass as they are.
            let name = Key.self == JSONKey.self ? key.stringValue : JSONKey.snakeCase(key.stringValue)
            if let i = box.members?.firstIndex(where: { $0.key == name }) { box.members?[i].value = child } else {
                box.members?.append((key: name, value: child))
            }
        }

        mutating func encodeNil(forKey key: Key) throws { put(key, leaf(.null)) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { put(key, leaf(.bool(value))) }
        mutating func encode(_ value: String, forKey key: Key) throws { put(key, leaf(.string(value))) }
        mutating func encode(_ value: Double, forKey key: Key) throws { put(key, leaf(.double(value))) }
        mutating func encode(_ value: Float, forKey key: Key) throws { put(key, leaf(.double(Double(value)))) }
        mutating func encode(_ value: Int, forKey key: Key) throws { put(key, leaf(.int(Int64(value)))) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { put(key, leaf(.int(value))) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            put(key, try child(value, path: codingPath + [key]))
        }
        // Absent optionals are written as null, not left out.
        mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { put(key, leaf(value.map(JSONValue.bool) ?? .null)) }
        mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { put(key, leaf(value.map(JSONValue.string) ?? .null)) }
        mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { put(key, leaf(value.map(JSONValue.double) ?? .null)) }
        mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { put(key, leaf(value.map { .int(Int64($0)) } ?? .null)) }
        mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { put(key, leaf(value.map(JSONValue.int) ?? .null)) }
        mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
            guard let value else { return put(key, leaf(.null)) }
            try encode(value, forKey: key)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            let child = JSONBox()
            child.members = []
            put(key, child)
            return KeyedEncodingContainer(Keyed<NestedKey>(box: child, codingPath: codingPath + [key]))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let child = JSONBox()
            child.items = []
            put(key, child)
            return Unkeyed(box: child, codingPath: codingPath + [key])
        }

        mutating func superEncoder() -> any Encoder { superEncoder(forKey: Key(stringValue: "super")!) }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            let encoder = JSONValueEncoder(codingPath: codingPath + [key])
            put(key, encoder.box)
            return encoder
        }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let box: JSONBox
        var codingPath: [any CodingKey]
        var count: Int { box.items?.count ?? 0 }

        mutating func encodeNil() throws { box.items?.append(leaf(.null)) }
        mutating func encode(_ value: Bool) throws { box.items?.append(leaf(.bool(value))) }
        mutating func encode(_ value: String) throws { box.items?.append(leaf(.string(value))) }
        mutating func encode(_ value: Double) throws { box.items?.append(leaf(.double(value))) }
        mutating func encode(_ value: Int) throws { box.items?.append(leaf(.int(Int64(value)))) }
        mutating func encode(_ value: Int64) throws { box.items?.append(leaf(.int(value))) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            // Made before appending: reading `count` during the append would overlap the access.
            let item = try child(value, path: codingPath + [JSONKey(intValue: count)])
            box.items?.append(item)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let child = JSONBox()
            child.members = []
            let path = codingPath + [JSONKey(intValue: count)]
            box.items?.append(child)
            return KeyedEncodingContainer(Keyed<NestedKey>(box: child, codingPath: path))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let child = JSONBox()
            child.items = []
            let path = codingPath + [JSONKey(intValue: count)]
            box.items?.append(child)
            return Unkeyed(box: child, codingPath: path)
        }

        mutating func superEncoder() -> any Encoder {
            let encoder = JSONValueEncoder(codingPath: codingPath + [JSONKey(intValue: count)])
            box.items?.append(encoder.box)
            return encoder
        }
    }

    struct Single: SingleValueEncodingContainer {
        let box: JSONBox
        var codingPath: [any CodingKey]

        mutating func encodeNil() throws { box.value = .null }
        mutating func encode(_ value: Bool) throws { box.value = .bool(value) }
        mutating func encode(_ value: String) throws { box.value = .string(value) }
        mutating func encode(_ value: Double) throws { box.value = .double(value) }
        mutating func encode(_ value: Int) throws { box.value = .int(Int64(value)) }
        mutating func encode(_ value: Int64) throws { box.value = .int(value) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            let child = try JSONValueEncoder.child(value, path: codingPath)
            box.value = child.value
            box.members = child.members
            box.items = child.items
        }
    }
}

extension JSONValueEncoder.Keyed {
    fileprivate func leaf(_ value: JSONValue) -> JSONBox { JSONValueEncoder.leaf(value) }
    fileprivate func child(_ value: some Encodable, path: [any CodingKey]) throws -> JSONBox { try JSONValueEncoder.child(value, path: path) }
}

extension JSONValueEncoder.Unkeyed {
    fileprivate func leaf(_ value: JSONValue) -> JSONBox { JSONValueEncoder.leaf(value) }
    fileprivate func child(_ value: some Encodable, path: [any CodingKey]) throws -> JSONBox { try JSONValueEncoder.child(value, path: path) }
}
