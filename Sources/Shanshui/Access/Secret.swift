import Foundation
/// Random secrets (token secrets, session ids, CSRF tokens, keys) and comparing them without
/// leaking by timing how much of a guess was right.
public enum Secret {
    /// 32 bytes from the system's cryptographic generator as 64 lowercase hex digits.
    public static func randomHex() -> String {
        var random = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &random)) }.joined()
    }

    /// True when `a` and `b` are equal, in time independent of where they first differ.
    public static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
