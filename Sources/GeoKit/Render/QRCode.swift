import CQRencode

/// A QR code (ISO/IEC 18004) for a short text such as a case page's URL, made by libqrencode:
/// its square matrix of dark and light modules, and an SVG drawing of it for documents.
public struct QRCode: Sendable {
    /// Modules per side (without the quiet zone).
    public let size: Int
    /// Row-major modules, true for dark.
    public let modules: [Bool]

    /// Encodes `text` (UTF-8, 8-bit mode) at error-correction level M, the smallest version that fits.
    /// - Throws: `QRCodeError` when the text is too long for any QR version.
    public init(_ text: String) throws {
        guard let code = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M) else {
            throw QRCodeError(message: "cannot make a QR code of \(text.utf8.count) bytes: too long for a QR code")
        }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        size = width
        modules = (0..<width * width).map { code.pointee.data[$0] & 1 == 1 }
    }

    /// Whether the module at `x`, `y` is dark.
    public func isDark(x: Int, y: Int) -> Bool { modules[y * size + x] }

    /// The code as an SVG image with a 4-module quiet zone, one path of unit squares, scaled by the viewer.
    public var svg: String {
        let quiet = 4, side = size + 2 * quiet
        var path = ""
        for y in 0..<size {
            for x in 0..<size where isDark(x: x, y: y) { path += "M\(x + quiet) \(y + quiet)h1v1h-1z" }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(side) \(side)\" shape-rendering=\"crispEdges\">"
            + "<rect width=\"\(side)\" height=\"\(side)\" fill=\"#fff\"/><path d=\"\(path)\" fill=\"#000\"/></svg>"
    }
}

/// A text too long for a QR code.
public struct QRCodeError: Error, CustomStringConvertible, Sendable {
    /// What could not be encoded.
    public var message: String
    public var description: String { message }
}
