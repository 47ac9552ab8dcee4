import Foundation
#if !SHANSHUI_FUZZ
// scripts/fuzz compiles GeoKit, these entry points and the few Shanshui files they need as one
// module (with libFuzzer instrumentation), so there is nothing to import there.
import GeoKit
import Shanshui
#endif

/// The entry points of the fuzz harness: each takes arbitrary bytes and runs them through one
/// parser the way user input reaches it. A thrown error is a fine answer; a trap, a crash or
/// a broken invariant (checked with `precondition`) is a finding. `scripts/fuzz` drives them
/// with libFuzzer; the test suite runs every file of `Tests/Fixtures/fuzz/<target>/` through them.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// JSON text (RFC 8259, request bodies: duplicate keys refused), and its round trip.
    case json
    /// GeoJSON documents (uploads), read to WGS84 lon/lat and encoded again.
    case geojson
    /// CSV sheets (assignments, inspectors, lookups), UTF-8 or GB18030.
    case csv
    /// A URL query string: `limit`, `offset`, `bbox`, `datetime`, `as_of` as the HTTP routes read them.
    case query
    /// A raster file (GeoTIFF or, after an `ENVI` first line, an ENVI header over 4 KB of pixels):
    /// opened, header checked, first pixels read.
    case raster

    /// Feeds `bytes` to this target.
    public func run(_ bytes: [UInt8]) {
        switch self {
        case .json: FuzzTarget.json(bytes)
        case .geojson: FuzzTarget.geojson(bytes)
        case .csv: FuzzTarget.csv(bytes)
        case .query: FuzzTarget.query(bytes)
        case .raster: FuzzTarget.raster(bytes)
        }
    }

    static func json(_ bytes: [UInt8]) {
        guard let value = try? JSONValue.parse(bytes, refuseDuplicateKeys: true) else { return }
        // What we write we must read back as the same value.
        let text = value.serialized()
        let again: JSONValue
        do { again = try JSONValue.parse(Array(text.utf8), refuseDuplicateKeys: true) } catch {
            preconditionFailure("serialized JSON does not parse again: \(error): \(text.prefix(200))")
        }
        precondition(again.serialized() == text, "JSON round trip changed the value: \(text.prefix(200))")
    }

    static func geojson(_ bytes: [UInt8]) {
        guard let features = try? GeoJSON.read(bytes) else { return }
        let encoded = GeoJSON.encode(features)
        do { _ = try GeoJSON.decode(encoded) } catch {
            preconditionFailure("encoded GeoJSON does not decode again: \(error)")
        }
    }

    static func csv(_ bytes: [UInt8]) {
        var records = 0
        try? CSV.forEachRecord(bytes) { line, fields in
            precondition(line >= 1 && !fields.isEmpty, "CSV record without a line or fields")
            records += 1
        }
        _ = records
    }

    static func query(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "") : ""
            switch name {
            case "limit", "offset":
                if let n = QueryText.wholeNumber(value, in: 0...1_000_000_000) {
                    precondition((0...1_000_000_000).contains(n), "whole number outside its range")
                }
            case "bbox":
                if let box = try? QueryText.bbox(value) {
                    precondition(box.minX <= box.maxX && box.minY <= box.maxY, "bbox with min above max")
                }
            case "datetime": _ = try? QueryText.asOfDay(datetime: value)
            default: _ = try? Day(value)
            }
        }
    }

    /// A scratch path of its own (`stem` + `suffix`), so runs in parallel do not meet.
    private static func scratch(_ stem: String, _ suffix: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("shanshui-fuzz-\(stem)\(suffix)").path
    }

    static func raster(_ bytes: [UInt8]) {
        let isENVI = bytes.starts(with: Array("ENVI".utf8))
        let stem = UUID().uuidString
        let path = scratch(stem, isENVI ? ".dat" : ".tif")
        let header = scratch(stem, ".hdr")
        defer {
            unlink(path)
            unlink(header)
        }
        if isENVI {
            guard FileManager.default.createFile(atPath: header, contents: Data(bytes)),
                  FileManager.default.createFile(atPath: path, contents: Data(repeating: 7, count: 4096)) else { return }
        } else {
            guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { return }
        }
        guard let raster = try? Raster.open(path), (try? raster.checkPlausible()) != nil else { return }
        let window = Window(column: 0, row: 0, width: min(64, raster.width), height: min(64, raster.height))
        _ = try? raster.read(band: 1, window: window, as: Float.self)
    }
}
