import CGDAL
import Foundation

/// Choosing the encoding of a Shapefile's DBF text when no `.cpg` names it.
extension VectorSource {
    static func isShapefile(_ h: GDALDatasetH) -> Bool {
        GDALGetDatasetDriver(h).flatMap { GDALGetDriverShortName($0) }.map { String(cString: $0) } == "ESRI Shapefile"
    }

    /// True when any layer's DBF has a `.cpg` naming its encoding (OGR then recodes it itself).
    static func hasCodePageFile(_ h: GDALDatasetH) -> Bool {
        (0..<GDALDatasetGetLayerCount(h)).contains { i in
            guard let layer = GDALDatasetGetLayer(h, i),
                  let value = GDALGetMetadataItem(layer, "CPG_VALUE", "SHAPEFILE") else { return false }
            return !String(cString: value).isEmpty
        }
    }

    /// Reads every field name and string value of a dataset opened without recoding and picks
    /// the one encoding they all decode in: `forcing`, else UTF-8, else GB18030.
    /// - Throws: `TextEncodingError` naming the first feature and field that is in neither.
    static func chooseEncoding(_ h: GDALDatasetH, path: String, forcing: TextEncoding?) throws -> (encoding: TextEncoding, nonASCII: Bool) {
        var pieces: [(label: String, bytes: [UInt8])] = []
        for i in 0..<GDALDatasetGetLayerCount(h) {
            guard let layer = GDALDatasetGetLayer(h, i), let defn = OGR_L_GetLayerDefn(layer) else { continue }
            let layerName = OGR_L_GetName(layer).map { String(cString: $0) } ?? ""
            var stringFields: [(index: Int32, name: String)] = []
            for f in 0..<OGR_FD_GetFieldCount(defn) {
                guard let field = OGR_FD_GetFieldDefn(defn, f) else { continue }
                let name = bytes(OGR_Fld_GetNameRef(field))
                let label = String(decoding: name, as: UTF8.self)
                if name.contains(where: { $0 >= 0x80 }) { pieces.append(("layer '\(layerName)', field name \(f + 1)", name)) }
                if OGR_Fld_GetType(field) == OFTString { stringFields.append((f, label)) }
            }
            guard !stringFields.isEmpty else { continue }
            _ = "OGR_GEOMETRY".withCString { g in
                var list: [UnsafePointer<CChar>?] = [g, nil]
                return OGR_L_SetIgnoredFields(layer, &list)
            }
            defer { OGR_L_SetIgnoredFields(layer, nil) }
            OGR_L_ResetReading(layer)
            var index = 0
            while let feature = OGR_L_GetNextFeature(layer) {
                defer { OGR_F_Destroy(feature) }
                for field in stringFields where OGR_F_IsFieldSetAndNotNull(feature, field.index) != 0 {
                    let value = bytes(OGR_F_GetFieldAsString(feature, field.index))
                    if value.contains(where: { $0 >= 0x80 }) {
                        pieces.append(("layer '\(layerName)', feature \(index), field \(field.name)", value))
                    }
                }
                index += 1
            }
            OGR_L_ResetReading(layer)
        }
        guard !pieces.isEmpty else { return (forcing ?? .utf8, false) }
        for encoding in forcing.map({ [$0] }) ?? [.utf8, .gb18030] {
            if pieces.allSatisfy({ if case .success = encoding.decode($0.bytes) { true } else { false } }) { return (encoding, true) }
        }
        let tried = forcing.map { "not \($0.label) text" } ?? "neither UTF-8 nor GB18030 (GBK) text"
        let bad = pieces.first { piece in
            (forcing.map { [$0] } ?? [.utf8, .gb18030]).allSatisfy { if case .failure = $0.decode(piece.bytes) { true } else { false } }
        } ?? pieces[0]
        throw TextEncodingError(message: "\(path), \(bad.label): the text is \(tried); add a .cpg file naming its encoding (e.g. GB18030) or give --encoding")
    }

    private static func bytes(_ text: UnsafePointer<CChar>?) -> [UInt8] {
        guard let text else { return [] }
        return Array(UnsafeBufferPointer(start: UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self), count: strlen(text)))
    }
}
