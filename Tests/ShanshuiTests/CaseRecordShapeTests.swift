import GeoKit
import Shanshui
import Testing

/// The case record's hand-built JSON (what case pages and listings answer) equals its
/// `Encodable` form, with every optional member absent and with every one present.
@Suite("Case record JSON")
struct CaseRecordShapeTests {
    static func record() throws -> CaseRecordShape {
        let area = CaseArea(id: 7, code: "R7", name: "Reserve seven", kind: .nationalNatureReserve, zone: nil)
        let c = Case(id: 42, number: "2026-0042", severity: .high, area: area, activity: "mining", geometry: .multiPolygon([]),
                     overlapM2: 1234.56, patchIDs: [1], responsibility: nil, detectedOn: try Day("2026-03-31"), dueOn: try Day("2026-04-30"))
        return CaseRecordShape(c, today: try Day("2026-05-01"))
    }

    @Test func theRecordWithoutOptionalMembersEqualsItsEncodedForm() throws {
        let shape = try Self.record()
        #expect(shape.json == (try JSONValue.encoding(shape)))
        #expect(Audience.anonymous.view(shape).json == (try JSONValue.encoding(Audience.anonymous.view(shape))))
    }

    @Test func theRecordWithEveryMemberEqualsItsEncodedForm() throws {
        var shape = try Self.record()
        shape.supervisionLevel = "county"
        shape.supervised = true
        shape.recurrenceOf = "2025-0001"
        shape.zone = .core
        shape.verdict = "confirmed"
        (shape.transferDepartment, shape.transferReceipt) = ("Water bureau", "R-1")
        (shape.villageCode, shape.villageName, shape.townshipCode, shape.townshipName) = ("1", "Village", "2", "Township")
        (shape.countyCode, shape.countyName, shape.cellCode) = ("3", "County", "1")
        shape.routed = true
        shape.routedOn = try Day("2026-04-01")
        (shape.unit, shape.head, shape.staff) = ("Unit", "Head:13800000000", "A:13900000000, B:13700000000")
        (shape.routedUnit, shape.routedHead, shape.routedStaff) = ("Unit 2", "Head2:13800000001", "C:13900000001")
        let encoded = try JSONValue.encoding(shape)
        #expect(shape.json == encoded)
        #expect(encoded.objectValue?.count == 36)
        #expect(encoded.objectValue?.contains { $0.value == .null } == false)
        #expect(Audience.anonymous.view(shape).json == (try JSONValue.encoding(Audience.anonymous.view(shape))))
    }
}
