import Foundation
import GeoKit

/// How to read a file of grid cells (the `grid import` options).
public struct GridImportOptions: Sendable {
    /// The level of every cell in the file.
    public var level: GridLevel
    /// The field holding each cell's code.
    public var codeField: String
    /// The field holding the name (default: name, NAME, 名称...; else the code).
    public var nameField: String?
    /// The field holding the parent's code; without it each cell hangs under the existing cell
    /// whose code prefixes its own.
    public var parentField: String?
    public var layer: String?
    /// The CRS to assume, overriding or standing in for the file's own.
    public var sourceCRS: CRS?
    /// The web-map datum of the coordinates (Amap/DataV: GCJ-02, Baidu: BD-09).
    public var datum: ChinaOffset.Datum = .wgs84
    /// The encoding of a Shapefile's text without `.cpg` (default: detected, UTF-8 else GB18030).
    public var encoding: TextEncoding?

    /// Options for cells of `level` coded by `codeField`.
    public init(level: GridLevel, codeField: String) {
        self.level = level
        self.codeField = codeField
    }
}

/// Grid cells as read from a file, validated and repaired, before anything is stored.
public struct GridImportPlan: Sendable {
    public var source: String
    /// The cells in file order; `labels` names the feature each came from.
    public var cells: [GridCell]
    public var labels: [String]
    /// Repairs and oddities, each naming the feature.
    public var warnings: [String]
    /// What was decided while reading (the text encoding detected), one line each.
    public var notes: [String] = []

    /// A plan of cells made elsewhere (a generator, another workspace); labels default to the codes.
    public init(source: String, cells: [GridCell], labels: [String]? = nil, warnings: [String] = []) {
        self.source = source
        self.cells = cells
        self.labels = labels ?? cells.map { "cell \($0.code)" }
        self.warnings = warnings
    }
}

/// Reads administrative or grid polygons into an import plan; every problem a file can have
/// (missing fields, bad or duplicate codes, non-polygons) fails here, naming the feature.
public enum GridImport {
    /// Reads `path` with OGR, reprojects to WGS84 lon/lat (and out of GCJ-02/BD-09 when told) and plans the cells.
    /// - Throws: `DomainError` or `GDALError` naming the file, feature and field at fault.
    public static func read(_ path: String, options: GridImportOptions) throws -> GridImportPlan {
        let source = try VectorSource(path: path, encoding: options.encoding)
        let layer = try source.layer(options.layer)
        let fields = layer.fields.map(\.name)
        for (flag, name) in [("--code-field", options.codeField), ("--name-field", options.nameField), ("--parent-field", options.parentField)] {
            if let name, !fields.contains(name) {
                throw DomainError.invalidInput("\(path): \(flag) '\(name)' is not a field of layer '\(layer.name)'; fields: \(fields.joined(separator: ", "))")
            }
        }
        let features = try layer.features(to: .wgs84, sourceCRS: options.sourceCRS).map { f in
            var f = f
            f.geometry = f.geometry?.converted(from: options.datum)
            return f
        }
        guard !features.isEmpty else { throw DomainError.invalidInput("\(path): layer '\(layer.name)' is empty") }
        var plan = try plan(features, fields: fields, source: path, options: options)
        plan.notes = [source.encodingNote].compactMap { $0 }
        if let warning = layer.datumWarning { plan.warnings.insert(warning, at: 0) }
        return plan
    }

    /// Validates features (lon/lat) into cells.
    public static func plan(_ features: [Feature], fields: [String], source: String, options: GridImportOptions) throws -> GridImportPlan {
        let nameField = options.nameField ?? ["name", "NAME", "Name", "名称", "NAME_CN"].first(where: fields.contains)
        var warnings: [String] = []
        var cells: [GridCell] = []
        var labels: [String] = []
        var seen: [String: String] = [:]
        for (index, feature) in features.enumerated() {
            let label = ImportedFeature.label(index, feature, nameField)
            func fail(_ message: String) -> DomainError { .invalidInput("\(source), \(label): \(message)") }
            guard let code = ImportedFeature.text(feature, options.codeField) else {
                throw fail("field '\(options.codeField)' is empty; every cell needs a code")
            }
            do { try CellCode.validate(code) } catch { throw fail("\(error)") }
            if let first = seen[code] { throw fail("code \(code) is already used by \(first); codes must be unique") }
            seen[code] = label
            let parent = ImportedFeature.text(feature, options.parentField)
            if let parent {
                do { try CellCode.validate(parent) } catch { throw fail("parent code: \(error)") }
                guard parent != code else { throw fail("cell \(code) names itself as its parent") }
            }
            let geometry = try ImportedFeature.polygon(feature.geometry, label: "\(source), \(label)", purpose: "grid cells", warnings: &warnings)
            cells.append(GridCell(code: code, name: ImportedFeature.text(feature, nameField) ?? code, level: options.level,
                                  parentCode: parent, geometry: ImportedFeature.polygonal(geometry), source: source))
            labels.append(label)
        }
        return GridImportPlan(source: source, cells: cells, labels: labels, warnings: warnings)
    }
}
