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

    /// Every layer over the workspace.
    static func all(_ s: Services) -> [FeatureLayer] {
        let registry = s.registry, grid = s.grid, ledger = s.ledger, store = s.store
        func inMemory(_ layer: MapLayer, _ title: String, _ description: String,
                      _ load: @escaping @Sendable (LayerQuery) async throws -> [Feature]) -> FeatureLayer {
            FeatureLayer(layer: layer, title: title, description: description, page: { q in
                let all = try Self.meeting(q.box, try await load(q))
                return LayerPage(features: Array(all.dropFirst(q.offset).prefix(q.limit)), matched: all.count)
            }, item: { fid, q in try await load(q).first { $0.id.map(Self.idText) == fid } })
        }
        return [
            inMemory(.protectedAreas, "Protected areas", "Protected areas in force on the day asked (datetime), outer boundaries") { q in
                try await registry.features(asOf: q.day)
            },
            inMemory(.zones, "Zones", "Functional zones (core, buffer, experimental...) of protected areas in force on the day") { q in
                try await registry.features(asOf: q.day, zones: true).compactMap { f in
                    guard case .string(let zone)? = f.properties["zone"], let area = f.properties["id"]?.intValue else { return nil }
                    var f = f
                    f.id = .string("\(area)-\(zone)")
                    return f
                }
            },
            inMemory(.redLines, "Ecological red lines", "Ecological protection red lines (生态保护红线) in force on the day") { q in
                try await registry.features(asOf: q.day).filter { $0.properties["kind"] == .string(ProtectedAreaKind.ecologicalRedLine.rawValue) }
            },
            FeatureLayer(layer: .patches, title: "Patches", description: "Change patches found by scans (all scans), paged in the store",
                         page: { q in
                let query = PatchQuery(box: q.box)
                async let matched = store.patchCount(query)
                let patches = try await store.patches(query, offset: q.offset, limit: q.limit)
                return LayerPage(features: patches.map(PatchFields.feature), matched: try await matched)
            }, item: { fid, _ in
                guard let id = Int64(fid) else { return nil }
                return try await store.patch(id: id).map(PatchFields.feature)
            }),
            inMemory(.cases, "Cases", "Cases of the problem ledger with status, severity and area; people only for signed-in callers") { q in
                try await ledger.list(CaseFilter()).map { CaseFields.feature($0, includePersonal: q.personal) }
            },
            inMemory(.cells, "Grid cells", "Grid cells with their responsible unit (and people for token holders) on the day") { q in
                try await grid.features(asOf: q.day, people: q.personal)
            },
        ]
    }

    /// The features whose geometry meets `box` (all of them without a box): envelopes first,
    /// then GEOS against the box itself, as the stores do with ST_Intersects.
    static func meeting(_ box: Envelope?, _ features: [Feature]) throws -> [Feature] {
        guard let box else { return features }
        let prepared = try PreparedGeometry(box.polygon)
        return try features.filter { f in
            guard let g = f.geometry, let e = g.envelope, e.intersects(box) else { return false }
            return try prepared.intersects(g)
        }
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
