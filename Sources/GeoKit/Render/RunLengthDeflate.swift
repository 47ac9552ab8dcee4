import CZlib

/// A zlib stream (RFC 1950 around one RFC 1951 block) that codes every repeat of the previous byte
/// as a distance-1 match and everything else as a literal, with Huffman codes fitted to the data:
/// what zlib's `Z_RLE` strategy does, without its per-symbol bookkeeping and block splitting.
/// PNG rows filtered with Sub and Up are mostly runs of zeros where a picture is flat or enlarged,
/// and finding those runs is all the search there is, so this codes a chip in half the CPU of
/// GDAL's libdeflate at its fastest level, for files about 6 % larger (the bench pair's chips).
enum RunLengthDeflate {
    /// The zlib stream of `data`.
    static func zlib(_ data: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        let n = data.count
        // Tokens: a literal byte (0–255) or a match length (3–258) + 256, each with distance 1.
        // Written before they are read, so not zeroed first (chips are hundreds of kilobytes).
        var tokens = [UInt16](unsafeUninitializedCapacity: n) { _, initialized in initialized = n }
        var count = 0
        // Four tables of counts, taken in turn: consecutive tokens of one value (common in
        // filtered rows) do not each wait for the count the previous one stored.
        var counts = [Int](repeating: 0, count: 4 * 286)
        let symbolOf = lengthSymbol
        tokens.withUnsafeMutableBufferPointer { token in
            counts.withUnsafeMutableBufferPointer { f in
                var i = 0
                while i < n {
                    let b = data[i]
                    if i > 0, data[i - 1] == b {
                        let limit = min(n, i + 258)
                        var j = i + 1
                        // Eight bytes at a time: the first that differs ends the run.
                        let repeated = UInt64(b) &* 0x0101_0101_0101_0101
                        while j + 8 <= limit {
                            let differs = UnsafeRawPointer(data.baseAddress! + j).loadUnaligned(as: UInt64.self).littleEndian ^ repeated
                            if differs != 0 {
                                j += differs.trailingZeroBitCount >> 3
                                break
                            }
                            j += 8
                        }
                        while j < limit, data[j] == b { j += 1 }
                        if j - i >= 3 {
                            token[count] = UInt16(j - i + 256)
                            f[(count & 3) * 286 + Int(symbolOf[j - i])] &+= 1
                            count += 1
                            i = j
                            continue
                        }
                    }
                    token[count] = UInt16(b)
                    f[(count & 3) * 286 + Int(b)] &+= 1
                    count += 1
                    i += 1
                }
            }
        }
        var frequency = [Int](repeating: 0, count: 286)
        for table in 0..<4 {
            for s in 0..<286 { frequency[s] += counts[table * 286 + s] }
        }
        frequency[256] = 1  // end of block
        let lengths = codeLengths(frequency, limit: 15)
        let codes = canonicalCodes(lengths)
        let used = (lengths.lastIndex { $0 > 0 } ?? 256) + 1

        // Each literal's code, and each match length's whole pattern (length code, extra bits,
        // then distance code 0: distance 1), as (bits, count) ready to write.
        var literal = [UInt64](repeating: 0, count: 257)
        for s in 0...256 { literal[s] = UInt64(codes[s]) | UInt64(lengths[s]) << 32 }
        var match = [UInt64](repeating: 0, count: 259)
        for length in 3...258 {
            let s = Int(symbolOf[length]), extra = lengthExtraBits[s - 257]
            let bits = UInt64(codes[s]) | UInt64(length - lengthBase[s - 257]) << UInt64(lengths[s])
            match[length] = bits | UInt64(lengths[s] + extra + 1) << 32
        }
        // Every byte below the writer's count is written, so the buffer is not zeroed first.
        return [UInt8](unsafeUninitializedCapacity: 2 * n + 1024) { buffer, initialized in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            var out = BitWriter(raw.baseAddress!)
            out.byte(0x78)  // deflate, 32 KB window
            out.byte(0x01)  // fastest; the check bits make 0x7801 a multiple of 31
            out.put(1 | 2 << 1, 3)  // final block, dynamic Huffman codes
            out.put(UInt64(max(257, used) - 257), 5)
            out.put(0, 5)  // one distance code
            out.put(15, 4)  // all 19 code-length code lengths follow
            // Code-length code: lengths 0–15 with 4 bits each (a complete code), 16–18 unused.
            for symbol in [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15] { out.put(symbol >= 16 ? 0 : 4, 3) }
            for s in 0..<max(257, used) { out.put(UInt64(reversed(UInt32(lengths[s]), 4)), 4) }
            out.put(UInt64(reversed(1, 4)), 4)  // the distance code's length: 1 bit
            tokens.withUnsafeBufferPointer { token in
                literal.withUnsafeBufferPointer { literal in
                    match.withUnsafeBufferPointer { match in
                        for k in 0..<count {
                            let t = Int(token[k])
                            let pattern = t < 256 ? literal[t] : match[t - 256]
                            out.put(pattern & 0xFFFF_FFFF, pattern >> 32)
                        }
                    }
                }
            }
            out.put(literal[256] & 0xFFFF_FFFF, literal[256] >> 32)
            out.alignToByte()
            let adler = UInt32(adler32(1, data.baseAddress, uInt(n)))
            for shift in [24, 16, 8, 0] { out.byte(UInt8(truncatingIfNeeded: adler >> UInt32(shift))) }
            initialized = out.count
        }
    }

    static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtraBits = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    /// The length symbol (257–285) of each match length 3–258.
    static let lengthSymbol: [UInt16] = (0...258).map { length in
        guard length >= 3 else { return 0 }
        return UInt16(257 + (lengthBase.lastIndex { $0 <= length } ?? 0))
    }

    /// Huffman code lengths (at most `limit` bits) for symbols of these frequencies; 0 for unused
    /// symbols. When the tree is too deep, frequencies are halved (rare ones kept above zero) and
    /// the code built again, which evens them out until it fits.
    static func codeLengths(_ frequency: [Int], limit: Int) -> [Int] {
        var weights = frequency
        while true {
            let lengths = huffmanLengths(weights)
            if lengths.max()! <= limit { return lengths }
            weights = weights.map { $0 == 0 ? 0 : max(1, $0 >> 1) }
        }
    }

    /// Unlimited Huffman code lengths (two queues over the leaves sorted by weight). A single used
    /// symbol gets 1 bit.
    private static func huffmanLengths(_ weights: [Int]) -> [Int] {
        let leaves = weights.indices.filter { weights[$0] > 0 }.sorted { (weights[$0], $0) < (weights[$1], $1) }
        var lengths = [Int](repeating: 0, count: weights.count)
        guard leaves.count > 1 else {
            for s in leaves { lengths[s] = 1 }
            return lengths
        }
        // Nodes 0..<m are the leaves in order, m... the merged nodes in the order they are made.
        let m = leaves.count
        var weight = leaves.map { weights[$0] } + [Int](repeating: 0, count: m - 1)
        var parent = [Int](repeating: -1, count: 2 * m - 1)
        var nextLeaf = 0, nextMerged = m, made = m
        func smallest() -> Int {
            if nextLeaf < m, nextMerged >= made || weight[nextLeaf] <= weight[nextMerged] {
                nextLeaf += 1
                return nextLeaf - 1
            }
            nextMerged += 1
            return nextMerged - 1
        }
        while made < 2 * m - 1 {
            let a = smallest(), b = smallest()
            weight[made] = weight[a] + weight[b]
            parent[a] = made
            parent[b] = made
            made += 1
        }
        // Parents come after their children: depths from the root down.
        var depth = [Int](repeating: 0, count: 2 * m - 1)
        for node in stride(from: 2 * m - 3, through: 0, by: -1) { depth[node] = depth[parent[node]] + 1 }
        for (k, s) in leaves.enumerated() { lengths[s] = depth[k] }
        return lengths
    }

    /// Canonical codes (RFC 1951 3.2.2) for these lengths, bit-reversed for writing low bit first.
    static func canonicalCodes(_ lengths: [Int]) -> [UInt32] {
        var perLength = [UInt32](repeating: 0, count: 16)
        for l in lengths where l > 0 { perLength[l] += 1 }
        var next = [UInt32](repeating: 0, count: 16)
        var code: UInt32 = 0
        for bits in 1...15 {
            code = (code + perLength[bits - 1]) << 1
            next[bits] = code
        }
        return lengths.map { l in
            guard l > 0 else { return 0 }
            defer { next[l] += 1 }
            return reversed(next[l], l)
        }
    }

    static func reversed(_ code: UInt32, _ bits: Int) -> UInt32 {
        var r: UInt32 = 0
        for k in 0..<bits where code & (1 << k) != 0 { r |= 1 << (bits - 1 - k) }
        return r
    }
}

/// Bits written low bit first, as deflate packs them, into memory the caller sized (two bytes
/// per input byte and a kilobyte are more than any stream here needs, with 8 bytes to spare).
private struct BitWriter {
    private let base: UnsafeMutableRawPointer
    private(set) var count = 0
    private var pending: UInt64 = 0
    private var pendingBits: UInt64 = 0

    init(_ base: UnsafeMutableRawPointer) { self.base = base }

    /// Writes the low `bits` bits of `value` (at most 32).
    @inline(__always)
    mutating func put(_ value: UInt64, _ bits: UInt64) {
        pending |= value << pendingBits
        pendingBits += bits
        if pendingBits >= 32 {
            base.storeBytes(of: pending.littleEndian, toByteOffset: count, as: UInt64.self)
            count += 4
            pending >>= 32
            pendingBits -= 32
        }
    }

    mutating func put(_ value: Int, _ bits: Int) { put(UInt64(value), UInt64(bits)) }

    /// Pads with zero bits to a whole byte and writes what is pending.
    mutating func alignToByte() {
        while pendingBits > 0 {
            base.storeBytes(of: UInt8(truncatingIfNeeded: pending), toByteOffset: count, as: UInt8.self)
            count += 1
            pending >>= 8
            pendingBits = pendingBits > 8 ? pendingBits - 8 : 0
        }
    }

    /// One whole byte, when no bits are pending.
    mutating func byte(_ value: UInt8) {
        precondition(pendingBits == 0, "BitWriter.byte between bits")
        base.storeBytes(of: value, toByteOffset: count, as: UInt8.self)
        count += 1
    }
}
