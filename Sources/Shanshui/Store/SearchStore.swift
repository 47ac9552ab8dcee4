import GeoKit

/// Finds cases, grid cells and protected areas by what a person types (a case number, a cell
/// code or name, a reserve's name or code), answered by the store's indexes, not by loading
/// every feature.
public protocol SearchStore: Sendable {
    /// Up to `limit` hits of each kind for `text`: cases whose number contains it, cells whose
    /// code or name contains it, areas in force on `day` whose name or code contains it; exact
    /// matches and shorter labels first.
    func search(_ text: String, day: Day, limit: Int) async throws -> [SearchHit]
}

/// One search result: what it is, its key (case id, cell code, area id), its label and where it lies.
public struct SearchHit: Sendable, Hashable {
    /// The kinds of things a search finds.
    public enum Kind: String, Sendable, CaseIterable {
        case `case`, cell, area
    }

    public var kind: Kind
    /// The case id, the cell code or the area id.
    public var key: String
    /// The case number, the cell name or the area name.
    public var label: String
    /// A word to show beside it: the case status, the cell level, the area kind.
    public var detail: String
    /// The cell code or area code for cells and areas; the area name for cases.
    public var code: String
    /// The feature's lon/lat box, to fly the map there.
    public var box: Envelope

    /// Makes a hit.
    public init(kind: Kind, key: String, label: String, detail: String, code: String, box: Envelope) {
        self.kind = kind
        self.key = key
        self.label = label
        self.detail = detail
        self.code = code
        self.box = box
    }

    /// A LIKE pattern that finds `text` anywhere, its `%`, `_` and `\` taken literally (ESCAPE '\').
    public static func containsPattern(_ text: String) -> String {
        var escaped = ""
        for ch in text {
            if ch == "%" || ch == "_" || ch == "\\" { escaped.append("\\") }
            escaped.append(ch)
        }
        return "%" + escaped + "%"
    }
}
