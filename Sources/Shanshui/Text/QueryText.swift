import GeoKit

/// The text of query parameters (`limit`, `offset`, `bbox`, `datetime`) read into values by
/// pure rules, so the HTTP layer and the fuzz harness run the same code on the same bytes.
public enum QueryText {
    /// What was wrong with a parameter's text, as one sentence for a 400 answer.
    public struct Invalid: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// A whole number written in decimal within `range`; nil for anything else (signs and
    /// digits only, no overflow: `Int(_:)` refuses what does not fit).
    public static func wholeNumber(_ text: String, in range: ClosedRange<Int>) -> Int? {
        guard let n = Int(text), range.contains(n) else { return nil }
        return n
    }

    /// A bounding box `minLon,minLat,maxLon,maxLat` (or the 6-number 3D form) in WGS84 degrees.
    /// - Throws: `Invalid` when it has not four (or six) numbers, lies outside ±180/±90, or min > max.
    public static func bbox(_ text: String) throws(Invalid) -> Envelope {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 4 || parts.count == 6, parts.allSatisfy({ $0 != nil }) else {
            throw Invalid(description: "bbox must be minLon,minLat,maxLon,maxLat (four numbers), got '\(text.prefix(80))'")
        }
        let v = parts.map { $0! }
        let (minX, minY, maxX, maxY) = v.count == 4 ? (v[0], v[1], v[2], v[3]) : (v[0], v[1], v[3], v[4])
        guard (-180...180).contains(minX), (-180...180).contains(maxX), (-90...90).contains(minY), (-90...90).contains(maxY) else {
            throw Invalid(description: "bbox \(text.prefix(80)) is out of range: longitudes must lie in -180…180 and latitudes in -90…90")
        }
        guard minY <= maxY, minX <= maxX else {
            throw Invalid(description: "bbox \(text.prefix(80)): the minimum must not exceed the maximum")
        }
        return Envelope(minX: minX, minY: minY, maxX: maxX, maxY: maxY)
    }

    /// The as-of day of an OGC `datetime`: an instant (`2024-01-01`, `2024-01-01T00:00:00Z`) or
    /// the end of an interval; nil (today) when open-ended.
    /// - Throws: `Invalid` when the end is not a date.
    public static func asOfDay(datetime text: String) throws(Invalid) -> Day? {
        let end = text.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? text
        if end == ".." || end.isEmpty { return nil }
        do { return try Day(String(end.prefix(10))) } catch {
            throw Invalid(description: "datetime '\(text.prefix(80))' is not a date (YYYY-MM-DD), a date-time or an interval")
        }
    }
}
