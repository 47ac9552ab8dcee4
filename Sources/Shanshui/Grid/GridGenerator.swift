import Foundation
import GeoKit

/// Divides a cell into square cells for counties that have no village polygons: squares of a
/// fixed size in metres, laid out in the CGCS2000 3-degree Gauss-Krüger zone of the cell (a
/// local projected CRS, so the squares are true squares), clipped to the cell.
///
/// The result depends only on the cell and the size: squares sit on multiples of the size in
/// the projected CRS and are numbered row by row from the north-west, so generating again gives
/// the same codes for the same land.
public enum GridGenerator {
    /// At most this many squares may be laid out; a larger request is surely a mistake in --size.
    public static let maximumSquares = 250_000

    /// The cells of `level` covering `parent`: codes are the parent's code plus a sequence
    /// (3 digits per level step, more when needed), names the parent's name plus the sequence.
    /// - Throws: `DomainError.invalidValue` for a size that is not positive or gives too many
    ///   squares, or a level that the parent cannot hold.
    public static func cells(within parent: GridCell, size: Double, level: GridLevel) throws -> [GridCell] {
        guard size.isFinite, size > 0 else { throw DomainError.invalidValue("--size must be a positive number of metres, got \(size)") }
        guard parent.level.mayBeParent(of: level), parent.level != level else {
            throw DomainError.invalidValue("a \(parent.level) cell (\(parent.code)) cannot hold \(level) cells; pick a lower --level")
        }
        guard let lonLat = parent.geometry.envelope else { throw DomainError.invalidInput("cell \(parent.code) has no geometry") }
        let crs = try CRS.gaussKruger3(longitude: lonLat.center.x)
        let forward = try Transformer(from: .wgs84, to: crs), back = try Transformer(from: crs, to: .wgs84)
        let shape = try forward.transform(parent.geometry)
        guard let box = shape.envelope else { return [] }
        let (x0, y1) = ((box.minX / size).rounded(.down) * size, (box.maxY / size).rounded(.up) * size)
        let columns = Int(((box.maxX - x0) / size).rounded(.up)), rows = Int(((y1 - box.minY) / size).rounded(.up))
        guard columns * rows <= maximumSquares else {
            throw DomainError.invalidValue("\(columns) × \(rows) squares of \(Int(size)) m would cover \(parent.code); use a larger --size (at most \(maximumSquares) squares)")
        }
        let prepared = try PreparedGeometry(shape)
        var pieces: [Geometry] = []
        for row in 0..<rows {
            for column in 0..<columns {
                let x = x0 + Double(column) * size, y = y1 - Double(row + 1) * size
                let square = Envelope(minX: x, minY: y, maxX: x + size, maxY: y + size).polygon
                guard try prepared.intersects(square) else { continue }
                let piece = try prepared.covers(square) ? square : ImportedFeature.polygonal(try square.intersection(shape))
                // Squares that only touch the cell, or catch a speck of it, are not cells.
                if !piece.polygons.isEmpty, try piece.planarArea >= 1 { pieces.append(piece) }
            }
        }
        var width = 3 * max(1, level.rank.flatMap { l in parent.level.rank.map { l - $0 } } ?? 1)
        while pieces.count >= Int(pow(10, Double(width))) { width += 1 }
        return try pieces.enumerated().map { n, piece in
            let code = CellCode.child(of: parent.code, sequence: n + 1, width: width)
            let name = "\(parent.name)\(code.dropFirst(parent.code.count))"
            return GridCell(code: code, name: name, level: level, parentCode: parent.code,
                            geometry: try back.transform(piece), source: "generate \(Int(size)) m in \(crs)")
        }
    }
}
