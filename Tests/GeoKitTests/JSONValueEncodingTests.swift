import GeoKit
import Testing

/// `JSONValue.encoding`: any Encodable as an ordered JSON value with snake_case names and
/// explicit nulls, the form every shape of the API and the CLI takes.
struct JSONValueEncodingTests {
    struct Inner: Encodable { var areaKm2: Double; var note: String? }
    struct Outer: Encodable {
        var zoneKind: String
        var count: Int64
        var items: [Inner]
        var nested: [[Int]]
        var raw: JSONValue
    }

    @Test func encodesInDeclarationOrderWithSnakeCaseNamesAndNulls() throws {
        let value = Outer(zoneKind: "core", count: 3, items: [Inner(areaKm2: 1.5, note: nil), Inner(areaKm2: 2, note: "x")],
                          nested: [[1, 2], []], raw: .object([("keepMe", 1)]))
        let json = try JSONValue.encoding(value)
        #expect(json.objectValue?.map(\.key) == ["zone_kind", "count", "items", "nested", "raw"])
        #expect(json["items"]?.arrayValue?.first == .object([("area_km2", .double(1.5)), ("note", .null)]))
        #expect(json["items"]?.arrayValue?.last?["note"] == "x")
        #expect(json["nested"] == .array([.array([1, 2]), .array([])]))
        // The members of a JSON value pass as they are, never snake-cased.
        #expect(json["raw"] == .object([("keepMe", 1)]))
        #expect(json.serialized() == #"{"zone_kind":"core","count":3,"items":[{"area_km2":1.5,"note":null},{"area_km2":2.0,"note":"x"}],"nested":[[1,2],[]],"raw":{"keepMe":1}}"#)
    }
}
