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
            let position = try Params.position(request)
            let status = request.query("status") ?? "open"
            guard ["open", "all"].contains(status) else { throw Problem.badRequest("status must be 'open' (default) or 'all', got '\(status)'") }
            let today = clock.today
            let mine = MyCases(grid: store, cases: store)
            let cells = try await mine.cells(of: phone, on: today)
            let items = try await mine.items(of: phone, on: today, from: position, includeClosed: status == "all")
            return Reply.json(MyCasesShape(phone: phone, on: today, cells: cells, items: items))
        }
        return e
    }
}
