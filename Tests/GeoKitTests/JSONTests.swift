import Foundation
import GeoKit
import Testing

@Suite struct JSONTests {
    private func parse(_ text: String) throws -> JSONValue { try JSONValue(parsing: text) }

    private func error(_ text: String) -> JSONError? {
        #expect(throws: JSONError.self) { try JSONValue(parsing: text) }
    }

    private func error(bytes: [UInt8]) -> JSONError? {
        #expect(throws: JSONError.self) { try JSONValue.parse(bytes) }
    }

    // MARK: Parsing

    @Test func integersWithoutFractionOrExponentAreInts() throws {
        let value = try parse("[1, -1, 0, -0, 1.0, 1e2, 9223372036854775807, -9223372036854775808, 9223372036854775808]")
        let expected: JSONValue = .array([1, -1, 0, 0, .double(1), .double(100), .int(.max), .int(.min),
                                          .double(9_223_372_036_854_775_808)])
        #expect(value == expected)
    }

    @Test func objectMembersKeepTheirOrder() throws {
        let text = #"{"z":1,"a":{"y":true,"b":null},"m":"x"}"#
        let value = try parse(text)
        #expect(value.objectValue?.map(\.key) == ["z", "a", "m"])
        #expect(value.serialized() == text)
    }

    @Test func escapesIncludingSurrogatePairsAreDecoded() throws {
        let value = try parse(#""\"\\\/\b\f\n\r\t\u00e9\u4E2D\ud83d\ude00""#)
        #expect(value == .string("\"\\/\u{8}\u{C}\n\r\té中😀"))
    }

    @Test func unpairedSurrogatesAreRejected() {
        for text in [#""\ud800""#, #""\udc00""#, #""\ud800\u0041""#, #""\ud800x""#] {
            #expect(error(text)?.reason == .unpairedSurrogate(text.contains("dc00") ? "DC00" : "D800"))
        }
    }

    @Test func malformedJSONSaysWhatAndWhere() {
        let text = "{\n  \"a\": 1,\n  \"b\": 2 3\n}"
        let description = error(text)?.description
        #expect(description == "malformed JSON at line 3, column 10: expected ',' or '}', found '3'")
    }

    @Test func columnsCountCharactersNotBytes() {
        let found = error(#"{"名称": x}"#)
        #expect(found?.line == 1)
        #expect(found?.column == 8)
        #expect(found?.reason == .unexpected(found: "'x'", expected: "a value"))
    }

    @Test func commonMistakesHaveClearMessages() {
        #expect(error("")?.reason == .unexpected(found: "end of input", expected: "a value"))
        #expect(error("[1,]")?.reason == .unexpected(found: "']'", expected: "a value"))
        #expect(error(#"{"a":1,}"#)?.reason == .unexpected(found: "'}'", expected: "a member name in quotes"))
        #expect(error("{a:1}")?.reason == .unexpected(found: "'a'", expected: "a member name in quotes or '}'"))
        #expect(error(#"{"a" 1}"#)?.reason == .unexpected(found: "'1'", expected: "':' after the member name"))
        #expect(error("1 2")?.reason == .unexpected(found: "'2'", expected: "end of input after the JSON value"))
        #expect(error("tru")?.reason == .unexpected(found: "end of input", expected: "'true'"))
        #expect(error("01")?.reason == .unexpected(found: "'1'", expected: "'.', 'e' or the end of the number after a leading 0"))
        #expect(error("1.")?.reason == .unexpected(found: "end of input", expected: "a digit after '.'"))
        #expect(error("-x")?.reason == .unexpected(found: "'x'", expected: "a digit after '-'"))
        #expect(error(#""a\x""#)?.reason == .invalidEscape("x"))
        #expect(error(#""\u12g4""#)?.reason == .invalidEscape("u12g"))
        #expect(error("\"a\nb\"")?.reason == .controlCharacterInString(0x0A))
        #expect(error(#"["abc"#)?.reason == .unterminatedString)
    }

    @Test func truncatedDocumentsThrowAtEveryCut() throws {
        let text = #"{"type":"Feature","id":"A-3","properties":{"名称":"西湖","n":[1,2.5e-3,true,null]}}"#
        let bytes = Array(text.utf8)
        _ = try JSONValue.parse(bytes)
        for cut in 0..<bytes.count {
            #expect(throws: JSONError.self) { try JSONValue.parse(bytes[0..<cut]) }
        }
    }

    @Test func corruptedBytesNeverCrash() {
        // Every single-byte change of a valid document either parses or throws a JSONError.
        let bytes = Array(#"{"a":[1,-2.5e3,"中\u00e9\n",{"b":null,"c":[true,false]}],"d":"x"}"#.utf8)
        var outcomes = (parsed: 0, failed: 0)
        for i in bytes.indices {
            for replacement: UInt8 in [0x00, 0x22, 0x2C, 0x5B, 0x5D, 0x7B, 0x7D, 0x5C, 0x80, 0xC3, 0xFF] {
                var corrupted = bytes
                corrupted[i] = replacement
                do {
                    _ = try JSONValue.parse(corrupted)
                    outcomes.parsed += 1
                } catch is JSONError {
                    outcomes.failed += 1
                } catch {
                    Issue.record("unexpected error \(error)")
                }
            }
        }
        #expect(outcomes.failed > 0)
    }

    @Test func deepNestingIsRejectedNotFollowed() throws {
        let hostile = String(repeating: "[", count: 100_000)
        #expect(error(hostile)?.reason == .nestingTooDeep(limit: 512))
        let deepest = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        _ = try parse(deepest)
        let tooDeep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect(error(tooDeep)?.reason == .nestingTooDeep(limit: 512))
        #expect(error(String(repeating: #"{"a":"#, count: 600))?.reason == .nestingTooDeep(limit: 512))
    }

    @Test func hugeNumbersAreRejected() {
        let tooLarge = "1" + String(repeating: "0", count: 400)
        #expect(error(tooLarge)?.description.contains("number out of range: 1000000000") == true)
        #expect(error("[1e999]")?.reason == .numberOutOfRange("1e999"))
        #expect(error("-1e400")?.reason == .numberOutOfRange("-1e400"))
        let endless = "0." + String(repeating: "1", count: 100_000)
        #expect(error(endless)?.reason == .numberTooLong(length: 100_002, limit: 1024))
    }

    @Test func invalidUTF8IsRejectedWhereItIs() {
        #expect(error(bytes: [0x22, 0x61, 0xFF, 0x22])?.reason == .invalidUTF8(0xFF))
        #expect(error(bytes: [0x22, 0x61, 0xFF, 0x22])?.column == 3)
        #expect(error(bytes: [0x22, 0xC0, 0xAF, 0x22])?.reason == .invalidUTF8(0xC0))
        #expect(error(bytes: [0x22, 0xED, 0xA0, 0x80, 0x22])?.reason == .invalidUTF8(0xA0))
        #expect(error(bytes: [0x22, 0xE4, 0xB8])?.reason == .invalidUTF8(0xE4))
        #expect(error(bytes: [0x22, 0xE4, 0xB8, 0x22])?.reason == .invalidUTF8(0x22))
        #expect(error(bytes: [0xFF])?.reason == .unexpected(found: "byte 0xFF", expected: "a value"))
    }

    @Test func byteOrderMarkIsSkipped() throws {
        #expect(try JSONValue.parse([0xEF, 0xBB, 0xBF] + Array("[1]".utf8)) == .array([1]))
    }

    @Test func doublesReadExactlyAsSwiftReadsThem() throws {
        var generator = SplitMix64(seed: 4490)
        var texts = ["0.1", "120.1234567", "-33.8688", "5e-324", "1.7976931348623157e308", "2.2250738585072014e-308",
                     "9007199254740993.0", "0.30000000000000004", "123456789012345678901234567890.5", "1E+2", "-0.0"]
        for _ in 0..<2000 {
            texts.append(Double.random(in: -1e6...1e6, using: &generator).description)
            texts.append("\(Int.random(in: -999_999...999_999, using: &generator)).\(UInt64.random(in: 0...9_999_999_999, using: &generator))")
        }
        for text in texts {
            let parsed = try parse(text)
            #expect(parsed.doubleValue?.bitPattern == Double(text)?.bitPattern, "\(text)")
        }
    }

    @Test func bytesNeedNotBeContiguous() throws {
        let bytes = Array(#"{"a":[1,2]}"#.utf8).lazy.map { $0 }
        #expect(try JSONValue.parse(bytes) == .object([("a", .array([1, 2]))]))
    }

    // MARK: Serializing

    @Test func stringsEscapeOnlyWhatJSONRequires() {
        let value: JSONValue = .string("a\u{1}b\n\"q\"\\中/é\u{7F}")
        #expect(value.serialized() == #""a\u0001b\n\"q\"\\中/é\#u{7F}""#)
    }

    @Test func numbersAreWrittenShortestAndExact() {
        let value: JSONValue = .array([.double(0.1), .double(3), .double(1e-7), .double(-0.0), .double(1e21),
                                       .int(.min), .int(42), .double(.infinity), .double(.nan)])
        #expect(value.serialized() == "[0.1,3.0,1e-07,-0.0,1e+21,-9223372036854775808,42,null,null]")
    }

    @Test func prettyOutputIsIndentedAndStable() throws {
        let value: JSONValue = .object([("a", .array([1, .object([])])), ("b", .array([])), ("c", .object([("d", nil)]))])
        let expected = """
        {
          "a": [
            1,
            {}
          ],
          "b": [],
          "c": {
            "d": null
          }
        }
        """
        #expect(value.serialized(pretty: true) == expected)
        #expect(try JSONValue(parsing: expected) == value)
    }

    @Test func valuesSurviveARoundTrip() throws {
        let value: JSONValue = .object([
            ("名称", "西湖 \"景区\"\t\u{0}"), ("n", 7), ("x", .double(120.1234567)), ("ok", false), ("none", nil),
            ("list", .array([1, .double(2.5), "三", .array([.array([])]), .object([("k", .double(-1e-300))])])),
        ])
        #expect(try JSONValue(parsing: value.serialized()) == value)
        #expect(try JSONValue.parse(value.serializedData(pretty: true)) == value)
    }
}

