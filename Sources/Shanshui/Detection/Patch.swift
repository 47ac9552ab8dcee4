import GeoKit

/// What human activity a patch most likely is.
public enum Activity: String, CaseIterable, Sendable, Codable {
    case mining, construction, road
    case waterWorks = "water_works"
    case reclamation, farming, other
}

/// Whether a patch is new damage or land coming back.
public enum ChangeClass: String, CaseIterable, Sendable, Codable {
    /// Something appeared: vegetation or water lost, land built, dug or filled.
    case new
    /// Vegetation came back; reported, not counted as damage.
    case restored
}

/// One patch (图斑): a connected area of change with its outline in lon/lat, its measures and
/// what it most likely is. A plain value, ready to store or write.
public struct Patch: Hashable, Sendable {
    /// 1-based number, in the order patches were found (top to bottom).
    public var id: Int
    /// Outline in EPSG:4326 lon/lat, pixel-exact unless simplified.
    public var geometry: Geometry
    /// Geodesic area in m².
    public var areaM2: Double
    /// Geodesic perimeter in m.
    public var perimeterM: Double
    /// The likely activity.
    public var activity: Activity
    /// New damage or restored vegetation.
    public var change: ChangeClass
    /// 0–1: the calibrated chance that the patch is real change (see `PatchConfidence`).
    public var confidence: Double
    /// The patch's mean change magnitude over the scene's threshold (1 = at the threshold).
    public var magnitudeRatio: Double
    /// Mean NDVI change (after − before).
    public var dNDVI: Double
    /// Mean water index change (MNDWI with SWIR, else NDWI).
    public var dWater: Double
    /// Mean bareness index change.
    public var dBare: Double
    /// Mean visible brightness change, relative to the scene's typical brightness.
    public var dBrightness: Double
    /// Length over width of the patch along its principal axes (1 = compact).
    public var elongation: Double
    /// Mean angle between the pixels' BEFORE and (normalised) AFTER band vectors, degrees: near 0
    /// when only brightness changed (moisture, illumination), large when the cover changed.
    public var spectralAngle: Double
    /// Pixels the patch was decided on (its thresholded ones; the drawn outline may cover up to
    /// three times as many, see `OutlineGrowth`).
    public var pixelCount: Int
    /// Share of the outline on edges BEFORE already showed (0–1): a change keeping to an old
    /// parcel's outline (a harvest), rather than cutting a new one (a clearing, a pit).
    public var oldEdgeShare: Double = 0
    /// Share of the change distance left once a sub-pixel shift of BEFORE is forgiven (0–1; see
    /// `ShiftTolerance`): low for an edge misregistration lit.
    public var shiftShare: Double = 1
    /// Angle between the patch's mean BEFORE and AFTER band vectors, degrees: free of pixel noise.
    public var meanVectorAngle: Double = 90
    /// Patch area over that of its oriented bounding rectangle (1 = a rectangle).
    public var rectangularity: Double = 0

    /// The patch as a feature with the documented properties.
    public var feature: Feature {
        func round(_ v: Double, _ places: Double) -> JSONValue { .double((v * places).rounded() / places) }
        return Feature(id: .int(Int64(id)), geometry: geometry, properties: Properties([
            ("id", .int(Int64(id))), ("area_m2", round(areaM2, 10)), ("perimeter_m", round(perimeterM, 10)),
            ("activity", .string(activity.rawValue)), ("change", .string(change.rawValue)),
            ("confidence", round(confidence, 1000)), ("magnitude_ratio", round(magnitudeRatio, 1000)), ("d_ndvi", round(dNDVI, 1000)), ("d_water", round(dWater, 1000)),
            ("d_bare", round(dBare, 1000)), ("d_brightness", round(dBrightness, 1000)),
            ("elongation", round(elongation, 100)), ("spectral_angle", round(spectralAngle, 100)), ("pixels", .int(Int64(pixelCount))),
            ("old_edge_share", round(oldEdgeShare, 1000)), ("shift_share", round(shiftShare, 1000)),
            ("mean_vector_angle", round(meanVectorAngle, 100)), ("rectangularity", round(rectangularity, 1000)),
        ]))
    }
}
