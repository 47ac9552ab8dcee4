import Foundation
import GeoKit
import Shanshui
import ShanshuiTestSupport
import Testing

/// User accounts, layer extents and the patch `bbox` filter, the same on both stores.
@Suite("accounts, extents and bbox over the store")
struct AccountsAndExtentsStoreTests {
    @Test(arguments: StoreKind.available) func accountsKeepYescryptHashesAndSignInOnlyWhileEnabled(kind: StoreKind) async throws {
        try await Workspaces.with(kind) { workspaces in
            let store = try await workspaces.make()
            let accounts = Accounts(store: store)
            let user = try await accounts.add(name: "zhou.officer", role: .officer, password: "correct horse battery", personPhone: "138 1234 5678")
            #expect(user.passwordHash.hasPrefix("$y$"), "yescrypt")
            #expect(!user.passwordHash.contains("correct horse"))
            #expect(try await store.user(name: "zhou.officer")?.personPhone == "13812345678")
            #expect(try await accounts.authenticate(name: "zhou.officer", password: "correct horse battery")?.role == .officer)
            #expect(try await accounts.authenticate(name: "zhou.officer", password: "correct horse batterY") == nil)
            #expect(try await accounts.authenticate(name: "nobody", password: "correct horse battery") == nil)
            await #expect(throws: DomainError.self) { try await accounts.add(name: "zhou.officer", role: .viewer, password: "another password") }
            await #expect(throws: DomainError.self) { try await accounts.add(name: "a:b", role: .viewer, password: "another password") }
            await #expect(throws: DomainError.self) { try await accounts.add(name: "short", role: .viewer, password: "short") }
            await #expect(throws: (any Error).self) {
                _ = try await store.addUser(User(name: "zhou.officer", role: .viewer, passwordHash: "x", createdAt: "2026-01-01T00:00:00Z"))
            }
            try await accounts.setDisabled(name: "zhou.officer", true)
            #expect(try await accounts.authenticate(name: "zhou.officer", password: "correct horse battery") == nil, "disabled")
            try await accounts.setDisabled(name: "zhou.officer", false)
            try await accounts.setPassword(name: "zhou.officer", password: "a new long password")
            #expect(try await accounts.authenticate(name: "zhou.officer", password: "correct horse battery") == nil, "old password")
            #expect(try await accounts.authenticate(name: "zhou.officer", password: "a new long password") != nil)
            _ = try await accounts.add(name: "li.viewer", role: .viewer, password: "viewer password")
            #expect(try await store.users().map(\.name) == ["zhou.officer", "li.viewer"])
        }
    }

    /// Extents are the data's, not the world's: the reserve's box and validity, the patches'
    /// epochs, the cases' detection day; empty layers have none.
    @Test(arguments: StoreKind.available) func extentsComeFromTheStoredData(kind: StoreKind) async throws {
        try await Workspaces.with(kind) { workspaces in
            let f = try await LedgerFixture.make(in: workspaces, damages: [LedgerFixture.damage(dx: 0.005), LedgerFixture.damage(dx: -0.015)])
            let c = LedgerFixture.center
            let established = try Day("2020-01-01"), before = try Day("2025-12-31"), after = try Day("2026-06-30")
            let areas = try await f.store.extent(.protectedAreas)
            let box = try #require(areas.box)
            #expect(box.minX < c.x && c.x < box.maxX && box.minY < c.y && c.y < box.maxY)
            #expect(box.width < 1 && box.height < 1, "a reserve, not the world: \(box)")
            #expect(areas.start == established && areas.end == nil, "in force: open-ended")
            let zones = try await f.store.extent(.zones)
            #expect(zones.box != nil && zones.start == established)
            let patches = try await f.store.extent(.patches)
            let p = try #require(patches.box)
            #expect(abs(p.minX - (c.x - 0.016)) < 1e-6 && abs(p.maxX - (c.x + 0.006)) < 1e-6 && abs(p.maxY - (c.y + 0.001)) < 1e-6)
            #expect(patches.start == before && patches.end == after)
            let cases = try await f.store.extent(.cases)
            #expect(cases.box != nil && cases.start == after && cases.end == after)
            #expect(try await f.store.extent(.redLines) == LayerExtent(box: nil, start: nil, end: nil))
            #expect(try await f.store.extent(.cells) == LayerExtent(box: nil, start: nil, end: nil))
        }
    }

    /// A patch whose bounding box meets the box but whose outline does not is left out, so a
    /// client that tests geometries (GDAL) counts what the API counts.
    @Test(arguments: StoreKind.available) func bboxMatchesOutlinesNotEnvelopes(kind: StoreKind) async throws {
        try await Workspaces.with(kind) { workspaces in
            let c = LedgerFixture.center
            // A right triangle: its envelope's north-east corner is empty.
            let triangle = Geometry.polygon(Polygon(exterior: [Coordinate(c.x, c.y), Coordinate(c.x + 0.01, c.y), Coordinate(c.x, c.y + 0.01),
                                                               Coordinate(c.x, c.y)]))
            let f = try await LedgerFixture.make(in: workspaces, damages: [triangle])
            let corner = Envelope(minX: c.x + 0.008, minY: c.y + 0.008, maxX: c.x + 0.012, maxY: c.y + 0.012)
            #expect(try await f.store.patchCount(PatchQuery(box: corner)) == 0)
            #expect(try await f.store.patches(PatchQuery(box: corner), offset: 0, limit: 10).isEmpty)
            let foot = Envelope(minX: c.x + 0.001, minY: c.y - 0.001, maxX: c.x + 0.002, maxY: c.y + 0.001)
            #expect(try await f.store.patchCount(PatchQuery(box: foot)) == 1)
            #expect(try await f.store.patches(PatchQuery(box: foot), offset: 0, limit: 10).count == 1)
        }
    }
}
