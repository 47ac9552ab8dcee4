import Foundation

/// Position-hashed randomness for synthetic scenes: smooth value noise for textures and land
/// cover, and per-pixel Gaussian grain, both the same wherever a strip is generated.
struct SceneNoise: Sendable {
    let seed: UInt64

    /// Smooth value noise in [-1, 1].
    func value(_ x: Double, _ y: Double, salt: UInt64) -> Double {
        let ix = Int(x.rounded(.down)), iy = Int(y.rounded(.down))
        let fx = x - Double(ix), fy = y - Double(iy)
        let sx = fx * fx * (3 - 2 * fx), sy = fy * fy * (3 - 2 * fy)
        func lattice(_ i: Int, _ j: Int) -> Double { SplitMix.hash(seed, UInt64(bitPattern: Int64(i)), UInt64(bitPattern: Int64(j)), salt) * 2 - 1 }
        let top = lattice(ix, iy) * (1 - sx) + lattice(ix + 1, iy) * sx
        let bottom = lattice(ix, iy + 1) * (1 - sx) + lattice(ix + 1, iy + 1) * sx
        return top * (1 - sy) + bottom * sy
    }

    /// A standard normal deviate per pixel (Box-Muller on two hashes).
    func gaussian(_ x: Int, _ y: Int, salt: UInt64) -> Double {
        let u1 = max(1e-12, SplitMix.hash(seed, UInt64(x), UInt64(y), salt &* 2 &+ 101))
        let u2 = SplitMix.hash(seed, UInt64(x), UInt64(y), salt &* 2 &+ 102)
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}

/// SplitMix64: a tiny, fast, well-mixed generator, used both as a stream and as a hash.
struct SplitMix: Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix.mix(state)
    }

    mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * Double(next() >> 11) / Double(1 << 53)
    }

    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform number in [0, 1) from four integers.
    static func hash(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64) -> Double {
        let h = mix(mix(mix(a &+ 0x9E37_79B9_7F4A_7C15) ^ b &+ 0x632B_E59B_D9B4_E019) ^ c &+ 0x8CB9_2BA7_2F3D_8DD7 ^ (d &* 0xD6E8_FEB8_6659_FD93))
        return Double(h >> 11) / Double(1 << 53)
    }
}
