import Crypto
import GeoKit

/// What a double-random draw chooses from.
public enum DrawTargetKind: String, CaseIterable, Sendable, Codable {
    case cases, cells, reserves
}

/// One thing that can be drawn for inspection (a case, a grid cell, a protected area), with the
/// cells and people that answer for it: inspectors among those are never drawn for it.
public struct DrawTarget: Sendable, Hashable {
    /// The case number, cell code or protected-area code.
    public var id: String
    /// Codes of the cells answering for the target (its cell and the cells above it), sorted.
    public var cells: [String]
    /// `NAME:PHONE` of the grid heads and staff answering for it, sorted.
    public var people: [String]

    /// Makes a target; cells and people are deduplicated and sorted.
    public init(id: String, cells: [String] = [], people: [String] = []) {
        self.id = id
        self.cells = Array(Set(cells)).sorted(by: Canonical.less)
        self.people = Array(Set(people)).sorted(by: Canonical.less)
    }

    /// True when `inspector` answers for this target: one of the cells is theirs, or they are
    /// (by name and phone) its grid head or staff.
    public func excludes(_ inspector: Inspector) -> Bool {
        people.contains(inspector.key) || inspector.cells.contains { cells.contains($0) }
    }
}

/// Everything a draw depends on, in one canonical form: targets sorted by id, inspectors by
/// `NAME:PHONE` (UTF-8 byte order), so file row order and database order do not matter.
///
/// The canonical text is tab-separated lines:
/// ```
/// shanshui-inspection-draw v1
/// targets  cases
/// n        5
/// per-target 2
/// target   ID  CELL CELL…  NAME:PHONE,NAME:PHONE…
/// inspector NAME  PHONE  UNIT  CELL CELL…
/// ```
/// and the inputs' hash is the SHA-256 of its UTF-8 bytes (`sha256sum` of the text gives it).
public struct DrawInputs: Sendable, Hashable {
    public var kind: DrawTargetKind
    /// Sorted by id.
    public var targets: [DrawTarget]
    /// Sorted by key.
    public var inspectors: [Inspector]
    /// How many targets to draw (all of them when there are fewer).
    public var count: Int
    /// How many inspectors each target gets.
    public var perTarget: Int

    static let header = "shanshui-inspection-draw v1"

    /// Canonicalises the inputs.
    /// - Throws: `DomainError.invalidValue` for a count below 1 or two targets with one id.
    public init(kind: DrawTargetKind, targets: [DrawTarget], inspectors: [Inspector], count: Int, perTarget: Int) throws {
        guard count >= 1 else { throw DomainError.invalidValue("--n must be at least 1, got \(count)") }
        guard perTarget >= 1 else { throw DomainError.invalidValue("--per-target must be at least 1, got \(perTarget)") }
        self.kind = kind
        self.targets = targets.sorted { Canonical.less($0.id, $1.id) }
        self.inspectors = inspectors.sorted { Canonical.less($0.key, $1.key) }
        self.count = count
        self.perTarget = perTarget
        for (a, b) in zip(self.targets, self.targets.dropFirst()) where a.id == b.id {
            throw DomainError.invalidValue("target '\(a.id)' is listed twice")
        }
    }

    /// The canonical text (see the type's documentation).
    public var canonicalText: String {
        var lines = [Self.header, "targets\t\(kind.rawValue)", "n\t\(count)", "per-target\t\(perTarget)"]
        for t in targets {
            lines.append(["target", t.id, t.cells.joined(separator: " "), t.people.joined(separator: ",")].map(Canonical.field).joined(separator: "\t"))
        }
        for i in inspectors {
            lines.append(["inspector", i.name, i.phone, i.unit, i.cells.joined(separator: " ")].map(Canonical.field).joined(separator: "\t"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// SHA-256 of the canonical text, 64 hex digits.
    public var hash: String { SHA256.hex(canonicalText.utf8) }

    /// Reads inputs back from their canonical text (to replay a stored draw).
    /// - Throws: `DomainError.invalidInput` naming the line that does not parse.
    public init(canonicalText text: String) throws {
        var kind: DrawTargetKind?, count: Int?, perTarget: Int?
        var targets: [DrawTarget] = [], inspectors: [Inspector] = []
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            func bad() -> DomainError { .invalidInput("draw inputs, line \(n + 1): cannot read '\(line)'") }
            func words(_ i: Int, _ separator: Character) -> [String] {
                i < f.count ? f[i].split(separator: separator).map(String.init) : []
            }
            switch f[0] {
            case Self.header: continue
            case "targets": kind = f.count == 2 ? DrawTargetKind(rawValue: f[1]) : nil
            case "n": count = f.count == 2 ? Int(f[1]) : nil
            case "per-target": perTarget = f.count == 2 ? Int(f[1]) : nil
            case "target" where f.count == 4: targets.append(DrawTarget(id: f[1], cells: words(2, " "), people: words(3, ",")))
            case "inspector" where f.count == 5: inspectors.append(try Inspector(name: f[1], phone: f[2], unit: f[3], cells: words(4, " ")))
            default: throw bad()
            }
        }
        guard let kind, let count, let perTarget else { throw DomainError.invalidInput("draw inputs lack the targets, n or per-target line") }
        try self.init(kind: kind, targets: targets, inspectors: inspectors, count: count, perTarget: perTarget)
    }
}
