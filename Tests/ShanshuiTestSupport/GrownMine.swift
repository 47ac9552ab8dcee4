import GeoKit

/// Makes a later epoch from an earlier one with a planted mine grown: the pixels in a ring
/// around the mine's box take the mine's own spectrum (read at the box centre).
public enum GrownMine {
    public static func write(from source: String, to target: String, around box: Window, by pixels: Int) throws {
        let input = try Raster.open(source)
        let bands = Array(1...input.bandCount)
        var data = try input.read(bands: bands, as: UInt16.self)
        let centre = (row: box.row + box.height / 2, column: box.column + box.width / 2)
        let spectrum = bands.map { data[$0 - 1, centre.row, centre.column] }
        for row in max(0, box.row - pixels)..<min(input.height, box.rowEnd + pixels) {
            for column in max(0, box.column - pixels)..<min(input.width, box.columnEnd + pixels) {
                let inside = row >= box.row && row < box.rowEnd && column >= box.column && column < box.columnEnd
                guard !inside else { continue }
                for b in bands.indices { data[b, row, column] = spectrum[b] }
            }
        }
        let output = try Raster.create(target, profile: input.profile)
        try output.write(data)
        for b in input.bands where !b.description.isEmpty { try output.setDescription(b.description, band: b.index) }
        try output.flush()
    }
}
