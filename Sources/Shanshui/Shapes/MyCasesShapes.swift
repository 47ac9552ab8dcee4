import GeoKit

/// One of "my cases": the case's record (flat), its revision (for If-Match) and where it lies
/// from the person (distance and bearing, null without a position) with a `geo:` link to it.
public struct MyCaseShape: Shape {
    public var record: CaseRecordShape
    public var revision: Int
    public var distanceM: Double?
    public var bearingDeg: Double?
    /// `geo:` link of the case's centroid, for the phone's navigation app.
    public var geoUri: String?

    /// Shapes one of `MyCases.items(of:on:from:)`, its record judged on `today`.
    public init(_ item: MyCases.Item, today: Day) {
        record = CaseRecordShape(item.case, today: today)
        revision = item.case.revision
        distanceM = item.distanceMetres.map { rounded($0, places: 1) }
        bearingDeg = item.bearingDegrees.map { rounded($0, places: 1) }
        geoUri = item.centroid.map(MyCases.geoURI)
    }

    enum CodingKeys: CodingKey { case revision, distanceM, bearingDeg, geoUri }

    /// The record's fields first (flat), then the rest.
    public func encode(to encoder: any Encoder) throws {
        try record.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(revision, forKey: .revision)
        try c.encode(distanceM, forKey: .distanceM)
        try c.encode(bearingDeg, forKey: .bearingDeg)
        try c.encode(geoUri, forKey: .geoUri)
    }
}

/// A grid person's cases in the field on a day: the person (by phone), the cells where they are
/// on duty and the cases of those cells, by due day then distance (see `MyCases`).
public struct MyCasesShape: Shape {
    public var asOf: Day
    public var person: Phone
    public var cells: [DutyCellShape]
    public var cases: [MyCaseShape]

    /// The person as this answer names them: by phone only (`GET /api/v1/session` has their name).
    public struct Phone: Shape {
        public var phone: String
    }

    /// The answer for the person with `phone` on `today`.
    public init(phone: String, on today: Day, cells: [(code: String, role: String)], items: [MyCases.Item]) {
        asOf = today
        person = Phone(phone: phone)
        self.cells = cells.map(DutyCellShape.init)
        cases = items.map { MyCaseShape($0, today: today) }
    }
}
