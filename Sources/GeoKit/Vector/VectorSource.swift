import CGDAL
import Foundation

/// An open OGR vector dataset (Shapefile, zipped Shapefile, GeoPackage, GeoJSON, KML, CSV with
/// WKT or lon/lat columns, any format GDAL reads), closed when the value goes away.
///
/// Not `Sendable`: open one per task.
public final class VectorSource {
    /// The path as given.
    public let path: String
    let handle: GDALDatasetH

    /// How the attribute text was decoded, for Shapefiles and CSV files (their text has no fixed
    /// encoding); nil for formats whose text is always UTF-8 or recoded by GDAL itself.
    public let text: DecodedText.Choice?
    /// The encoding DBF text was read in, when `text` is not nil.
    public let textEncoding: TextEncoding?
    /// True when a Shapefile's text held anything beyond ASCII, so the encoding mattered.
    let textHadNonASCII: Bool
    /// A GB18030 CSV's text recoded to UTF-8 in GDAL's memory files, removed with the source.
    private var memoryCopy: String?

    /// Opens a vector dataset read-only. URLs are read in place (see `GDALPath.resolve(_:)`); a
    /// `.zip` path is read through `/vsizip/`; a `.csv` gets its geometry from a `WKT`/`geometry`
    /// column or `lon`/`lat` (`x`/`y`, `longitude`/`latitude`) columns.
    ///
    /// A Shapefile's text is read in the encoding its `.cpg` names; without one it is read as
    /// `encoding` when given, else as UTF-8 when every value and field name is valid UTF-8, else
    /// as GB18030 (GBK) when they all are that (see `encodingNote`). A local CSV file is read
    /// the same way: `encoding`, else UTF-8, else GB18030.
    /// - Throws: `GDALError` naming the file and the reason (missing, unreadable, not a vector
    ///   format); `TextEncodingError` naming the feature and field whose text is in neither encoding.
    public init(path: String, encoding: TextEncoding? = nil) throws {
        GDAL.ensureRegistered()
        self.path = path
        let gdalPath = GDALPath.resolve(path)
        var options: [String] = []
        if path.lowercased().hasSuffix(".csv") {
            options = ["X_POSSIBLE_NAMES=lon,lng,longitude,x", "Y_POSSIBLE_NAMES=lat,latitude,y",
                       "GEOM_POSSIBLE_NAMES=wkt,WKT,geometry,geom,the_geom", "KEEP_GEOM_COLUMNS=NO",
                       "AUTODETECT_TYPE=YES"]
        }
        if [".xlsx", ".xls", ".ods"].contains(where: path.lowercased().hasSuffix) {
            // A sheet's first row is its header, even when every cell is text (GDAL would guess).
            for key in ["OGR_XLSX_HEADERS", "OGR_XLS_HEADERS", "OGR_ODS_HEADERS"] where CPLGetConfigOption(key, nil) == nil {
                CPLSetConfigOption(key, "FORCE")
            }
        }
        try VectorSource.checkExists(path)
        if path.lowercased().hasSuffix(".csv"), !path.hasPrefix("/vsi"), !GDALPath.isRemote(path),
           let data = FileManager.default.contents(atPath: path) {
            let decoded = try DecodedText.decode([UInt8](data), source: path, forcing: encoding)
            var openPath = gdalPath
            if decoded.encoding != .utf8 {
                let copy = "/vsimem/shanshui-\(UUID().uuidString)/\(URL(fileURLWithPath: path).lastPathComponent)"
                let buffer = VSIMalloc(decoded.utf8.count)!
                decoded.utf8.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
                VSIFCloseL(VSIFileFromMemBuffer(copy, buffer.assumingMemoryBound(to: GByte.self), vsi_l_offset(decoded.utf8.count), 1))
                memoryCopy = copy
                openPath = copy
            }
            handle = try VectorSource.open(openPath, path: path, options: options)
            text = decoded.choice
            textEncoding = decoded.encoding
            textHadNonASCII = decoded.hadNonASCII
            return
        }
        if VectorSource.isGeoJSON(gdalPath) { try VectorSource.checkGeoJSON(path) }
        var h = try VectorSource.open(gdalPath, path: path, options: options)
        guard VectorSource.isShapefile(h), !VectorSource.hasCodePageFile(h) else {
            handle = h
            text = VectorSource.isShapefile(h) ? .declared : nil
            textEncoding = nil
            textHadNonASCII = false
            return
        }
        // No .cpg: read the DBF bytes as they are and decide, instead of trusting the LDID byte
        // (ArcGIS and Excel-made files often carry a Latin one over Chinese text).
        GDALClose(h)
        h = try VectorSource.open(gdalPath, path: path, options: options + ["ENCODING="])
        let chosen: (encoding: TextEncoding, nonASCII: Bool)
        do {
            chosen = try VectorSource.chooseEncoding(h, path: path, forcing: encoding)
        } catch {
            GDALClose(h)
            throw error
        }
        if chosen.encoding == .gb18030 {
            GDALClose(h)
            h = try VectorSource.open(gdalPath, path: path, options: options + ["ENCODING=GB18030"])
        }
        handle = h
        text = encoding == nil ? .detected : .forced
        textEncoding = chosen.encoding
        textHadNonASCII = chosen.nonASCII
    }

    /// One line saying how a Shapefile without `.cpg`, or a CSV, had its text read (nil when it did not matter).
    public var encodingNote: String? {
        guard let text, let textEncoding else { return nil }
        return DecodedText(utf8: [], encoding: textEncoding, choice: text, hadNonASCII: textHadNonASCII)
            .note(for: driverShortName == "CSV" ? path : "\(path) (no .cpg)")
    }

    private static func open(_ gdalPath: String, path: String, options: [String]) throws -> GDALDatasetH {
        let openOptions = CStringList(options)
        let flags = UInt32(GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR)
        guard let h = GDALOpenEx(gdalPath, flags, nil, openOptions.constPointer, nil) else {
            let error = GDALError.last("cannot open '\(path)' as vector data")
            throw error.message.contains("not recognized as a supported file format") || error.message.hasSuffix("as vector data")
                ? GDALError(code: error.code, message: "'\(path)' is not a vector format GDAL recognises") : error
        }
        return h
    }

    deinit {
        GDALClose(handle)
        if let memoryCopy { VSIUnlink(memoryCopy) }
    }

    /// The OGR driver's short name (`ESRI Shapefile`, `GPKG`, `GeoJSON`...).
    public var driverShortName: String {
        GDALGetDatasetDriver(handle).flatMap { GDALGetDriverShortName($0) }.map { String(cString: $0) } ?? ""
    }

    /// The OGR driver's long name.
    public var driverLongName: String {
        GDALGetDatasetDriver(handle).flatMap { GDALGetDriverLongName($0) }.map { String(cString: $0) } ?? ""
    }

    /// The layers, in file order.
    public var layers: [VectorLayer] {
        (0..<GDALDatasetGetLayerCount(handle)).compactMap { i in
            GDALDatasetGetLayer(handle, i).map { VectorLayer(handle: $0, source: self) }
        }
    }

    /// The layer named `name`, or the first layer when `name` is nil.
    /// - Throws: `GDALError` listing the layers there are when none has that name.
    public func layer(_ name: String? = nil) throws -> VectorLayer {
        let all = layers
        guard let name else {
            guard let first = all.first else { throw GDALError(message: "'\(path)' has no layers") }
            return first
        }
        guard let found = all.first(where: { $0.name == name }) else {
            throw GDALError(message: "'\(path)' has no layer '\(name)'; layers: \(all.map(\.name).joined(separator: ", "))")
        }
        return found
    }

    /// Gives a plain "no such file" error for local paths before GDAL guesses at formats.
    static func checkExists(_ path: String) throws {
        guard !path.hasPrefix("/vsi"), !GDALPath.isRemote(path) else { return }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw GDALError(code: 4, message: "cannot open '\(path)': no such file or directory")
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw GDALError(code: 4, message: "cannot open '\(path)': permission denied")
        }
    }
}
