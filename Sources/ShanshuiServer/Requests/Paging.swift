import Foundation
import Hummingbird
import Shanshui

/// `limit` and `offset` of every paged route, parsed by one rule: whole numbers within sane
/// bounds, else 400 naming the parameter. Offsets are capped so that `offset + limit` can never
/// overflow, whatever a caller sends.
struct Paging: Sendable {
    var limit: Int
    var offset: Int

    /// The largest offset any route accepts (a billion rows is far past any real listing).
    static let maximumOffset = 1_000_000_000

    /// Reads `limit` and `offset` from the query.
    /// - Parameters:
    ///   - defaultLimit: The limit when none is given.
    ///   - maximumLimit: The largest page served.
    ///   - clampLimit: Serve `maximumLimit` for a larger (but sane) limit instead of refusing it
    ///     (OGC API Features asks servers to clamp); a limit past `maximumOffset` is still 400.
    /// - Throws: `Problem` 400 naming the parameter and its range.
    init(_ request: Request, defaultLimit: Int, maximumLimit: Int, clampLimit: Bool = false) throws {
        let limitRange = 1...(clampLimit ? Self.maximumOffset : maximumLimit)
        limit = min(try Self.number(request, "limit", default: defaultLimit, in: limitRange), maximumLimit)
        offset = try Self.number(request, "offset", default: 0, in: 0...Self.maximumOffset)
    }

    /// The offset of the page after this one.
    var nextOffset: Int { offset.addingReportingOverflow(limit).overflow ? Int.max : offset + limit }

    /// True when rows remain after this page of a listing of `total` rows.
    func hasMore(total: Int) -> Bool { nextOffset < total }

    /// The request's own URL asking for the next page, when rows remain after this one.
    func next(_ request: Request, total: Int) -> String? {
        hasMore(total: total) ? Self.url(request, replacing: "offset", with: String(nextOffset)) : nil
    }

    /// The request's own URL with one query parameter replaced (for `next` links).
    static func url(_ request: Request, replacing name: String, with value: String) -> String {
        var items = request.uri.queryParameters.map { (String($0.key), String($0.value)) }.filter { $0.0 != name }
        items.append((name, value))
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+")
        let query = items.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.1)" }
        return request.uri.path + "?" + query.joined(separator: "&")
    }

    /// One whole-number query parameter within `range`.
    static func number(_ request: Request, _ name: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = request.query(name) else { return value }
        guard let n = QueryText.wholeNumber(text, in: range) else {
            var p = Problem.badRequest("query parameter '\(name)' must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(text.prefix(40))'")
            p.extra = [("parameter", .string(name))]
            throw p
        }
        return n
    }
}
