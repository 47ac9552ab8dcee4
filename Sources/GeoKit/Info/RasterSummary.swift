import Foundation

/// A raster's description: driver, size, CRS, extent in its CRS and in lon/lat, pixel size, bands.
public struct RasterSummary: Sendable {
    public var path: String
    public var driver: String
    public var driverLongName: String
    public var width: Int
    public var height: Int
    public var crs: CRSSummary?
    public var geoTransform: GeoTransform?
    public var extent: Envelope?
    public var extentLonLat: Envelope?
    public var bands: [RasterBandInfo]

    /// Reads everything from an open raster.
    public init(_ raster: Raster) {
        path = raster.path
        driver = raster.driverShortName
        driverLongName = raster.driverLongName
        width = raster.width
        height = raster.height
        crs = raster.crs.map(CRSSummary.init)
        geoTransform = raster.geoTransform
        extent = raster.geoTransform == nil ? nil : raster.bounds
        extentLonLat = extent?.lonLat(from: raster.crs)
        bands = raster.bands
    }

    var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("kind", "raster"), ("path", .string(path)), ("driver", .string(driver)),
            ("driverLongName", .string(driverLongName)),
            ("size", .array([.int(Int64(width)), .int(Int64(height))])), ("bandCount", .int(Int64(bands.count))),
            ("crs", crs?.json ?? .null),
        ]
        if let t = geoTransform {
            members.append(("geoTransform", .array(t.coefficients.map { .double($0) })))
            members.append(("pixelSize", .array([.double(abs(t.pixelWidth)), .double(abs(t.pixelHeight))])))
        }
        members.append(("extent", extent?.json ?? .null))
        members.append(("extentLonLat", extentLonLat?.json ?? .null))
        members.append(("bands", .array(bands.map { b in
            .object([("index", .int(Int64(b.index))), ("type", .string(b.dataType.name)),
                     ("noData", b.noData.map { .double($0) } ?? .null), ("description", .string(b.description)),
                     ("colorInterpretation", .string(b.colorInterpretation)),
                     ("block", .array([.int(Int64(b.blockWidth)), .int(Int64(b.blockHeight))]))])
        })))
        return .object(members)
    }

    var text: String {
        var lines = InfoLines()
        lines.add("File", path)
        lines.add("Kind", "raster")
        lines.add("Driver", "\(driver) (\(driverLongName))")
        lines.add("Size", "\(width) × \(height) pixels, \(bands.count) band\(bands.count == 1 ? "" : "s")")
        lines.add("CRS", crs?.text ?? "none (not georeferenced)")
        if let t = geoTransform {
            let unit = crs?.isGeographic == true ? "°" : (crs == nil ? "" : " m")
            lines.add("Pixel size", "\(Self.number(abs(t.pixelWidth)))\(unit) × \(Self.number(abs(t.pixelHeight)))\(unit)")
        }
        if let extent { lines.add("Extent", extent.text(decimals: crs?.isGeographic == true ? 7 : 3)) }
        if let extentLonLat { lines.add("Extent lon/lat", extentLonLat.text(decimals: 7)) }
        lines.add("Bands", "")
        for b in bands {
            let nodata = b.noData.map { "nodata=\(Self.number($0))" } ?? "no nodata"
            let description = b.description.isEmpty ? "" : "  \"\(b.description)\""
            lines.add("", "  \(b.index)  \(b.dataType.name)  \(nodata)  \(b.colorInterpretation)  block \(b.blockWidth)×\(b.blockHeight)\(description)")
        }
        return lines.text
    }

    static func number(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
    }
}
