/// A scale bar for a picture of the ground: the longest round length that fits in about a
/// quarter of the picture's width, its length in pixels and its label in Chinese (`500 米`,
/// `2 千米`). The screen chips and the print chip both draw it.
struct ScaleBar: Equatable {
    let metres: Double
    let pixels: Int
    let label: String

    /// The round lengths a bar may show, metres.
    static let lengths: [Double] = [10, 20, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 50000]

    /// The bar for a picture `width` pixels wide at `metresPerPixel`.
    init(metresPerPixel: Double, width: Int) {
        let target = Double(width) / 4 * metresPerPixel
        metres = Self.lengths.last { $0 <= target } ?? Self.lengths[0]
        pixels = Int((metres / metresPerPixel).rounded())
        label = metres >= 1000 ? "\(Int(metres / 1000)) 千米" : "\(Int(metres)) 米"
    }
}
