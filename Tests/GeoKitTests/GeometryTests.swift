import Testing
@testable import GeoKit
import ShanshuiTestSupport

@Suite("Geometry over GEOS")
struct GeometryTests {
    let square = try! Geometry(wkt: "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))")

    @Test func wktAndWKBRoundTrip() throws {
        let g = try Geometry(wkt: "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 4 2, 2 2))")
        #expect(try g.wkt == "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 4 2, 2 2))")
        #expect(try Geometry(wkb: g.wkb) == g)
        #expect(try g.planarArea == 96)
    }

    @Test func badWKTThrowsWithGEOSMessage() {
        #expect { try Geometry(wkt: "POLYGON ((0 0, 1 1") } throws: { error in
            "\(error)".contains("ParseException")
        }
    }

    @Test func bowtieIsInvalidAndRepairedToTwoTriangles() throws {
        let bowtie = try Geometry(wkt: "POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))")
        guard case .invalid(let reason, let location) = try bowtie.validity() else {
            Issue.record("bowtie reported valid")
            return
        }
        #expect(reason.contains("Self-intersection"))
        #expect(location == Coordinate(5, 5))
        let repaired = try bowtie.makeValid()
        #expect(try repaired.validity() == .valid)
        #expect(repaired.isPolygonal)
        #expect(repaired.polygons.count == 2)
        #expect(abs(try repaired.planarArea - 50) < 1e-9)
    }

    @Test func measuresAndConstructions() throws {
        #expect(try square.planarLength == 40)
        #expect(try square.centroid() == .point(Coordinate(5, 5)))
        let inside = try square.pointOnSurface()
        #expect(try square.contains(inside))
        let buffered = try square.buffer(1)
        #expect(try buffered.planarArea > 100 + 40)
        #expect(try buffered.planarArea < 100 + 40 + Double.pi + 0.01)
    }

    @Test func overlayOperations() throws {
        let other = try Geometry(wkt: "POLYGON ((5 5, 15 5, 15 15, 5 15, 5 5))")
        #expect(try square.intersection(other).planarArea == 25)
        #expect(try square.difference(other).planarArea == 75)
        #expect(try square.union(other).planarArea == 175)
        let disjoint = try Geometry(wkt: "POLYGON ((20 20, 21 20, 21 21, 20 21, 20 20))")
        #expect(try square.intersection(disjoint).isEmpty)
        let dissolved = try Geometry.unaryUnion([square, other, disjoint])
        #expect(try dissolved.planarArea == 176)
        #expect(dissolved.polygons.count == 2)
    }

    @Test func simplifyKeepsTopology() throws {
        var ring = (0..<100).map { i -> Coordinate in
            let t = Double(i) / 100 * 2 * Double.pi
            return Coordinate(cos(t) * 100 + (i % 2 == 0 ? 0.01 : -0.01), sin(t) * 100)
        }
        ring.append(ring[0])
        let circle = Geometry.polygon(Polygon(exterior: ring))
        let simple = try circle.simplified(tolerance: 1)
        #expect(simple.allCoordinates.count < ring.count)
        #expect(try simple.validity() == .valid)
        #expect(abs(try simple.planarArea - circle.planarArea) / (try circle.planarArea) < 0.01)
    }

    @Test func preparedPredicates() throws {
        let prepared = try PreparedGeometry(square)
        #expect(try prepared.covers(Coordinate(10, 5)))
        #expect(try prepared.covers(Coordinate(3, 3)))
        #expect(try !prepared.covers(Coordinate(11, 5)))
        #expect(try prepared.intersects(Geometry(wkt: "LINESTRING (-5 5, 5 5)")))
        #expect(try !prepared.contains(Geometry(wkt: "LINESTRING (-5 5, 5 5)")))
    }

    @Test func strtreeFindsCandidates() throws {
        var cells = [Geometry]()
        for row in 0..<10 {
            for col in 0..<10 {
                cells.append(Envelope(minX: Double(col), minY: Double(row), maxX: Double(col + 1), maxY: Double(row + 1)).polygon)
            }
        }
        let tree = try STRtree(cells)
        #expect(tree.query(Coordinate(3.5, 7.5)) == [73])
        #expect(tree.query(Envelope(minX: 0.5, minY: 0.5, maxX: 1.5, maxY: 1.5)) == [0, 1, 10, 11])
        #expect(tree.query(Coordinate(50, 50)).isEmpty)
    }

    @Test func unclosedRingIsRefusedWithReason() {
        let open = Geometry.polygon(Polygon(exterior: [Coordinate(0, 0), Coordinate(1, 0), Coordinate(1, 1), Coordinate(0, 1)]))
        #expect { try open.planarArea } throws: { "\($0)".contains("closed") }
    }

    @Test func contextsPerThreadUnderConcurrency() async throws {
        let results = try await withThrowingTaskGroup(of: Double.self) { group in
            for i in 1...16 {
                group.addTask {
                    let g = try Geometry(wkt: "POLYGON ((0 0, \(i) 0, \(i) \(i), 0 \(i), 0 0))")
                    return try g.intersection(Geometry(wkt: "POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))")).planarArea
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(results == 16)
    }
}

import Foundation
