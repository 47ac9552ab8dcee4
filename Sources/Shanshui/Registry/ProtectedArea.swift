import GeoKit

/// A protected area (保护地): a national park, nature reserve, natural park, water source or
/// ecological red line, identified by its code and followed through its boundary versions.
public struct ProtectedArea: Hashable, Sendable {
    /// The store's id (stable, used on the command line and in the API).
    public var id: Int64
    /// The official code (or the name when the source has no code); unique.
    public var code: String
    public var name: String
    public var kind: ProtectedAreaKind
    /// Administrative level as the source gives it (national, provincial...), if any.
    public var level: String?
    /// The managing authority, if known.
    public var authority: String?

    /// Makes an area record.
    public init(id: Int64 = 0, code: String, name: String, kind: ProtectedAreaKind, level: String? = nil, authority: String? = nil) {
        self.id = id
        self.code = code
        self.name = name
        self.kind = kind
        self.level = level
        self.authority = authority
    }
}

/// The legal act behind a boundary change: document number and text (批复文号 and its wording).
public struct LegalInstrument: Hashable, Sendable {
    public var number: String?
    public var text: String?

    /// Makes an instrument; both parts optional.
    public init(number: String? = nil, text: String? = nil) {
        self.number = number
        self.text = text
    }

    /// Parses the CLI form: "NUMBER" or "NUMBER: text" (e.g. "国函〔2020〕12号: 同意调整...").
    public init(parsing value: String?) {
        guard let value, !value.isEmpty else {
            self.init()
            return
        }
        if let colon = value.firstIndex(where: { $0 == ":" || $0 == "：" }) {
            let number = value[..<colon].trimmingCharacters(in: .whitespaces)
            let text = value[value.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            self.init(number: number.isEmpty ? nil : number, text: text.isEmpty ? nil : text)
        } else {
            self.init(number: value.trimmingCharacters(in: .whitespaces))
        }
    }

    /// "number: text", or whichever exists.
    public var summary: String {
        [number, text].compactMap { $0 }.joined(separator: ": ")
    }
}

/// One zone of a boundary version, with its geometry (lon/lat) and geodesic area.
public struct Zone: Hashable, Sendable {
    public var kind: ZoneKind
    public var geometry: Geometry
    /// Geodesic area in km².
    public var areaKm2: Double

    /// Makes a zone; the area is computed on the ellipsoid unless given (the stored area on load).
    public init(kind: ZoneKind, geometry: Geometry, areaKm2: Double? = nil) {
        self.kind = kind
        self.geometry = geometry
        self.areaKm2 = areaKm2 ?? geometry.geodesicArea / 1e6
    }
}

/// A protected area's boundary valid from a day (inclusive) to a day (exclusive, nil = still valid),
/// with the change that made it, its legal instrument and its zones. A `withdraw` version has
/// no geometry: from that day the area no longer exists.
public struct BoundaryVersion: Hashable, Sendable {
    public var id: Int64
    public var areaID: Int64
    public var validFrom: Day
    public var validTo: Day?
    public var change: BoundaryChange
    public var instrument: LegalInstrument
    /// The outer boundary (lon/lat); nil for a withdrawal.
    public var geometry: Geometry?
    public var zones: [Zone]
    /// Geodesic area of the boundary in km².
    public var areaKm2: Double
    /// Where it came from (file path and layer) and a content hash used to recognise re-imports.
    public var source: String?
    public var sourceHash: String?

    /// Makes a version; the area is computed on the ellipsoid unless given (the stored area on load).
    public init(id: Int64 = 0, areaID: Int64 = 0, validFrom: Day, validTo: Day? = nil, change: BoundaryChange,
                instrument: LegalInstrument = LegalInstrument(), geometry: Geometry?, zones: [Zone] = [],
                source: String? = nil, sourceHash: String? = nil, areaKm2: Double? = nil) {
        self.id = id
        self.areaID = areaID
        self.validFrom = validFrom
        self.validTo = validTo
        self.change = change
        self.instrument = instrument
        self.geometry = geometry
        self.zones = zones
        self.areaKm2 = areaKm2 ?? (geometry?.geodesicArea ?? 0) / 1e6
        self.source = source
        self.sourceHash = sourceHash
    }

    /// True when the version is in force on `day`.
    public func isValid(on day: Day) -> Bool {
        validFrom <= day && (validTo.map { day < $0 } ?? true)
    }
}

import Foundation
