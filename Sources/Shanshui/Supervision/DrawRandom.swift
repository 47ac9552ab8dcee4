import Crypto

/// The random numbers of a double-random draw: a SHA-256 counter generator anyone can re-implement.
///
/// The key is `SHA-256("shanshui-draw-v1" ‖ 0x00 ‖ UTF-8(seed))`. The k-th number (k = 0, 1, 2...)
/// is the first 8 bytes, read big-endian, of `SHA-256(key ‖ k as 8 bytes big-endian)`. A number
/// below n is drawn by rejection: numbers smaller than 2⁶⁴ mod n are thrown away and the next
/// one taken, and the kept one is reduced mod n, so every value below n is equally likely.
/// Nothing depends on the platform's random generator, word size or locale: the same seed gives
/// the same numbers on every machine.
public struct DrawRandom: Sendable {
    private let key: [UInt8]
    /// How many 64-bit numbers have been taken so far.
    public private(set) var counter: UInt64 = 0

    /// A generator for `seed` (any text; published before the draw, e.g. a lottery result).
    public init(seed: String) {
        var h = SHA256()
        h.update("shanshui-draw-v1")
        h.update([0])
        h.update(seed)
        key = Array(h.finalize())
    }

    /// The next 64-bit number.
    public mutating func next() -> UInt64 {
        var h = SHA256()
        h.update(key)
        h.update((0..<8).reversed().map { UInt8(truncatingIfNeeded: counter >> (UInt64($0) * 8)) })
        counter += 1
        return h.finalize().prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// A number in `0..<n`, uniformly (rejection sampling, no modulo bias).
    public mutating func below(_ n: Int) -> Int {
        precondition(n > 0, "nothing to draw from")
        let bound = UInt64(n)
        let threshold = (0 &- bound) % bound  // 2⁶⁴ mod n
        while true {
            let x = next()
            if x >= threshold { return Int(x % bound) }
        }
    }

    /// `k` distinct positions out of `0..<n`, in draw order: the first k steps of a Fisher–Yates
    /// shuffle (step i swaps position i with i + below(n − i)).
    public mutating func sample(_ k: Int, of n: Int) -> [Int] {
        var positions = Array(0..<n)
        for i in 0..<min(k, n) {
            let j = i + below(n - i)
            positions.swapAt(i, j)
        }
        return Array(positions.prefix(min(k, n)))
    }
}
