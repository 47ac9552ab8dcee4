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

    /// Measures the shape of a component from its runs and statistics.
    init(runs: [ComponentRun], statistics: PatchStatistics, perimeterEdges: Int) {
        let angle = statistics.principalAngle
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
        length = maxU - minU + 1
        width = maxV - minV + 1
        rectangularity = min(1, Double(statistics.count) / (length * width))
        meanWidth = 2 * Double(statistics.count) / Double(max(perimeterEdges, 1))
        if width > length { swap(&length, &width) }
    }
}

/// Decides a patch's activity and change class from its mean index changes and its shape, or
/// that it is natural change and no patch at all. Rules, in order: a change that only scales the
/// band vector (moisture, illumination) is natural; vegetation coming back is `restored`;
/// vegetation staying vegetation (crops greening, ripening) is natural; water lost to bright
/// ground is `reclamation`, to a dark ring around water that stays a receding lake (natural);
/// water gained is `water_works`; long and thin is `road`; vegetation lost to soil less than
/// about twice the scene's typical brightness on a regular plot is `farming`; bright,
/// built and rectangular is `construction`; vegetation lost to bare ground is `mining`; other
/// vegetation change on a regular plot is `farming`; anything else is `other`.
public enum ActivityClassifier {
    /// The indices and shape one decision uses.
    struct Evidence {
        var ndviBefore: Double, ndviAfter: Double
        var waterFractionBefore: Double, waterFractionAfter: Double
        var dWater: Double, dBare: Double, dBrightness: Double
        /// Mean angle between the pixels' BEFORE and AFTER band vectors, degrees.
        var spectralAngle: Double
        /// Area of the patch's holes over its own area: unchanged land or water it rings.
        var enclosed: Double
        var shape: PatchShape
        var pixelSize: Double
    }

    /// A change whose band vectors turn less than this many degrees is a brightness scaling
    /// (moisture, illumination), not a change of cover.
    static let scalingAngle = 2.0
    /// Both epochs at least this green: vegetation staying vegetation.
    static let vegetated = 0.45

    static func classify(_ e: Evidence) -> (Activity, ChangeClass)? {
        let dNDVI = e.ndviAfter - e.ndviBefore
        if e.spectralAngle < scalingAngle { return nil }
        if dNDVI > 0.15, e.ndviAfter > 0.3, e.waterFractionBefore < 0.5 { return (.other, .restored) }
        if e.ndviBefore > vegetated, e.ndviAfter > vegetated { return nil }
        if e.waterFractionBefore >= 0.5, e.waterFractionAfter < 0.25 {
            // A dark ring around water that stays is a lake falling back; anything else is filled.
            return e.dBrightness <= 0.5 && e.enclosed >= 0.5 ? nil : (.reclamation, .new)
        }
        if e.waterFractionAfter >= 0.35, e.waterFractionBefore < 0.25 { return (.waterWorks, .new) }
        // Roads are a few pixels wide once smoothed; curved ones are long for their width,
        // straight ones also long along their principal axis.
        let roadWidth = max(5, 60 / e.pixelSize)
        if e.shape.meanWidth <= roadWidth, e.shape.length >= 8 * e.shape.meanWidth || e.shape.elongation >= 6 { return (.road, .new) }
        if e.ndviBefore > 0.5, e.ndviAfter < 0.5, e.dBrightness < 1.8, e.shape.rectangularity >= 0.75 { return (.farming, .new) }
        if e.dBrightness > 0.25, e.ndviAfter < 0.25, e.shape.rectangularity >= 0.8 { return (.construction, .new) }
        if e.ndviBefore > 0.25, dNDVI < -0.2, e.ndviAfter < 0.25 { return (.mining, .new) }
        if abs(dNDVI) > 0.1, e.shape.rectangularity >= 0.75 { return (.farming, .new) }
        return (.other, .new)
    }
}
