import Foundation

/// What a band measures, for the spectral indices: the visible bands, near infrared and the
/// two shortwave infrared bands of Landsat and Sentinel-2.
public enum BandRole: String, CaseIterable, Sendable, Comparable, Codable {
    case blue, green, red, nir, swir1, swir2

    /// The roles every epoch must have.
    public static let required: [BandRole] = [.blue, .green, .red, .nir]

    public static func < (a: BandRole, b: BandRole) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Which band of an epoch plays which role: 1-based band numbers, counted across the files
/// when an epoch is a list of single-band rasters.
public struct BandRoles: Hashable, Sendable, CustomStringConvertible {
    /// Band number per role.
    public private(set) var bands: [BandRole: Int]

    /// Makes roles from a mapping.
    public init(_ bands: [BandRole: Int]) {
        self.bands = bands
    }

    /// Parses `blue=1,green=2,red=3,nir=4[,swir1=5,swir2=6]`.
    /// - Throws: `DetectionError.bandRoles` naming the bad item.
    public init(parsing text: String) throws {
        var bands: [BandRole: Int] = [:]
        for item in text.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let role = BandRole(rawValue: parts[0].lowercased()), let band = Int(parts[1]), band >= 1 else {
                throw DetectionError.bandRoles("bad band role '\(item)' in --bands: write role=N with role one of "
                    + "\(BandRole.allCases.map(\.rawValue).joined(separator: ", ")) and N a band number from 1")
            }
            bands[role] = band
        }
        self.init(bands)
    }

    /// Roles guessed from band names (descriptions or file names): "Blue", "NIR", Sentinel-2 "B02"…,
    /// Landsat TM/ETM+ "Band 1"… When the names say nothing, the first four bands are taken as
    /// blue, green, red, near infrared.
    /// - Parameter names: one name per band, band 1 first.
    public static func inferred(fromNames names: [String]) -> BandRoles {
        var bands: [BandRole: Int] = [:]
        for (i, name) in names.enumerated() {
            if let role = role(named: name), bands[role] == nil { bands[role] = i + 1 }
        }
        if BandRole.required.allSatisfy({ bands[$0] != nil }) { return BandRoles(bands) }
        guard names.count >= 4 else { return BandRoles(bands) }
        return BandRoles([.blue: 1, .green: 2, .red: 3, .nir: 4])
    }

    /// The roles present, in `BandRole` order, with their band numbers.
    public var ordered: [(role: BandRole, band: Int)] {
        bands.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Throws unless blue, green, red and nir are given and every band exists.
    /// - Parameters:
    ///   - bandCount: bands the epoch has.
    ///   - epoch: the epoch's name for the message.
    public func validate(bandCount: Int, epoch: String) throws {
        let missing = BandRole.required.filter { bands[$0] == nil }
        guard missing.isEmpty else {
            throw DetectionError.bandRoles("\(epoch): no band for \(missing.map(\.rawValue).joined(separator: ", ")); "
                + "name them with --bands blue=N,green=N,red=N,nir=N (the band names did not say)")
        }
        for (role, band) in ordered where band > bandCount {
            throw DetectionError.bandRoles("\(epoch): \(role.rawValue)=\(band) but the epoch has \(bandCount) band(s)")
        }
    }

    /// `blue=1,green=2,…`, the form `--bands` takes.
    public var description: String { ordered.map { "\($0.role.rawValue)=\($0.band)" }.joined(separator: ",") }

    private static func role(named name: String) -> BandRole? {
        let lower = name.lowercased()
        let sentinel: [String: BandRole] = ["b02": .blue, "b2": .blue, "b03": .green, "b3": .green, "b04": .red,
                                            "b4": .red, "b08": .nir, "b8": .nir, "b11": .swir1, "b12": .swir2]
        let tokens = lower.split { !$0.isLetter && !$0.isNumber }.map(String.init)
        if let last = tokens.last(where: { sentinel[$0] != nil }), lower.contains("s2") || lower.contains("msi")
            || tokens.contains(where: { $0.hasPrefix("b0") || $0 == "b11" || $0 == "b12" }) {
            return sentinel[last]
        }
        if lower.contains("tm") || lower.contains("landsat") || lower.contains("etm"),
           let range = lower.range(of: #"band\s*([1-7])\b"#, options: .regularExpression) {
            let digit = lower[range].last.flatMap { Int(String($0)) }
            let landsat: [Int: BandRole] = [1: .blue, 2: .green, 3: .red, 4: .nir, 5: .swir1, 7: .swir2]
            return digit.flatMap { landsat[$0] }
        }
        for (words, role) in [(["blue"], BandRole.blue), (["green"], .green), (["nir", "near infrared", "near-infrared"], .nir),
                              (["swir1", "swir 1", "swir16", "swir-1"], .swir1), (["swir2", "swir 2", "swir22", "swir-2"], .swir2),
                              (["red"], .red)] where words.contains(where: { tokens.contains($0) || (($0.contains(" ") || $0.contains("-")) && lower.contains($0)) }) {
            return role
        }
        return nil
    }
}
