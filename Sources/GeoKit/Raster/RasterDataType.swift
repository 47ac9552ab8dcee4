import CGDAL

/// The type of a band's pixel values, one case per `GDALDataType`.
///
/// The raw value is GDAL's own name ("Byte", "UInt16", "Float32"...), the word `gdalinfo`
/// prints, so a type can be named in configuration and messages the way GDAL users know it.
public enum RasterDataType: String, CaseIterable, Hashable, Sendable {
    case unknown = "Unknown"
    case byte = "Byte"
    case uint16 = "UInt16"
    case int16 = "Int16"
    case uint32 = "UInt32"
    case int32 = "Int32"
    case uint64 = "UInt64"
    case int64 = "Int64"
    case float32 = "Float32"
    case float64 = "Float64"
    case cint16 = "CInt16"
    case cint32 = "CInt32"
    case cfloat32 = "CFloat32"
    case cfloat64 = "CFloat64"

    /// GDAL's name for the type, e.g. "UInt16".
    public var name: String { rawValue }

    /// Bytes per pixel value (complex types count both parts); 0 for `unknown`.
    public var byteSize: Int { Int(GDALGetDataTypeSizeBytes(gdal)) }

    /// True for integer types (complex integers included).
    public var isInteger: Bool { GDALDataTypeIsInteger(gdal) != 0 }

    /// True for floating-point types (complex floats included).
    public var isFloatingPoint: Bool { GDALDataTypeIsFloating(gdal) != 0 }

    /// True for types that hold negative values.
    public var isSigned: Bool { GDALDataTypeIsSigned(gdal) != 0 }

    /// True for complex (two-part) types.
    public var isComplex: Bool { GDALDataTypeIsComplex(gdal) != 0 }

    /// The `GDALDataType` handed to GDAL calls.
    var gdal: GDALDataType {
        switch self {
        case .unknown: GDT_Unknown
        case .byte: GDT_Byte
        case .uint16: GDT_UInt16
        case .int16: GDT_Int16
        case .uint32: GDT_UInt32
        case .int32: GDT_Int32
        case .uint64: GDT_UInt64
        case .int64: GDT_Int64
        case .float32: GDT_Float32
        case .float64: GDT_Float64
        case .cint16: GDT_CInt16
        case .cint32: GDT_CInt32
        case .cfloat32: GDT_CFloat32
        case .cfloat64: GDT_CFloat64
        }
    }

    /// The case for a `GDALDataType` GDAL returned; `unknown` for any type newer than this list.
    init(gdal: GDALDataType) {
        self = RasterDataType.allCases.first { $0.gdal == gdal } ?? .unknown
    }
}
