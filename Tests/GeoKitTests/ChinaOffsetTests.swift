import Foundation
import Testing
@testable import GeoKit
import ShanshuiTestSupport

@Suite("GCJ-02 and BD-09")
struct ChinaOffsetTests {
    /// Geodesic areas of Taizhou's districts from shared/data/README.md.
    static let districts: [(code: String, name: String, km2: Double)] = [
        ("321202", "海陵", 387.96), ("321203", "高港", 322.83), ("321204", "姜堰", 861.18),
        ("321281", "兴化", 2394.83), ("321282", "靖江", 651.06), ("321283", "泰兴", 1175.84),
    ]

    @Test(arguments: districts)
    func taizhouDistrictAfterConversion(district: (code: String, name: String, km2: Double)) throws {
        let layer = try VectorSource(path: Fixture.path("admin_cn/\(district.code).geojson")).layer()
        let gcj = try #require(try layer.features().first?.geometry)
        let wgs = gcj.converted(from: .gcj02)
        let km2 = wgs.geodesicArea / 1e6
        #expect(abs(km2 - district.km2) / district.km2 < 0.005, "\(district.name): \(km2) km²")
        guard case .point(let a) = try gcj.centroid(), case .point(let b) = try wgs.centroid() else {
            Issue.record("centroid is not a point")
            return
        }
        let moved = Geometry.geodesicDistance(a, b)
        #expect(moved > 450 && moved < 560, "\(district.name) moved \(moved) m")
        // GCJ-02 pushes east and south here, so WGS84 is west and north of it.
        #expect(b.x < a.x)
        #expect(b.y > a.y)
    }

    @Test func roundTripsWithinHalfAMetreInsideChina() {
        for lon in stride(from: 74.0, through: 134.0, by: 3.7) {
            for lat in stride(from: 18.0, through: 53.0, by: 2.9) {
                let wgs = Coordinate(lon, lat)
                let gcj = ChinaOffset.wgs84ToGCJ02(wgs)
                #expect(Geometry.geodesicDistance(wgs, gcj) > 1)
                #expect(Geometry.geodesicDistance(ChinaOffset.gcj02ToWGS84(gcj), wgs) < 0.5)
                let bd = ChinaOffset.wgs84ToBD09(wgs)
                #expect(Geometry.geodesicDistance(ChinaOffset.bd09ToWGS84(bd), wgs) < 0.5)
            }
        }
    }

    @Test func identityOutsideChina() {
        let paris = Coordinate(2.35, 48.85)
        #expect(ChinaOffset.wgs84ToGCJ02(paris) == paris)
        #expect(ChinaOffset.gcj02ToWGS84(paris) == paris)
    }

    @Test func knownBaiduOffset() {
        // BD-09 sits roughly 0.0065° east and 0.006° north of GCJ-02 (the formula's constants).
        let gcj = Coordinate(119.9, 32.45)
        let bd = ChinaOffset.gcj02ToBD09(gcj)
        #expect(abs(bd.x - gcj.x - 0.0065) < 0.002)
        #expect(abs(bd.y - gcj.y - 0.006) < 0.002)
    }
}
