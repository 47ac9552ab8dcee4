import GeoKit

/// A stored patch as a flat record for exports and map layers.
public enum PatchFields {
    /// The patch as a feature: ledger fields first, then detection's own measures.
    public static func feature(_ p: ScanPatch) -> Feature {
        var props = Properties()
        props["id"] = .int(p.id)
        props["scan_id"] = .int(p.scanID)
        props["area_id"] = .int(p.areaID)
        props["activity"] = .string(p.activity)
        props["change"] = .string(p.lineage.rawValue)
        props["area_m2"] = .double((p.areaM2 * 10).rounded() / 10)
        props["perimeter_m"] = .double((p.perimeterM * 10).rounded() / 10)
        props["confidence"] = .double(p.confidence)
        props["previous_patch_id"] = p.previousPatchID.map { .int($0) } ?? .null
        props["case_id"] = p.caseID.map { .int($0) } ?? .null
        for (k, v) in p.properties.objectValue ?? [] where props[k] == nil { props[k] = v }
        return Feature(id: .int(p.id), geometry: p.geometry, properties: props)
    }
}
