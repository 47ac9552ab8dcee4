import Foundation
import Shanshui
import Testing

/// Stored JSON texts decode to the same values whether decoded for the first time or kept from
/// an earlier row (`JSONColumn.decode` keeps short texts' values by type and text).
@Suite("JSON columns")
struct JSONColumnTests {
    @Test func aTextDecodedAgainGivesTheSameValue() throws {
        let snapshot = ResponsibilitySnapshot(chain: [CellReference(level: "village", code: "990001000001", name: "One")],
                                              unit: "Unit 1", head: "Head:13800000001", staff: ["A:13900000001"])
        let text = try #require(try JSONColumn.encode(snapshot))
        let first = try JSONColumn.decode(ResponsibilitySnapshot.self, text)
        let again = try JSONColumn.decode(ResponsibilitySnapshot.self, text)
        #expect(first == snapshot)
        #expect(again == snapshot)
    }

    @Test func theSameTextDecodesByTheTypeAsked() throws {
        let words = try JSONColumn.decode([String].self, "[]")
        let numbers = try JSONColumn.decode([Int].self, "[]")
        #expect(words == [])
        #expect(numbers == [])
        #expect(try JSONColumn.decode([String].self, #"["a"]"#) == ["a"])
        #expect(throws: (any Error).self) { try JSONColumn.decode([Int].self, #"["a"]"#) }
        #expect(try JSONColumn.decode([Int].self, nil) == nil)
    }

    @Test func aLongTextDecodesWithoutBeingKept() throws {
        let long = (0..<1000).map { "item\($0)" }
        let text = try #require(try JSONColumn.encode(long))
        #expect(text.utf8.count > 2048)
        #expect(try JSONColumn.decode([String].self, text) == long)
        #expect(try JSONColumn.decode([String].self, text) == long)
    }
}
