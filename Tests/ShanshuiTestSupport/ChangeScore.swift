import GeoKit

/// Pixel agreement between a change raster (1 change, 0 no change, 255 not assessed) and
/// reference labels, on the labelled pixels only: Cohen's Kappa and the F1 score of "change".
public struct ChangeScore: Sendable, CustomStringConvertible {
    public var truePositives = 0, falsePositives = 0, trueNegatives = 0, falseNegatives = 0

    /// Scores `changeRaster` against a change label raster and a no-change label raster
    /// (each `labelValue` where the label applies), e.g. Taizhou's change.bmp and unchanged.bmp.
    public init(changeRaster: String, changeLabels: String, unchangedLabels: String, labelValue: UInt8 = 255) throws {
        let predicted = try Raster.open(changeRaster).read(band: 1, as: UInt8.self).values
        let changed = try Raster.open(changeLabels).read(band: 1, as: UInt8.self).values
        let unchanged = try Raster.open(unchangedLabels).read(band: 1, as: UInt8.self).values
        for i in predicted.indices {
            let isChange = predicted[i] == 1
            if changed[i] == labelValue {
                if isChange { truePositives += 1 } else { falseNegatives += 1 }
            } else if unchanged[i] == labelValue {
                if isChange { falsePositives += 1 } else { trueNegatives += 1 }
            }
        }
    }

    /// Cohen's Kappa.
    public var kappa: Double {
        let n = Double(truePositives + falsePositives + trueNegatives + falseNegatives)
        let observed = Double(truePositives + trueNegatives) / n
        let expected = (Double(truePositives + falsePositives) * Double(truePositives + falseNegatives)
            + Double(falseNegatives + trueNegatives) * Double(falsePositives + trueNegatives)) / (n * n)
        return (observed - expected) / (1 - expected)
    }

    /// F1 of the change class.
    public var f1: Double {
        Double(2 * truePositives) / Double(2 * truePositives + falsePositives + falseNegatives)
    }

    public var description: String {
        "kappa \(kappa), F1 \(f1) (TP \(truePositives), FP \(falsePositives), TN \(trueNegatives), FN \(falseNegatives))"
    }
}
