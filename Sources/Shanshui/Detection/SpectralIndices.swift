/// The spectral indices behind activity typing, computed from role bands: NDVI (vegetation),
/// a water index (MNDWI with SWIR, NDWI without) and a bareness index (the bare-soil index with
/// SWIR; visible brightness against NIR without), plus visible brightness.
struct SpectralIndices {
    /// Plane positions of the roles in band-sequential buffers.
    let blue: Int, green: Int, red: Int, nir: Int
    let swir1: Int?

    init(roles: [BandRole]) {
        blue = roles.firstIndex(of: .blue)!
        green = roles.firstIndex(of: .green)!
        red = roles.firstIndex(of: .red)!
        nir = roles.firstIndex(of: .nir)!
        swir1 = roles.firstIndex(of: .swir1)
    }

    /// The name of the water index, for provenance.
    var waterIndexName: String { swir1 == nil ? "NDWI" : "MNDWI" }

    /// The name of the bareness index, for provenance.
    var bareIndexName: String { swir1 == nil ? "VNBI (visible vs NIR)" : "BSI" }

    /// Index values of one pixel of band-sequential planes.
    @inline(__always)
    func values(_ planes: UnsafeBufferPointer<Float>, count n: Int, pixel i: Int) -> (ndvi: Float, water: Float, bare: Float, visible: Float) {
        let b = planes[blue * n + i], g = planes[green * n + i], r = planes[red * n + i], nr = planes[nir * n + i]
        let ndvi = SpectralIndices.ratio(nr - r, nr + r)
        let visible = (b + g + r) / 3
        guard let swir1 else {
            return (ndvi, SpectralIndices.ratio(g - nr, g + nr), SpectralIndices.ratio(visible - nr, visible + nr), visible)
        }
        let s = planes[swir1 * n + i]
        return (ndvi, SpectralIndices.ratio(g - s, g + s), SpectralIndices.ratio((s + r) - (nr + b), (s + r) + (nr + b)), visible)
    }

    @inline(__always)
    static func ratio(_ a: Float, _ b: Float) -> Float {
        abs(b) > 1e-6 ? max(-1, min(1, a / b)) : 0
    }
}
