import Foundation
import GeoKit
import Hummingbird
import Shanshui

/// `/api/v1/me/cases`: the signed-in person's cases in the field, those of the cells where their
/// linked grid person is head or staff today, by due date and then distance from `lat`/`lon`.
struct MyCasesController {
    let services: Services

    var endpoints: Endpoints {
        let e = Endpoints(prefix: "/api/v1/me", tag: "session", publicMode: services.configuration.isPublic)
        let store = services.store, clock = services.configuration.clock
        e.get("cases", "My cases: those of the cells where my linked grid person is head or staff today, open ones "
              + "(status=all for every one), by due date then geodesic distance from lat/lon", access: .role(.viewer),
              query: ["lat", "lon", "status"]) { request, _, caller in
            let identity = caller.identity!
            guard let phone = try await store.user(name: identity.name)?.personPhone else {
                throw Problem.notFound("'\(identity.name)' is not linked to a grid person, so it has no cells: "
                    + "an administrator links the account with `shanshui users add NAME --person PHONE`")
            }
            let lat = try Params.parse(request, "lat") { try Self.degrees($0, "lat", limit: 90) }
            let lon = try Params.parse(request, "lon") { try Self.degrees($0, "lon", limit: 180) }
            guard (lat == nil) == (lon == nil) else { throw Problem.badRequest("give lat and lon together (decimal degrees, WGS84)") }
            let status = request.query("status") ?? "open"
            guard ["open", "all"].contains(status) else { throw Problem.badRequest("status must be 'open' (default) or 'all', got '\(status)'") }
            let today = clock.today, position = lat.flatMap { la in lon.map { Coordinate($0, la) } }
            let mine = MyCases(grid: store, cases: store)
            let cells = try await mine.cells(of: phone, on: today)
            let items = try await mine.items(of: phone, on: today, from: position, includeClosed: status == "all")
            return Reply.json(MyCasesShape(phone: phone, on: today, cells: cells, items: items))
        }
        return e
    }

    static func degrees(_ text: String, _ name: String, limit: Double) throws -> Double {
        guard let v = Double(text), v.isFinite, abs(v) <= limit else {
            throw DomainError.invalidValue("\(name) must be decimal degrees within ±\(Int(limit)), got '\(text)'")
        }
        return v
    }
}
