import Foundation

/// The shape of a patch, from its pixels: extents along its principal axes, how much of that
/// oriented box it fills, and its mean width.
struct PatchShape: Sendable {
    /// Extent along the principal axis, pixels.
    var length: Double
    /// Extent across it, pixels.
    var width: Double
    /// Pixels over the oriented box area (1 for a rectangle, about 0.79 for an ellipse).
    var rectangularity: Double
    /// Twice the area over the perimeter, pixels: the width of a long thin patch.
    var meanWidth: Double

    /// Length over width, at least 1.
    var elongation: Double { max(1, length / max(width, 1)) }

    /// Measures the shape of a component from its runs and statistics: the box along its principal
    /// axes or along the grid, whichever is smaller (a square's principal axes are arbitrary).
    init(runs: [ComponentRun], statistics: PatchStatistics, perimeterEdges: Int) {
        func box(_ angle: Double) -> (length: Double, width: Double) {
            let (c, s) = (cos(angle), sin(angle))
            var minU = Double.infinity, maxU = -Double.infinity, minV = Double.infinity, maxV = -Double.infinity
            for run in runs {
                let y = Double(run.row) + 0.5
                for x in [Double(run.start) + 0.5, Double(run.end) - 0.5] {
                    let u = x * c + y * s, v = -x * s + y * c
                    minU = min(minU, u)
                    maxU = max(maxU, u)
                    minV = min(minV, v)
                    maxV = max(maxV, v)
                }
            }
            return (maxU - minU + 1, maxV - minV + 1)
        }
        let principal = box(statistics.principalAngle), grid = box(0)
        (length, width) = principal.length * principal.width <= grid.length * grid.width ? principal : grid
        rectangularity = min(1, Double(statistics.count) / (length * width))
        meanWidth = 2 * Double(statistics.count) / Double(max(perimeterEdges, 1))
        if width > length { swap(&length, &width) }
    }
}

/// Decides a patch's activity and change class from its mean index changes and its shape, or
/// that it is natural change and no patch at all. Rules, in order: a change that only scales the
/// band vector (moisture, illumination; on open ground also in the patch's mean) is natural, and so
/// is a strip a sub-pixel shift of BEFORE explains (misregistration); vegetation coming back is `restored`;
/// vegetation staying vegetation (crops greening, ripening) is natural, unless it thinned on a
/// regular plot with a new outline (`farming`); water lost to bright
/// ground is `reclamation`, to a dark ring around water that stays a receding lake (natural);
/// water gained is `water_works`, unless it rings water that stays (a lake rising); long and thin
/// is `road`; vegetation change keeping to the outline of a parcel BEFORE already showed (see
/// `ChangeVectorScaling.beforeEdge`) is field management (natural); vegetation lost to soil less than
/// about twice the scene's typical brightness on a regular plot (or on joined plots when dull) is `farming`; bright,
/// built (not open ground) and rectangular is `construction`; vegetation lost to bare ground is `mining`; other
/// vegetation change on a regular plot is `farming`; anything else is `other`.
public enum ActivityClassifier {
    /// The indices and shape one decision uses.
    struct Evidence {
        var ndviBefore: Double, ndviAfter: Double
        var waterFractionBefore: Double, waterFractionAfter: Double
        var dWater: Double, dBare: Double, dBrightness: Double
        /// Mean bareness index AFTER: bare soil and rock score high, roofs and concrete low.
        var bareAfter: Double = 0
        /// Mean angle between the pixels' BEFORE and AFTER band vectors, degrees.
        var spectralAngle: Double
        /// Area of the patch's holes over its own area: unchanged land or water it rings.
        var enclosed: Double
        /// Share of the outline on edges BEFORE already showed: the patch keeps to an old parcel.
        var oldEdgeShare: Double = 0
        /// Share of the plain change distance left once a sub-pixel shift is forgiven (see `ShiftTolerance`).
        var shiftShare: Double = 1
        /// Angle between the patch's mean BEFORE and AFTER band vectors, degrees: free of pixel noise.
        var meanVectorAngle: Double = 90
        /// The patch's pixels.
        var pixels = 0
        var shape: PatchShape
        var pixelSize: Double
    }

    /// A change whose band vectors turn less than this many degrees is a brightness scaling
    /// (moisture, illumination), not a change of cover.
    static let scalingAngle = 2.0
    /// Both epochs at least this green: vegetation staying vegetation.
    static let vegetated = 0.45
    /// At least this share of the outline on old edges: the change keeps to an old parcel.
    static let oldParcelShare = 0.6
    /// A bareness index AFTER at least this is open ground (soil, quarried rock), not built: a
    /// roof or concrete reflects the short-wave infrared about as much as the visible.
    static let openGround = 0.1

    /// Open ground whose mean band vectors turn less than this many degrees only got brighter or
    /// darker: sand drying or wetting (pixel noise inflates the per-pixel angle, not this one).
    /// Not applied to water, vegetation or built ground, nor to large brightness changes: some of
    /// Taizhou's ponds and Beirut's changes turn their mean vectors as little.
    static let meanScalingAngle = 3.0
    /// A change keeping less than this share of its distance once a sub-pixel shift is forgiven
    /// is an edge misregistration lit (real changes keep about 0.9 of it)...
    static let shiftExplained = 0.3
    /// ...when it is at least this many pixels: misregistration lights long strips along edges,
    /// while a change of a few pixels beside an edge (Paris's small buildings, Taizhou's narrow
    /// ponds) can look shift-explained by chance (a 20-pixel limit took Paris's F1 from 0.081 to 0.061).
    static let shiftExplainedPixels = 30
    /// Vegetation lost to ground brightened less than this (scene brightness units) is too dull
    /// for a quarry or a site: a cleared field however its plots join up.
    static let dullGround = 1.0

    /// True for a change that only scaled open ground's band vector a little, alike in every pixel
    /// (soil moisture): the mean vectors barely turn, the pixels' own angles stay near the scaling
    /// limit and the brightness changes by less than the scene's typical brightness.
    static func isMoisture(_ e: Evidence) -> Bool {
        e.meanVectorAngle < meanScalingAngle && e.spectralAngle < 2 * scalingAngle && abs(e.dBrightness) < 1
            && abs(e.ndviAfter - e.ndviBefore) < 0.1 && e.bareAfter >= openGround
            && e.waterFractionBefore < 0.5 && e.waterFractionAfter < 0.5
    }

    /// True for a change a sub-pixel shift of BEFORE explains (see `shiftExplained`).
    static func isMisregistration(_ e: Evidence) -> Bool {
        e.shiftShare < shiftExplained && e.pixels >= shiftExplainedPixels
    }

    static func classify(_ e: Evidence) -> (Activity, ChangeClass)? {
        let dNDVI = e.ndviAfter - e.ndviBefore
        if e.spectralAngle < scalingAngle || isMoisture(e) || isMisregistration(e) { return nil }
        if dNDVI > 0.15, e.ndviAfter > 0.3, e.waterFractionBefore < 0.5 { return (.other, .restored) }
        if e.ndviBefore > vegetated, e.ndviAfter > vegetated {
            // Cover thinned to sparse crops on a regular plot with a new outline is farmland
            // conversion; any other vegetation staying vegetation (crops greening, ripening) is natural.
            let converted = dNDVI <= -0.2 && e.oldEdgeShare < 0.3 && e.shape.rectangularity >= 0.75
            return converted ? (.farming, .new) : nil
        }
        if e.waterFractionBefore >= 0.5, e.waterFractionAfter < 0.25 {
            // A dark ring around water that stays is a lake falling back; anything else is filled.
            return e.dBrightness <= 0.5 && e.enclosed >= 0.5 ? nil : (.reclamation, .new)
        }
        if e.waterFractionAfter >= 0.35, e.waterFractionBefore < 0.25 {
            // A ring of new water around water that stays is a lake rising over its shore.
            return e.enclosed >= 0.5 ? nil : (.waterWorks, .new)
        }
        // Roads are a few pixels wide once smoothed; curved ones are long for their width,
        // straight ones also long along their principal axis.
        let roadWidth = max(5, 60 / e.pixelSize)
        if e.shape.meanWidth <= roadWidth, e.shape.length >= 8 * e.shape.meanWidth || e.shape.elongation >= 6 { return (.road, .new) }
        // Vegetation change that keeps to the outline of a parcel BEFORE already showed, without
        // turning bright (built or quarried), is a field greening, ripening or harvested.
        if e.oldEdgeShare >= oldParcelShare, e.dBrightness < 1.5, max(e.ndviBefore, e.ndviAfter) > 0.3 { return nil }
        if e.ndviBefore > 0.5, e.ndviAfter < 0.5, e.dBrightness < 1.8, e.shape.rectangularity >= (e.dBrightness < dullGround ? 0.6 : 0.75) {
            return (.farming, .new)
        }
        if e.dBrightness > 0.25, e.ndviAfter < 0.25, e.bareAfter < openGround, e.shape.rectangularity >= 0.8 { return (.construction, .new) }
        if e.ndviBefore > 0.25, dNDVI < -0.2, e.ndviAfter < 0.25 { return (.mining, .new) }
        if abs(dNDVI) > 0.1, e.shape.rectangularity >= 0.75 { return (.farming, .new) }
        return (.other, .new)
    }
}
