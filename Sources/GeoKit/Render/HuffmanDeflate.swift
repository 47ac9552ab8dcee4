/// A zlib stream (RFC 1950) of one dynamic-Huffman DEFLATE block (RFC 1951) with literals only:
/// no search for repeated strings, just each byte coded by its frequency. On filtered imagery
/// with texture (evidence chips) it is within a few per cent of `CPLZLibDeflate` at level 1 and
/// several times faster, since finding matches is most of a deflater's time and such images have
/// few. Codes are limited to 15 bits (literals) and 7 bits (code lengths) as DEFLATE requires.
enum HuffmanDeflate {
    /// The zlib stream of `data`.
    static func zlib(_ data: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var frequencies = [Int](repeating: 0, count: 257)
        for byte in data { frequencies[Int(byte)] += 1 }
        frequencies[256] = 1  // the end of the block
        let lengths = codeLengths(frequencies, limit: 15)
        let codes = canonicalCodes(lengths)
        var out = BitWriter(capacity: data.count + data.count / 8 + 512)
        out.bytes += [0x78, 0x01]  // deflate, 32 KiB window, fastest
        out.write(1, bits: 1)  // the last block
        out.write(2, bits: 2)  // dynamic Huffman codes
        // The code lengths of 257 literal/length codes and one distance code (unused: one bit).
        let all = lengths + [1]
        var lengthFrequencies = [Int](repeating: 0, count: 19)
        for l in all { lengthFrequencies[l] += 1 }
        let lengthLengths = codeLengths(lengthFrequencies, limit: 7)
        let lengthCodes = canonicalCodes(lengthLengths)
        let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
        var sent = 19
        while sent > 4, lengthLengths[order[sent - 1]] == 0 { sent -= 1 }
        out.write(0, bits: 5)  // HLIT: 257 literal/length codes
        out.write(0, bits: 5)  // HDIST: one distance code
        out.write(UInt64(sent - 4), bits: 4)  // HCLEN
        for k in 0..<sent { out.write(UInt64(lengthLengths[order[k]]), bits: 3) }
        for l in all { out.write(UInt64(lengthCodes[l]), bits: lengthLengths[l]) }
        codes.withUnsafeBufferPointer { code in
            lengths.withUnsafeBufferPointer { length in
                for byte in data { out.write(UInt64(code[Int(byte)]), bits: length[Int(byte)]) }
            }
        }
        out.write(UInt64(codes[256]), bits: lengths[256])
        out.flush()
        let adler = adler32(data)
        out.bytes += [UInt8(adler >> 24), UInt8(adler >> 16 & 0xFF), UInt8(adler >> 8 & 0xFF), UInt8(adler & 0xFF)]
        return out.bytes
    }

    /// Huffman code lengths for `frequencies` of at most `limit` bits; 0 for unused symbols. When
    /// the optimal code is too deep, frequencies are halved (rare ones kept above zero) until it fits.
    static func codeLengths(_ frequencies: [Int], limit: Int) -> [Int] {
        var weights = frequencies
        while true {
            let lengths = huffmanLengths(weights)
            if lengths.max() ?? 0 <= limit { return lengths }
            weights = weights.map { $0 == 0 ? 0 : max(1, $0 / 2) }
        }
    }

    /// Optimal (unlimited) Huffman code lengths; a lone used symbol gets one bit.
    private static func huffmanLengths(_ weights: [Int]) -> [Int] {
        var lengths = [Int](repeating: 0, count: weights.count)
        let used = weights.indices.filter { weights[$0] > 0 }
        if used.count == 1 { lengths[used[0]] = 1 }
        guard used.count > 1 else { return lengths }
        // Nodes: leaves first, then merged ones; parent links give each leaf's depth.
        var weight = used.map { weights[$0] }, parent = [Int](repeating: -1, count: used.count)
        let queue = used.indices.sorted { weight[$0] < weight[$1] }
        var merged: [Int] = []
        var q = 0, m = 0
        func smallest() -> Int {
            if q < queue.count, m >= merged.count || weight[queue[q]] <= weight[merged[m]] {
                q += 1
                return queue[q - 1]
            }
            m += 1
            return merged[m - 1]
        }
        for _ in 1..<used.count {
            let a = smallest(), b = smallest()
            weight.append(weight[a] + weight[b])
            parent.append(-1)
            parent[a] = weight.count - 1
            parent[b] = weight.count - 1
            merged.append(weight.count - 1)
        }
        var depth = [Int](repeating: 0, count: weight.count)
        for node in stride(from: weight.count - 2, through: 0, by: -1) { depth[node] = depth[parent[node]] + 1 }
        for (k, symbol) in used.enumerated() { lengths[symbol] = depth[k] }
        return lengths
    }

    /// The canonical codes of `lengths` (RFC 1951 3.2.2), bit-reversed for LSB-first output.
    static func canonicalCodes(_ lengths: [Int]) -> [UInt32] {
        let longest = lengths.max() ?? 0
        var count = [Int](repeating: 0, count: longest + 1)
        for l in lengths where l > 0 { count[l] += 1 }
        var next = [Int](repeating: 0, count: longest + 2)
        var code = 0
        for bits in 1...max(1, longest) {
            code = (code + (bits - 1 < count.count ? count[bits - 1] : 0)) << 1
            next[bits] = code
        }
        return lengths.map { l in
            guard l > 0 else { return 0 }
            let c = next[l]
            next[l] += 1
            var reversed: UInt32 = 0
            for i in 0..<l where c >> i & 1 == 1 { reversed |= 1 << (l - 1 - i) }
            return reversed
        }
    }

    /// Adler-32 of `data` (RFC 1950), summed in runs short enough not to overflow.
    static func adler32(_ data: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        var start = 0
        while start < data.count {
            let end = min(data.count, start + 5552)
            for i in start..<end {
                a &+= UInt32(data[i])
                b &+= a
            }
            a %= 65521
            b %= 65521
            start = end
        }
        return b << 16 | a
    }

    /// Bits packed least significant first into bytes, as DEFLATE writes them.
    struct BitWriter {
        var bytes: [UInt8] = []
        private var buffer: UInt64 = 0
        private var count = 0

        init(capacity: Int) { bytes.reserveCapacity(capacity) }

        @inline(__always)
        mutating func write(_ value: UInt64, bits: Int) {
            buffer |= value << UInt64(count)
            count += bits
            if count >= 32 {
                let word = UInt32(truncatingIfNeeded: buffer)
                bytes.append(UInt8(truncatingIfNeeded: word))
                bytes.append(UInt8(truncatingIfNeeded: word >> 8))
                bytes.append(UInt8(truncatingIfNeeded: word >> 16))
                bytes.append(UInt8(truncatingIfNeeded: word >> 24))
                buffer >>= 32
                count -= 32
            }
        }

        /// Writes the last partial byte.
        mutating func flush() {
            while count > 0 {
                bytes.append(UInt8(truncatingIfNeeded: buffer))
                buffer >>= 8
                count = max(0, count - 8)
            }
        }
    }
}
