import GeoKit

/// A noun as callers see it: one `Codable` struct per noun (area, cell, case...), printed by
/// the CLI's `--json`, answered by the REST API and declared in its OpenAPI document, so the
/// three never drift apart. Member names are the snake_case of the Swift names, in declaration
/// order; an absent value is written as `null`, never left out.
public protocol Shape: Encodable, Sendable {
    /// The shape as an ordered JSON value.
    var json: JSONValue { get }
}

extension Shape {
    /// The shape as an ordered JSON value.
    public var json: JSONValue {
        // Shapes hold only strings, numbers, days and JSON values: encoding them cannot fail.
        (try? JSONValue.encoding(self)) ?? .null
    }
}

/// A shape with a public view: what anonymous callers of a public service may see. The view is
/// built from named public fields (a whitelist), so a field added later stays private until it
/// is named here.
public protocol RedactableShape: Shape {
    /// The members anyone may see, by their JSON name.
    static var publicFields: Set<String> { get }
}

/// The public view of a shape: only its `publicFields` (see `RedactableShape`).
public struct PublicView<Full: RedactableShape>: Shape {
    /// The full shape the view is taken from.
    public let full: Full

    /// The public view of `full`.
    public init(_ full: Full) { self.full = full }

    /// Writes the members in their documented order.
    public func encode(to encoder: any Encoder) throws {
        try json.encode(to: encoder)
    }

    /// The full shape's public members, taken from its JSON value as they are (not encoded again).
    public var json: JSONValue {
        .object((full.json.objectValue ?? []).filter { Full.publicFields.contains($0.key) })
    }
}

/// Who a shape is for: the full shape for signed-in callers, the public view for anonymous
/// callers of a public service.
public enum Audience: Sendable {
    case signedIn, anonymous

    /// The audience of a caller who may (or may not) see personal data.
    public init(personal: Bool) { self = personal ? .signedIn : .anonymous }

    /// `shape` as this audience sees it.
    public func view<S: RedactableShape>(_ shape: S) -> any Shape {
        self == .signedIn ? shape : PublicView(shape)
    }
}

/// Rounds a measure to `places` decimals, as every shape shows measures.
func rounded(_ value: Double, places: Int) -> Double {
    let scale = [1.0, 10, 100, 1000, 1e4][places]
    return (value * scale).rounded() / scale
}
