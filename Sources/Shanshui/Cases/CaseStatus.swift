/// Where a case stands in the problem ledger (问题台账).
///
/// `flagged` → `dispatched` → `verified` → `rectifying` → `accepted` → `closed`; a false
/// positive or a permitted activity is closed right after verification; any open case can be
/// `transferred` to another department. Supervised listing (挂牌督办) is not a state but a mark
/// on an open case (see `Supervision`), which keeps moving through its states under it.
public enum CaseStatus: String, CaseIterable, Sendable, Codable {
    case flagged, dispatched, verified, rectifying, accepted, closed, transferred

    /// True while the case still needs work (not closed, not transferred).
    public var isOpen: Bool { self != .closed && self != .transferred }

    /// The Chinese name used in ledgers.
    public var chineseName: String {
        switch self {
        case .flagged: "已发现"
        case .dispatched: "已下发"
        case .verified: "已核查"
        case .rectifying: "整改中"
        case .accepted: "已验收"
        case .closed: "已销号"
        case .transferred: "已移送"
        }
    }
}

/// What field verification found.
public enum Verdict: Sendable, Hashable {
    /// Real damage: it must be rectified.
    case confirmed
    /// Not damage; the reason from the fixed list, plus free text.
    case falsePositive(reason: FalsePositiveReason, text: String?)
    /// Activity with a valid permit (reference recorded).
    case permitted(permit: String)

    /// `confirmed`, `false_positive` or `permitted`.
    public var name: String {
        switch self {
        case .confirmed: "confirmed"
        case .falsePositive: "false_positive"
        case .permitted: "permitted"
        }
    }
}

/// Why a flagged patch was not damage: the fixed list verification offices report against.
public enum FalsePositiveReason: String, CaseIterable, Sendable, Codable {
    case cloudOrShadow = "cloud_or_shadow"
    case seasonalVegetation = "seasonal_vegetation"
    case agriculturalRotation = "agricultural_rotation"
    case waterLevel = "water_level"
    case imageMisregistration = "image_misregistration"
    case naturalChange = "natural_change"
    case existedBefore = "existed_before"
    case other

    /// Parses a reason code.
    /// - Throws: `DomainError.invalidValue` listing the accepted reasons.
    public init(parsing text: String) throws {
        guard let r = FalsePositiveReason(rawValue: text) else {
            throw DomainError.invalidValue("unknown false-positive reason '\(text)'; accepted: "
                + FalsePositiveReason.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self = r
    }
}

/// How serious a case is, from the zone and kind of land it touches.
public enum Severity: String, CaseIterable, Sendable, Codable, Comparable {
    case low, medium, high

    public static func < (a: Severity, b: Severity) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A supervised listing (挂牌督办): by whom and at what level, set by an officer or by escalation.
public struct Supervision: Sendable, Hashable, Codable {
    /// e.g. provincial, municipal, county.
    public var level: String
    /// The office or person that listed it.
    public var by: String
    public var since: Day

    /// Makes a listing.
    public init(level: String, by: String, since: Day) {
        self.level = level
        self.by = by
        self.since = since
    }
}

extension Verdict: Codable {
    private enum Keys: String, CodingKey { case verdict, reason, text, permit }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        switch try c.decode(String.self, forKey: .verdict) {
        case "confirmed": self = .confirmed
        case "permitted": self = .permitted(permit: try c.decode(String.self, forKey: .permit))
        default:
            self = .falsePositive(reason: try c.decode(FalsePositiveReason.self, forKey: .reason),
                                  text: try c.decodeIfPresent(String.self, forKey: .text))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(name, forKey: .verdict)
        switch self {
        case .confirmed: break
        case .permitted(let permit): try c.encode(permit, forKey: .permit)
        case .falsePositive(let reason, let text):
            try c.encode(reason, forKey: .reason)
            try c.encodeIfPresent(text, forKey: .text)
        }
    }
}
