import GeoKit

/// JSON Schema fragments for the OpenAPI documents, written in OpenAPI 3.0 form
/// (`nullable: true`); `openAPI31` turns a schema into 3.1 form (`type: [T, "null"]`).
enum Schema {
    static let string: JSONValue = .object([("type", "string")])
    static let number: JSONValue = .object([("type", "number")])
    static let boolean: JSONValue = .object([("type", "boolean")])
    static let date: JSONValue = .object([("type", "string"), ("format", "date")])
    static let dateTime: JSONValue = .object([("type", "string"), ("format", "date-time")])
    /// Any JSON value.
    static let any: JSONValue = .object([])

    /// An integer, optionally bounded.
    static func integer(minimum: Int? = nil, maximum: Int? = nil, default value: Int? = nil) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [("type", "integer")]
        if let minimum { members.append(("minimum", .int(Int64(minimum)))) }
        if let maximum { members.append(("maximum", .int(Int64(maximum)))) }
        if let value { members.append(("default", .int(Int64(value)))) }
        return .object(members)
    }

    /// A number within a range.
    static func number(_ range: ClosedRange<Double>) -> JSONValue {
        .object([("type", "number"), ("minimum", .double(range.lowerBound)), ("maximum", .double(range.upperBound))])
    }

    /// One of these strings.
    static func enumeration(_ values: [String]) -> JSONValue {
        .object([("type", "string"), ("enum", .array(values.map(JSONValue.string)))])
    }

    /// An array of `items`.
    static func array(_ items: JSONValue, minItems: Int? = nil, maxItems: Int? = nil) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [("type", "array"), ("items", items)]
        if let minItems { members.append(("minItems", .int(Int64(minItems)))) }
        if let maxItems { members.append(("maxItems", .int(Int64(maxItems)))) }
        return .object(members)
    }

    /// An object with these properties, some required; other members are allowed.
    static func object(_ properties: [(String, JSONValue)], required: [String] = []) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [("type", "object"),
                                                          ("properties", .object(properties.map { (key: $0.0, value: $0.1) }))]
        if !required.isEmpty { members.append(("required", .array(required.map(JSONValue.string)))) }
        return .object(members)
    }

    /// A reference to a component schema.
    static func ref(_ name: String) -> JSONValue {
        .object([("$ref", .string("#/components/schemas/" + name))])
    }

    /// The schema, or null.
    static func nullable(_ schema: JSONValue) -> JSONValue {
        guard case .object(var members) = schema, members.contains(where: { $0.key == "type" }) else {
            // A reference cannot take siblings in 3.0: wrap it.
            return .object([("allOf", .array([schema])), ("nullable", true)])
        }
        members.append(("nullable", true))
        return .object(members)
    }

    /// The schema in OpenAPI 3.1 form: `nullable: true` becomes a `"null"` type (or a `oneOf` with null).
    static func openAPI31(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let items): return .array(items.map(openAPI31))
        case .object(let members):
            let nullable = members.contains { $0.key == "nullable" && $0.value == true }
            var out = members.filter { $0.key != "nullable" }.map { (key: $0.key, value: openAPI31($0.value)) }
            guard nullable else { return .object(out) }
            if let i = out.firstIndex(where: { $0.key == "type" }), case .string(let type) = out[i].value {
                out[i].value = .array([.string(type), "null"])
                if let e = out.firstIndex(where: { $0.key == "enum" }), case .array(let values) = out[e].value {
                    out[e].value = .array(values + [.null])
                }
                return .object(out)
            }
            return .object([("oneOf", .array([.object(out), .object([("type", "null")])]))])
        default: return value
        }
    }
}
