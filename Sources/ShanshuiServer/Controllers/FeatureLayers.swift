import Foundation
import GeoKit
import Shanshui

/// One page of a layer: the features and how many matched in all.
struct LayerPage {
    var features: [Feature]
    var matched: Int
}

/// What a page asks for.
struct LayerQuery {
    var box: Envelope?
    /// The day of an as-of view (OGC `datetime`).
    var day: Day
    var offset: Int
    var limit: Int
    /// False for anonymous callers of a public service: personal fields are left out.
    var personal: Bool
    /// Only cells of this level (the grid layer; REST `GET /api/v1/grid/cells?level=`).
    var level: GridLevel? = nil
}

/// The map layers served as OGC API Features collections and to the map page.
struct FeatureLayer: Sendable {
    let layer: MapLayer
    let title: String
    let description: String
    let page: @Sendable (LayerQuery) async throws -> LayerPage
    let item: @Sendable (String, LayerQuery) async throws -> Feature?

    /// The collection id.
    var id: String { layer.rawValue }

    /// Every layer over the workspace, each filtered, counted and paged in the store.
    static func all(_ s: Services) -> [FeatureLayer] {
        let store = s.store
        /// A layer paged by the store: `count` and `load` read the query's page, `key` narrows a query to one item.
        func paged<Row: Sendable>(_ layer: MapLayer, _ title: String, _ description: String,
                                  count: @escaping @Sendable (LayerQuery) async throws -> Int,
                                  load: @escaping @Sendable (LayerQuery) async throws -> [Row],
                                  feature: @escaping @Sendable ([Row], LayerQuery) async throws -> [Feature],
                                  item: @escaping @Sendable (String, LayerQuery) async throws -> [Row]?) -> FeatureLayer {
            FeatureLayer(layer: layer, title: title, description: description, page: { q in
                async let matched = count(q)
                let rows = try await load(q)
                return LayerPage(features: try await feature(rows, q), matched: try await matched)
            }, item: { fid, q in
                guard let rows = try await item(fid, q), !rows.isEmpty else { return nil }
                return try await feature(rows, q).first
            })
        }
        func areas(_ layer: MapLayer, _ title: String, _ description: String, kind: ProtectedAreaKind?) -> FeatureLayer {
            paged(layer, title, description,
                  count: { q in try await store.areaCount(AreaQuery(day: q.day, box: q.box, kind: kind)) },
                  load: { q in try await store.areas(AreaQuery(day: q.day, box: q.box, kind: kind), offset: q.offset, limit: q.limit) },
                  feature: { rows, _ in rows.map { Registry.feature($0.area, $0.version) } },
                  item: { fid, q in
                      guard let id = Int64(fid) else { return nil }
                      return try await store.areas(AreaQuery(day: q.day, kind: kind, areaID: id), offset: 0, limit: 1)
                  })
        }
        @Sendable func zone(_ z: AreaZone) -> Feature {
            var f = Registry.feature(z.area, z.version, zone: z.zone)
            f.id = .string("\(z.area.id)-\(z.zone.kind.rawValue)")
            return f
        }
        return [
            areas(.protectedAreas, "Protected areas", "Protected areas in force on the day asked (datetime), outer boundaries", kind: nil),
            paged(.zones, "Zones", "Functional zones (core, buffer, experimental...) of protected areas in force on the day",
                  count: { q in try await store.zoneCount(AreaQuery(day: q.day, box: q.box)) },
                  load: { q in try await store.zones(AreaQuery(day: q.day, box: q.box), offset: q.offset, limit: q.limit) },
                  feature: { rows, _ in rows.map(zone) },
                  item: { fid, q in
                      let parts = fid.split(separator: "-", maxSplits: 1).map(String.init)
                      guard parts.count == 2, let id = Int64(parts[0]), let kind = ZoneKind(rawValue: parts[1]) else { return nil }
                      return try await store.zones(AreaQuery(day: q.day, areaID: id, zone: kind), offset: 0, limit: 1)
                  }),
            areas(.redLines, "Ecological red lines", "Ecological protection red lines (生态保护红线) in force on the day", kind: .ecologicalRedLine),
            paged(.patches, "Patches", "Change patches found by scans whose after-epoch was taken by the day asked (datetime), paged in the store",
                  count: { q in try await store.patchCount(Self.patches(q)) },
                  load: { q in try await store.patches(Self.patches(q), offset: q.offset, limit: q.limit) },
                  feature: { rows, _ in rows.map(PatchRecordShape.feature) },
                  item: { fid, _ in
                      guard let id = Int64(fid), let patch = try await store.patch(id: id) else { return nil }
                      return [patch]
                  }),
            paged(.cases, "Cases", "Cases of the problem ledger detected by the day asked (datetime), with status, severity and area; people only for signed-in callers",
                  count: { q in try await store.caseCount(Self.cases(q)) },
                  load: { q in try await store.cases(Self.cases(q), offset: q.offset, limit: q.limit) },
                  feature: { rows, q in rows.map { CaseFields.feature($0, today: s.configuration.clock.today, includePersonal: q.personal) } },
                  item: { fid, _ in
                      guard let id = Int64(fid) else { return nil }
                      var filter = CaseFilter()
                      filter.id = id
                      return try await store.cases(filter, offset: 0, limit: 1)
                  }),
            paged(.cells, "Grid cells", "Grid cells with their responsible unit (and people for token holders) on the day",
                  count: { q in try await store.cellCount(CellQuery(box: q.box, level: q.level)) },
                  load: { q in try await store.cells(CellQuery(box: q.box, level: q.level), offset: q.offset, limit: q.limit) },
                  feature: { cells, q in
                      let assignments = try await store.assignments(cellCodes: cells.map(\.code), asOf: q.day)
                      let byCode = Dictionary(assignments.map { ($0.cellCode, $0) }, uniquingKeysWith: { _, last in last })
                      return cells.map { Grid.feature($0, byCode[$0.code], people: q.personal) }
                  },
                  item: { fid, _ in try await store.cells(CellQuery(code: fid), offset: 0, limit: 1) }),
        ]
    }

    /// The case filter of a page: every current case detected by the page's day, optionally meeting a box.
    static func cases(_ q: LayerQuery) -> CaseFilter {
        var filter = CaseFilter()
        filter.box = q.box
        filter.detectedBy = q.day
        return filter
    }

    /// The patch query of a page: patches of scans whose after-epoch was taken by the page's day, optionally meeting a box.
    static func patches(_ q: LayerQuery) -> PatchQuery {
        var query = PatchQuery(box: q.box)
        query.asOf = q.day
        return query
    }

    /// A feature id as the URL shows it.
    static func idText(_ id: JSONValue) -> String {
        switch id {
        case .string(let s): s
        case .int(let i): String(i)
        default: id.serialized()
        }
    }
}
