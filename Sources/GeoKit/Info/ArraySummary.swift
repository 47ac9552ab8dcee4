import Foundation

/// A NumPy `.npy` array (eo-learn and many EO pipelines keep bands and masks so): element type,
/// shape and memory order. GDAL has no driver for it, and it carries no georeferencing.
public struct ArraySummary: Sendable {
    public var path: String
    /// NumPy's type string, e.g. `<f4` (little-endian float32).
    public var dtype: String
    public var shape: [Int]
    public var fortranOrder: Bool

    /// Reads the header of a `.npy` file; nil when the file is not one.
    public init?(path: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 12), head.count >= 10,
              head.prefix(6) == Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]) else { return nil }
        let major = head[6]
        let length = major == 1 ? Int(head[8]) | Int(head[9]) << 8
            : Int(head[8]) | Int(head[9]) << 8 | Int(head[10]) << 16 | Int(head[11]) << 24
        let start = major == 1 ? 10 : 12
        try? handle.seek(toOffset: UInt64(start))
        guard length < 1 << 20, let bytes = try? handle.read(upToCount: length),
              let header = String(data: bytes, encoding: .isoLatin1) else { return nil }
        func value(_ key: String) -> String? {
            guard let r = header.range(of: "'\(key)':") else { return nil }
            return String(header[r.upperBound...]).trimmingCharacters(in: .whitespaces)
        }
        guard let descr = value("descr"), let shape = value("shape"), let order = value("fortran_order") else { return nil }
        self.path = path
        dtype = descr.split(separator: "'").first.map(String.init) ?? descr
        self.shape = shape.drop { $0 != "(" }.dropFirst().prefix { $0 != ")" }
            .split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        fortranOrder = order.hasPrefix("True")
    }

    /// The element type in words, e.g. "Float32".
    public var typeName: String {
        let kind = dtype.dropFirst(dtype.first.map { "<>|=".contains($0) } == true ? 1 : 0)
        guard let letter = kind.first, let size = Int(kind.dropFirst()) else { return dtype }
        switch letter {
        case "f": return "Float\(size * 8)"
        case "i": return "Int\(size * 8)"
        case "u": return size == 1 ? "Byte" : "UInt\(size * 8)"
        case "b": return "Bool"
        default: return dtype
        }
    }

    var json: JSONValue {
        .object([("kind", "array"), ("path", .string(path)), ("driver", "NumPy"), ("type", .string(typeName)),
                 ("dtype", .string(dtype)), ("shape", .array(shape.map { .int(Int64($0)) })),
                 ("fortranOrder", .bool(fortranOrder)), ("crs", .null)])
    }

    var text: String {
        var lines = InfoLines()
        lines.add("File", path)
        lines.add("Kind", "array (NumPy .npy)")
        lines.add("Type", "\(typeName) (\(dtype)), \(fortranOrder ? "Fortran" : "C") order")
        lines.add("Shape", shape.map(String.init).joined(separator: " × "))
        lines.add("CRS", "none (NumPy arrays carry no georeferencing)")
        return lines.text
    }
}
