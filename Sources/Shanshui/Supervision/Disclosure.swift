import GeoKit

/// The public disclosure of finished cases (信息公开): closed and transferred cases with where,
/// what, in which protected area, the outcome and the dates — and no personal data.
///
/// Fields are chosen by a whitelist, never by removing fields from the full record, so a field
/// added to cases later cannot leak into it: no names, phones, units of grid staff, photo paths,
/// actors of the audit log or free-text notes.
public enum Disclosure {
    /// Every field a disclosure feature has, in order.
    public static let fields = ["number", "status", "outcome", "outcome_detail", "activity", "area_code", "area_name", "area_kind", "zone",
                                "county_name", "township_name", "village_name", "lon", "lat", "overlap_m2", "detected_on", "finished_on"]

    /// True for the cases the public sees: closed or transferred.
    public static func isDisclosed(_ c: Case) -> Bool { c.status == .closed || c.status == .transferred }

    /// One case as a public feature (its damage outline).
    /// - Parameter events: the case's audit log, for the day it was closed or transferred.
    public static func feature(_ c: Case, events: [CaseEvent]) throws -> Feature {
        var p = Properties()
        p["number"] = .string(c.number)
        p["status"] = .string(c.status.rawValue)
        let (outcome, detail) = outcome(c)
        p["outcome"] = .string(outcome)
        p["outcome_detail"] = detail.map(JSONValue.string) ?? .null
        p["activity"] = .string(c.activity)
        p["area_code"] = .string(c.area.code)
        p["area_name"] = .string(c.area.name)
        p["area_kind"] = .string(c.area.kind.rawValue)
        p["zone"] = c.area.zone.map { .string($0.rawValue) } ?? .null
        for level in ["county", "township", "village"] {
            p["\(level)_name"] = c.responsibility?.chain.first { $0.level == level }.map { .string($0.name) } ?? .null
        }
        let centre = try c.geometry.isEmpty ? nil : c.geometry.pointOnSurface()
        if case .point(let at)? = centre {
            p["lon"] = .double((at.x * 1e6).rounded() / 1e6)
            p["lat"] = .double((at.y * 1e6).rounded() / 1e6)
        } else {
            p["lon"] = .null
            p["lat"] = .null
        }
        p["overlap_m2"] = .double(c.overlapM2.rounded())
        p["detected_on"] = .string(c.detectedOn.description)
        let finished = events.last { $0.to == c.status && $0.from != c.status }
        p["finished_on"] = finished.map { .string(String($0.at.prefix(10))) } ?? .null
        return Feature(id: .string(c.number), geometry: c.geometry, properties: p)
    }

    /// The disclosed cases of the ledger (optionally detected in `period`), oldest first.
    public static func features(_ ledger: Ledger, period: ReportPeriod? = nil) async throws -> [Feature] {
        var filter = CaseFilter()
        filter.detectedFrom = period?.first
        filter.detectedBy = period?.last
        let cases = try await ledger.list(filter).filter(isDisclosed)
        var out: [Feature] = []
        for c in cases.reversed() { out.append(try feature(c, events: try await ledger.store.events(caseID: c.id))) }
        return out
    }

    /// What came of a case, in public words: rectified, false_positive (with the reason code),
    /// permitted, closed, or transferred (with the receiving department).
    static func outcome(_ c: Case) -> (String, String?) {
        if let t = c.transfer, c.status == .transferred { return ("transferred", t.department) }
        switch c.verdict {
        case .confirmed?: return (c.rectification?.acceptance != nil ? "rectified" : "closed", nil)
        case .falsePositive(let reason, _)?: return ("false_positive", reason.rawValue)
        case .permitted?: return ("permitted", nil)
        case nil: return ("closed", nil)
        }
    }
}
