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
        e.get("cells", "Grid cells with their unit (and people) as of a day, as GeoJSON", query: ["level", "as_of"]) { request, _, caller in
            let level = try Params.parse(request, "level") { try GridLevel(parsing: $0) }
            return Reply.features(try await grid.features(level: level, asOf: try Params.day(request), people: caller.personal))
        }
        e.get("cells/{code}", "One cell with every assignment it had") { _, context, caller in
            let (cell, assignments) = try await grid.history(try Params.path(context, "code"))
            return Reply.json(.object(Self.cell(cell) + [("assignments", .array(assignments.map { Self.assignment($0, people: caller.personal) }))]))
        }
        e.get("lookup", "Who answered for the land at lon/lat on a day: the cell chain and its people", query: ["lon", "lat", "as_of"]) { request, _, caller in
            guard let lon = Double(request.query("lon") ?? ""), let lat = Double(request.query("lat") ?? ""),
                  (-180...180).contains(lon), (-90...90).contains(lat) else {
                throw Problem.badRequest("give lon (-180…180) and lat (-90…90) as numbers")
            }
            let day = try Params.day(request)
            guard let found = try await lookups.responsibility(at: Coordinate(lon, lat), on: day) else {
                throw Problem.notFound("no grid cell covers \(lon), \(lat)")
            }
            return Reply.json(.object([("as_of", .string(day.description)), ("chain", .array(found.chain.map { link in
                .object(Self.cell(link.cell) + [("assignment", link.assignment.map { Self.assignment($0, people: caller.personal) } ?? .null)])
            }))]))
        }
        e.on(.post, "cells/{code}/assignments", "Assign a cell: {unit, head: NAME:PHONE, staff: [NAME:PHONE], effective}",
             access: .role(.gridAdmin), body: "application/json", success: 201) { request, context, _ in
            var request = request
            let body = try await request.jsonObject(limit: limit)
            let code = try Params.path(context, "code")
            let a: Assignment
            do {
                a = try Assignment(cellCode: code, unit: try body.string("unit"), head: try Person(parsing: try body.string("head")),
                                   staff: try (body.optionalStrings("staff") ?? []).map(Person.init(parsing:)),
                                   validFrom: try Day(try body.string("effective")))
            } catch let error as DomainError {
                throw Problem(.unprocessableContent, error.description)
            }
            try await grid.assign([a])
            try await services.ledger.reroute(grid: grid)  // open cases go to whoever is responsible now
            return Reply.json(Self.assignment(a, people: true), status: .created)
        }
        e.get("check", "Grid check: gaps, overlaps, orphans, slivers, missing people", access: .role(.viewer), query: ["as_of"]) { request, _, _ in
            let snapshot = try await grid.snapshot(on: try Params.day(request))
            let findings = try await BlockingExecutor.run { try GridCheck().run(snapshot) }
            return Reply.json(.object([("errors", .int(Int64(findings.filter(\.isError).count))), ("findings", .array(findings.map { f in
                .object([("kind", .string(f.kind.rawValue)), ("cells", .array(f.cells.map(JSONValue.string))), ("detail", .string(f.detail)),
                         ("error", .bool(f.isError)), ("area_m2", f.areaM2.map { .double($0) } ?? .null),
                         ("location", f.location.map { .array([.double($0.x), .double($0.y)]) } ?? .null)])
            }))]))
        }
        return e
    }

    static func cell(_ c: GridCell) -> [(key: String, value: JSONValue)] {
        [("code", .string(c.code)), ("name", .string(c.name)), ("level", .string(c.level.name)),
         ("parent_code", c.parentCode.map(JSONValue.string) ?? .null), ("area_km2", .double((c.areaKm2 * 1e4).rounded() / 1e4))]
    }

    static func assignment(_ a: Assignment, people: Bool) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [("unit", .string(a.unit)), ("valid_from", .string(a.validFrom.description)),
                                                           ("valid_to", a.validTo.map { .string($0.description) } ?? .null)]
        if people {
            members += [("head", .string(a.head.description)), ("staff", .array(a.staff.map { .string($0.description) }))]
        }
        return .object(members)
    }
}
