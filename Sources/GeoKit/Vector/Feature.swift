/// One vector feature: an optional id, an optional geometry and ordered properties.
///
/// The same value comes out of every `VectorSource` (Shapefile, GeoPackage, GeoJSON, KML, CSV)
/// and goes into every sink, so the domain never sees OGR.
public struct Feature: Hashable, Sendable {
    /// The feature id (GeoJSON `id`, OGR FID), when there is one.
    public var id: JSONValue?
    /// The shape, or nil for a feature without geometry.
    public var geometry: Geometry?
    /// Attribute values in field order.
    public var properties: Properties

    /// Makes a feature.
    public init(id: JSONValue? = nil, geometry: Geometry?, properties: Properties = Properties()) {
        self.id = id
        self.geometry = geometry
        self.properties = properties
    }
}

/// Feature attributes: named JSON values that keep their order.
public struct Properties: Hashable, Sendable, Sequence, ExpressibleByDictionaryLiteral {
    /// The attributes in order.
    public private(set) var members: [(key: String, value: JSONValue)]

    /// Makes properties from ordered members.
    public init(_ members: [(key: String, value: JSONValue)] = []) {
        self.members = members
    }

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.members = elements.map { (key: $0.0, value: $0.1) }
    }

    /// The value of `key`; setting nil removes it, setting a new key appends it.
    public subscript(key: String) -> JSONValue? {
        get { members.first { $0.key == key }?.value }
        set {
            if let i = members.firstIndex(where: { $0.key == key }) {
                if let newValue { members[i].value = newValue } else { members.remove(at: i) }
            } else if let newValue {
                members.append((key: key, value: newValue))
            }
        }
    }

    /// The attribute names in order.
    public var keys: [String] { members.map(\.key) }

    public func makeIterator() -> IndexingIterator<[(key: String, value: JSONValue)]> {
        members.makeIterator()
    }

    public static func == (lhs: Properties, rhs: Properties) -> Bool {
        JSONValue.object(lhs.members) == JSONValue.object(rhs.members)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(JSONValue.object(members))
    }
}
