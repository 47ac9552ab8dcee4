/// A rectangle of pixels: column and row of its top-left pixel, width and height in pixels.
///
/// The rasterio noun: every read and write names the window it touches, and block
/// iteration hands out windows.
public struct Window: Hashable, Sendable, CustomStringConvertible {
    /// Column of the top-left pixel (0-based).
    public var column: Int
    /// Row of the top-left pixel (0-based).
    public var row: Int
    /// Number of columns.
    public var width: Int
    /// Number of rows.
    public var height: Int

    /// Makes a window from its top-left pixel and size.
    /// - Parameters:
    ///   - column: column of the top-left pixel.
    ///   - row: row of the top-left pixel.
    ///   - width: number of columns.
    ///   - height: number of rows.
    public init(column: Int, row: Int, width: Int, height: Int) {
        self.column = column
        self.row = row
        self.width = width
        self.height = height
    }

    /// The whole of a `width` x `height` raster.
    public static func full(width: Int, height: Int) -> Window {
        Window(column: 0, row: 0, width: width, height: height)
    }

    /// Number of pixels in the window.
    public var pixelCount: Int { width * height }

    /// True when the window holds no pixels.
    public var isEmpty: Bool { width <= 0 || height <= 0 }

    /// One past the last column.
    public var columnEnd: Int { column + width }

    /// One past the last row.
    public var rowEnd: Int { row + height }

    /// The pixels both windows share, or nil when they share none.
    /// - Parameter other: another window on the same raster.
    /// - Returns: the overlap, never empty.
    public func intersection(_ other: Window) -> Window? {
        let c0 = max(column, other.column), r0 = max(row, other.row)
        let c1 = min(columnEnd, other.columnEnd), r1 = min(rowEnd, other.rowEnd)
        guard c1 > c0, r1 > r0 else { return nil }
        return Window(column: c0, row: r0, width: c1 - c0, height: r1 - r0)
    }

    /// True when `other` lies entirely inside this window.
    public func contains(_ other: Window) -> Bool {
        other.column >= column && other.row >= row && other.columnEnd <= columnEnd && other.rowEnd <= rowEnd
    }

    /// The pixels as a person reads them in an error, 0-based and inclusive:
    /// "columns 390-409, rows 0-0 (20x1 pixels)".
    public var description: String {
        isEmpty ? "an empty window at column \(column), row \(row)"
            : "columns \(column)-\(columnEnd - 1), rows \(row)-\(rowEnd - 1) (\(width)x\(height) pixels)"
    }
}
