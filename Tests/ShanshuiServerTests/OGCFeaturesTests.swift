import Foundation
import GeoKit
import Shanshui
import ShanshuiServer
@testable import ShanshuiStore
import ShanshuiTestSupport
import Testing

/// OGC API - Features as QGIS walks it: landing page → conformance → collections → items with
/// bbox and limit → next links to the end, over 100,000 features.
@Suite("OGC API Features")
struct OGCFeaturesTests {
    @Test func qgisStyleWalkOverEveryCollection() async throws {
        let world = try await ScannedCounty.shared.value
        try await LiveServer.with(db: world.db, isPublic: true) { server in
            let landing = try await server.send("GET", "/ogc").json
            let rels = landing["links"]?.arrayValue?.compactMap { $0["rel"]?.stringValue } ?? []
            #expect(Set(rels).isSuperset(of: ["self", "service-desc", "conformance", "data"]))
            let conformance = try await server.send("GET", "/ogc/conformance").json["conformsTo"]?.arrayValue ?? []
            #expect(conformance.count == 3)
            let api = try await server.send("GET", "/ogc/api").json
            #expect(api["openapi"]?.stringValue?.hasPrefix("3.0") == true)
            let collections = try await server.send("GET", "/ogc/collections").json["collections"]?.arrayValue ?? []
            #expect(collections.compactMap { $0["id"]?.stringValue } == ["protected_areas", "zones", "red_lines", "patches", "cases", "cells"])
            let box = try #require(try SupervisedCounty.square(half: 3000).envelope)
            let bbox = "\(box.minX),\(box.minY),\(box.maxX),\(box.maxY)"
            var counts: [String: Int] = [:]
            for c in collections {
                let id = try #require(c["id"]?.stringValue)
                let items = try #require(c["links"]?.arrayValue?.first { $0["rel"] == "items" }?["href"]?.stringValue)
                let page = try await server.send("GET", items + "?limit=50&bbox=\(bbox)")
                #expect(page.status == 200, "\(id)")
                #expect(page.header("Content-Type") == "application/geo+json")
                counts[id] = page.json["numberReturned"]?.intValue.map(Int.init)
                if let first = page.json["features"]?.arrayValue?.first, let fid = first["id"] {
                    let one = try await server.send("GET", "/ogc/collections/\(id)/items/\(fid.stringValue ?? fid.serialized())")
                    #expect(one.status == 200, "\(id) item \(fid)")
                    #expect(one.json["type"] == "Feature")
                }
            }
            #expect(counts["protected_areas"] == 1)
            #expect(counts["zones"] == 3)
            #expect(counts["cells"] == 5)
            #expect((counts["cases"] ?? 0) > 0)
            #expect((counts["patches"] ?? 0) > 0)
            // A bbox elsewhere holds nothing; an as-of day before the reserve existed shows no area.
            #expect(try await server.send("GET", "/ogc/collections/protected_areas/items?bbox=0,0,1,1").json["numberMatched"] == 0)
            #expect(try await server.send("GET", "/ogc/collections/protected_areas/items?datetime=2019-06-01").json["numberMatched"] == 0)
            #expect(try await server.send("GET", "/ogc/collections/protected_areas/items?datetime=2021-06-01T00:00:00Z").json["numberMatched"] == 1)
        }
    }

    @Test func pagingWalksAHundredThousandPatchesToTheEnd() async throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try LiveServer.workspace(in: dir)
        let clock = ContinuousClock()
        let planting = try await clock.measure { try await Self.plantPatches(db: db, count: 100_000) }
        print("planted 100,000 patches in \(planting)")
        try await LiveServer.with(db: db) { server in
            let token = try await server.token(.viewer)
            let start = ContinuousClock.now
            defer { print("walked 100,000 patches in \(ContinuousClock.now - start)") }
            var next: String? = "/ogc/collections/patches/items?limit=10000"
            var ids = Set<Int64>(), pages = 0
            while let url = next {
                let page = try await server.send("GET", url, token: token)
                #expect(page.status == 200)
                let json = page.json
                #expect(json["numberMatched"] == 100_000)
                for f in json["features"]?.arrayValue ?? [] { if let id = f["id"]?.intValue { ids.insert(id) } }
                next = json["links"]?.arrayValue?.first { $0["rel"] == "next" }?["href"]?.stringValue
                pages += 1
                if pages > 20 { break }
            }
            #expect(pages == 10)
            #expect(ids.count == 100_000)
            // The default page is 100; the maximum 10,000; a bbox goes through the spatial index.
            #expect(try await server.send("GET", "/ogc/collections/patches/items", token: token).json["numberReturned"] == 100)
            #expect(try await server.send("GET", "/ogc/collections/patches/items?limit=50000", token: token).json["numberReturned"] == 10_000)
            let boxed = try await server.send("GET", "/ogc/collections/patches/items?bbox=100.0,30.0,100.0095,30.0095&limit=10000", token: token).json
            #expect(boxed["numberMatched"] == 100)
        }
    }

    /// Stores `count` tiny square patches on a 1000-wide lattice (0.001° apart from 100°E 30°N)
    /// in one transaction of the store.
    static func plantPatches(db: String, count: Int) async throws {
        let store = try SpatiaLiteStore(path: db)
        _ = try await store.commit({
            var b = RegistryBatch()
            b.newAreas = [AreaVersion(area: ProtectedArea(code: "P", name: "P", kind: .naturalPark),
                                      version: BoundaryVersion(validFrom: try Day("2020-01-01"), change: .establish,
                                                               geometry: .polygon(ReserveScene.square(Coordinate(100.5, 30.05), half: 0.6))))]
            return b
        }())
        let footprint = Geometry.polygon(ReserveScene.square(Coordinate(100.5, 30.05), half: 1))
        let e1 = try await store.addEpoch(Epoch(name: "A", date: try Day("2025-01-01"), sensor: nil, paths: ["a.tif"], bands: nil, mask: nil,
                                                crs: "EPSG:4326", width: 1, height: 1, bandCount: 4, footprint: footprint))
        let e2 = try await store.addEpoch(Epoch(name: "B", date: try Day("2025-07-01"), sensor: nil, paths: ["b.tif"], bands: nil, mask: nil,
                                                crs: "EPSG:4326", width: 1, height: 1, bandCount: 4, footprint: footprint))
        let areaID = try await store.protectedAreas(kind: nil)[0].id
        let scanID = try await store.createScan(ScanRecord(beforeEpoch: e1, afterEpoch: e2, startedAt: "2025-07-02T00:00:00Z",
                                                           parameters: .object([]), areas: [ScanAreaProgress(areaID: areaID)]))
        // One INSERT … SELECT over a generated series: a per-row insert of 100,000 geometries takes minutes in a debug build.
        try await store.pool.write { db in
            try db.execute(sql: """
                WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ? - 1)
                INSERT INTO patch (scan_id, area_id, activity, change, area_m2, perimeter_m, confidence, properties, geom)
                SELECT ?, ?, 'construction', 'new', 1600, 160, 0.9, '{}',
                       CastToMultiPolygon(BuildMbr(100.0 + (i % 1000) * 0.001 - 0.0002, 30.0 + (i / 1000) * 0.001 - 0.0002,
                                                   100.0 + (i % 1000) * 0.001 + 0.0002, 30.0 + (i / 1000) * 0.001 + 0.0002, 4326))
                FROM n
                """, arguments: [count, scanID, areaID])
        }
    }
}
