import GeoKit

/// A page of a listing (`GET /api/v1/cases`, `GET /api/v1/protected-areas`): the items under
/// the listing's own name (`cases`, `areas`), how many matched in all, the page asked for and
/// the link to the next page (left out on the last page).
public struct PageShape: Shape {
    /// The member holding the items: `cases`, `areas`.
    public var itemsKey: String
    public var items: [JSONValue]
    public var total: Int
    public var limit: Int
    public var offset: Int
    public var next: String?

    /// Shapes the domain value(s) given.
    public init(_ itemsKey: String, items: [JSONValue], total: Int, limit: Int, offset: Int, next: String?) {
        (self.itemsKey, self.items, self.total, self.limit, self.offset, self.next) = (itemsKey, items, total, limit, offset, next)
    }

    /// A page of cases as `audience` sees them, judged overdue on `today`.
    public static func cases(_ cases: [Case], audience: Audience, today: Day, total: Int, limit: Int, offset: Int, next: String?) -> PageShape {
        PageShape("cases", items: cases.map { audience.view(CaseRecordShape($0, today: today)).json }, total: total, limit: limit,
                  offset: offset, next: next)
    }

    /// A page of protected areas in force on a day.
    public static func areas(_ areas: [AreaVersion], total: Int, limit: Int, offset: Int, next: String?) -> PageShape {
        PageShape("areas", items: areas.map { AreaSummaryShape($0).json }, total: total, limit: limit, offset: offset, next: next)
    }

    /// Writes the members in their documented order.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: JSONKey.self)
        try c.encode(items, forKey: JSONKey(itemsKey))
        try c.encode(total, forKey: JSONKey("total"))
        try c.encode(limit, forKey: JSONKey("limit"))
        try c.encode(offset, forKey: JSONKey("offset"))
        if let next { try c.encode(next, forKey: JSONKey("next")) }
    }
}
