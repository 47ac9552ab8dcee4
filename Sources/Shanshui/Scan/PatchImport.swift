import Crypto
import Foundation
import GeoKit

/// Interpreted patches (下发图斑) from the national satellite application centre or a
/// contractor, read from any vector file GDAL opens, in any CRS (or GCJ-02/BD-09), and entered
/// into the ledger as a scan of their own: lineage, flagging, severity, routing and chips exactly
/// as for detected patches, each patch keeping its source id.
public enum PatchImport {
    /// How to read the file (the `patches import` options).
    public struct Options: Sendable {
        public var before: String
        public var after: String
        /// The field holding each patch's id at the source (图斑编号); the feature position when nil.
        public var idField: String?
        /// The field holding the activity (Chinese or English names); `other` for all when nil.
        public var activityField: String?
        /// Who interpreted them, e.g. 国家卫星应用中心 2026H1.
        public var source: String?
        public var layer: String?
        public var datum: ChinaOffset.Datum = .wgs84
        public var sourceCRS: CRS?

        /// Options for a file of patches between two epochs.
        public init(before: String, after: String) {
            self.before = before
            self.after = after
        }
    }

    /// One interpreted patch as read, before it is placed in protected areas.
    public struct Row: Sendable {
        public var sourceID: String
        public var activity: String
        public var geometry: Geometry
    }

    /// Activity names as interpreters write them, to ours.
    static let activities: [(words: [String], activity: String)] = [
        (["采矿", "采石", "采砂", "矿山", "矿产", "开采", "mining"], "mining"),
        (["交通", "道路", "公路", "铁路", "road", "transport"], "road"),
        (["水利", "水电", "水库", "大坝", "water_works", "dam"], "water_works"),
        (["围填海", "填海", "围海", "reclamation"], "reclamation"),
        (["农业", "耕地", "种植", "养殖", "farming", "aquaculture"], "farming"),
        (["工业", "能源", "旅游", "居民点", "建设", "建筑", "房屋", "光伏", "风电", "industrial", "energy", "tourism", "construction", "residential"], "construction"),
        (["其他", "其它", "other"], "other"),
    ]

    /// Our activity for an interpreter's name.
    /// - Throws: `DomainError.invalidValue` listing the names understood.
    public static func activity(_ text: String) throws -> String {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let hit = activities.first(where: { entry in entry.words.contains { t == $0 || (!$0.allSatisfy(\.isASCII) && t.contains($0)) } }) {
            return hit.activity
        }
        throw DomainError.invalidValue("activity '\(text)' is not understood; use one of "
            + activities.map { "\($0.activity) (\($0.words.filter { !$0.allSatisfy(\.isASCII) }.joined(separator: "/")))" }.joined(separator: ", "))
    }

    /// Reads and checks every feature: polygons, unique ids, known activities. Nothing is kept
    /// when any row is wrong.
    /// - Returns: the rows, a fingerprint of the file's content and options (to recognise it again)
    ///   and warnings (a datum crossed by a ballpark, `VectorLayer.datumWarning`).
    /// - Throws: `DomainError` naming the file, the feature (and its id) and the field at fault.
    public static func read(_ path: String, options: Options) throws -> (rows: [Row], fingerprint: String, warnings: [String]) {
        let layer = try VectorSource(path: path).layer(options.layer)
        let fields = layer.fields.map(\.name)
        for (flag, name) in [("--id-field", options.idField), ("--activity-field", options.activityField)] {
            if let name, !fields.contains(name) {
                throw DomainError.invalidInput("\(path): \(flag) '\(name)' is not a field of layer '\(layer.name)'; fields: \(fields.joined(separator: ", "))")
            }
        }
        let features = try layer.features(to: .wgs84, sourceCRS: options.sourceCRS)
        guard !features.isEmpty else { throw DomainError.invalidInput("\(path): layer '\(layer.name)' is empty") }
        var rows: [Row] = []
        var seen: [String: Int] = [:]
        for (i, f) in features.enumerated() {
            let id = options.idField.flatMap { f.properties[$0].flatMap(Self.text) } ?? String(i + 1)
            func fail(_ why: String) -> DomainError { .invalidInput("\(path), feature \(i) (id \(id)): \(why); nothing was imported") }
            guard !id.isEmpty else { throw fail("the id field \(options.idField ?? "") is empty") }
            if let other = seen[id] { throw fail("id \(id) is also used by feature \(other); ids must be unique") }
            seen[id] = i
            guard var g = f.geometry?.converted(from: options.datum), !g.polygons.isEmpty else { throw fail("it has no polygon") }
            do {
                try g.checkSize()
                if !(try g.validity().isValid) { g = try g.makeValid(within: .standard) }
            } catch let error as RepairLimitError { throw fail("its polygon \(error)") }
            guard g.geodesicArea > 0 else { throw fail("its polygon has no area") }
            let activity: String
            do {
                activity = try options.activityField.map { field in try Self.activity(f.properties[field].flatMap(Self.text) ?? "") } ?? "other"
            } catch {
                throw fail("\(error)")
            }
            rows.append(Row(sourceID: id, activity: activity, geometry: .multiPolygon(g.polygons)))
        }
        var hashed = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        hashed += Array("\(options.before)|\(options.after)|\(options.idField ?? "")|\(options.activityField ?? "")|\(options.datum)".utf8)
        return (rows, SHA256.hex(hashed), [layer.datumWarning].compactMap { $0 })
    }

    static func text(_ v: JSONValue) -> String? {
        switch v {
        case .string(let s): s.trimmingCharacters(in: .whitespaces)
        case .int(let i): String(i)
        case .double(let d): d == d.rounded() ? String(Int64(d)) : String(d)
        default: nil
        }
    }
}
