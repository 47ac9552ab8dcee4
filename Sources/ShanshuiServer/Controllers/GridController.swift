import Foundation
import GeoKit
import Hummingbird
import Shanshui

/// `/api/v1/grid`: cells (GeoJSON), one cell with its assignment history, lookup by lon/lat,
/// new assignments (grid administrators) and the grid check. Names and phones of grid staff
/// are left out for anonymous callers of a public service.
struct GridController {
    let services: Services

    var endpoints: Endpoints {
        let e = Endpoints(prefix: "/api/v1/grid", tag: "grid", publicMode: services.configuration.isPublic)
        let grid = services.grid, lookups = services.gridLookups, limit = services.configuration.maxBodyBytes
        let cells = FeatureLayer.all(services).first { $0.layer == .cells }!
        e.get("cells", "Grid cells with their unit (and people) as of a day, as GeoJSON, a page at a time (numberMatched, next link)",
              query: ["level", "as_of", "bbox", "limit", "offset"]) { request, _, caller in
            let paging = try Paging(request, defaultLimit: 1000, maximumLimit: 10_000)
            var query = LayerQuery(box: try Params.bbox(request), day: try Params.day(request, today: services.configuration.clock.today), offset: paging.offset, limit: paging.limit,
                                   personal: caller.personal)
            query.level = try Params.parse(request, "level") { try GridLevel(parsing: $0) }
            let page = try await cells.page(query)
            let next = paging.next(request, total: page.matched).map { [OGCFeaturesController.link($0, "next", "application/geo+json", "Next page")] }
            return OGCFeaturesController.featureCollection(page, links: next ?? [], at: services.configuration.clock.now)
        }
        e.get("cells/{code}", "One cell with every assignment it had") { _, context, caller in
            let (cell, assignments) = try await grid.history(try Params.path(context, "code"))
            return Reply.json(CellHistoryShape(cell, assignments, audience: Audience(personal: caller.personal)))
        }
        e.get("lookup", "Who answered for the land at lon/lat on a day: the cell chain and its people", query: ["lon", "lat", "as_of"]) { request, _, caller in
            guard let lon = Double(request.query("lon") ?? ""), let lat = Double(request.query("lat") ?? ""),
                  (-180...180).contains(lon), (-90...90).contains(lat) else {
                throw Problem.badRequest("give lon (-180…180) and lat (-90…90) as numbers")
            }
            let day = try Params.day(request, today: services.configuration.clock.today)
            // The answer's JSON is made once per cell, day and audience, and kept until the grid changes.
            let audience = Audience(personal: caller.personal)
            guard let body = try await lookups.answer(at: Coordinate(lon, lat), on: day, variant: caller.personal ? 1 : 0, make: {
                Array(ResponsibilityShape($0, audience: audience).json.serialized().utf8)
            }) else {
                throw Problem.notFound("no grid cell covers \(lon), \(lat)")
            }
            return Reply.bytes(body, contentType: "application/json")
        }
        e.on(.post, "cells/{code}/assignments", "Assign a cell: {unit, head: {name, phone}, staff: [{name, phone}], effective}",
             access: .role(.gridAdmin), body: "application/json", success: 201) { request, context, _ in
            var request = request
            let body = try await request.decode(AssignmentBody.self, limit: limit)
            let a: Assignment
            do {
                a = try Assignment(cellCode: try Params.path(context, "code"), unit: body.unit, head: try body.head.person("head"),
                                   staff: try (body.staff ?? []).enumerated().map { try $1.person("staff[\($0)]") },
                                   validFrom: try BodyField.parse("effective", body.effective) { try Day($0) })
            } catch let error as DomainError {
                throw Problem(.unprocessableContent, error.description)
            }
            try await grid.assign([a])
            try await services.ledger.reroute(grid: grid)  // open cases go to whoever is responsible now
            return Reply.json(AssignmentShape(a), status: .created)
        }
        e.get("check", "Grid check: gaps, overlaps, orphans, slivers, missing people", access: .role(.viewer), query: ["as_of"]) { request, _, _ in
            let snapshot = try await grid.snapshot(on: try Params.day(request, today: services.configuration.clock.today))
            let findings = try await BlockingExecutor.run { try GridCheck().run(snapshot) }
            return Reply.json(GridCheckShape(findings))
        }
        return e
    }
}

/// The JSON body of a new assignment: `{"unit", "head": {"name", "phone"}, "staff": [...], "effective"}`.
struct AssignmentBody: Decodable {
    var unit: String
    var head: PersonBody
    var staff: [PersonBody]?
    var effective: String
}

/// A person in a body: `{"name", "phone"}` (the shape the API answers with); the older
/// `"NAME:PHONE"` text is still read.
enum PersonBody: Decodable {
    case structured(name: String, phone: String)
    case text(String)

    init(from decoder: any Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            self = .text(text)
            return
        }
        let shape = try PersonFields(from: decoder)
        self = .structured(name: shape.name, phone: shape.phone)
    }

    private struct PersonFields: Decodable {
        var name: String
        var phone: String
    }

    /// The person, checked as the domain checks people.
    /// - Throws: 422 naming the field when the name or phone is refused.
    func person(_ field: String) throws -> Person {
        switch self {
        case .text(let text): return try BodyField.parse(field, text) { try Person(parsing: $0) }
        case let .structured(name, phone): return try BodyField.parse(field, name) { try Person(name: $0, phone: phone) }
        }
    }
}
