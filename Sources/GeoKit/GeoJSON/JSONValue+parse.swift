extension JSONValue {
    /// Parses JSON text (RFC 8259) from UTF-8 bytes, keeping object members in order.
    ///
    /// Numbers written without fraction or exponent that fit in 64 bits become `.int`, all
    /// others `.double`, so integers survive a round trip as integers. A UTF-8 byte order
    /// mark is skipped.
    /// - Parameters:
    ///   - bytes: The UTF-8 text: `Data`, `[UInt8]`, a `String`'s `utf8` view...
    ///   - maxDepth: How deeply arrays and objects may nest; deeper input is rejected
    ///     instead of exhausting the stack.
    ///   - refuseDuplicateKeys: Reject an object that names a member twice (request bodies).
    /// - Returns: The value the text holds.
    /// - Throws: `JSONError` with what was wrong and its line and column.
    public static func parse(_ bytes: some Collection<UInt8>, maxDepth: Int = 512, refuseDuplicateKeys: Bool = false) throws -> JSONValue {
        let parsed = try bytes.withContiguousStorageIfAvailable { buffer in
            var parser = JSONParser(buffer, maxDepth: maxDepth, refuseDuplicateKeys: refuseDuplicateKeys)
            return try parser.parseDocument()
        }
        if let parsed { return parsed }
        return try parse(Array(bytes), maxDepth: maxDepth, refuseDuplicateKeys: refuseDuplicateKeys)
    }

    /// Checks that bytes are strict JSON (RFC 8259 numbers and literals, well-formed UTF-8) and
    /// returns its top levels only: containers deeper than `keepingDepth` read as `null`, so a
    /// file of hundreds of megabytes is checked without holding its tree.
    /// - Parameter maxMembers: Refuse an object with more members than this (feature properties
    ///   that GDAL would read in quadratic time).
    /// - Throws: `JSONError` with what was wrong and its line and column.
    public static func check(_ bytes: some Collection<UInt8>, keepingDepth: Int, maxMembers: Int = .max) throws -> JSONValue {
        let parsed = try bytes.withContiguousStorageIfAvailable { buffer in
            var parser = JSONParser(buffer, maxDepth: 512, keepDepth: keepingDepth)
            let value = try parser.parseDocument()
            if parser.widestObject.members > maxMembers {
                let (line, column) = parser.location(of: parser.widestObject.offset)
                throw JSONError(.tooManyMembers(parser.widestObject.members, limit: maxMembers), line: line, column: column,
                                offset: parser.widestObject.offset)
            }
            return value
        }
        if let parsed { return parsed }
        return try check(Array(bytes), keepingDepth: keepingDepth, maxMembers: maxMembers)
    }

    /// Parses JSON text (RFC 8259), keeping object members in order.
    /// - Parameter text: The JSON text.
    /// - Throws: `JSONError` with what was wrong and its line and column.
    public init(parsing text: String) throws {
        var text = text
        self = try text.withUTF8 { try JSONValue.parse($0) }
    }
}
