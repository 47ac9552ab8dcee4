/// A Swift number type GDAL can read pixels into and write pixels from.
///
/// `Raster.read(bands:window:as:)` asks GDAL to convert to `rasterDataType`, so a
/// UInt16 band can be read straight into `Float` for index arithmetic.
public protocol RasterScalar: Numeric, Comparable, Sendable {
    /// The GDAL type with the same memory layout as `Self`.
    static var rasterDataType: RasterDataType { get }
}

extension UInt8: RasterScalar {
    /// `Byte`.
    public static var rasterDataType: RasterDataType { .byte }
}

extension UInt16: RasterScalar {
    /// `UInt16`.
    public static var rasterDataType: RasterDataType { .uint16 }
}

extension Int16: RasterScalar {
    /// `Int16`.
    public static var rasterDataType: RasterDataType { .int16 }
}

extension UInt32: RasterScalar {
    /// `UInt32`.
    public static var rasterDataType: RasterDataType { .uint32 }
}

extension Int32: RasterScalar {
    /// `Int32`.
    public static var rasterDataType: RasterDataType { .int32 }
}

extension Float: RasterScalar {
    /// `Float32`.
    public static var rasterDataType: RasterDataType { .float32 }
}

extension Double: RasterScalar {
    /// `Float64`.
    public static var rasterDataType: RasterDataType { .float64 }
}
