import CCrypt
import Foundation

/// Password hashing with yescrypt through libxcrypt (`crypt_gensalt_rn`, `crypt_rn`), the
/// maintained implementation Debian itself uses for `/etc/shadow`: salted, deliberately slow,
/// and self-describing (`$y$j9T$salt$hash`), so the cost can be raised later without a migration.
public enum PasswordHash {
    /// A new hash of `password` with a fresh random salt (libxcrypt reads the OS's randomness).
    /// - Throws: `DomainError.invalidValue` when libxcrypt refuses (it should not).
    public static func make(_ password: String) throws -> String {
        var setting = [CChar](repeating: 0, count: Int(CRYPT_GENSALT_OUTPUT_SIZE))
        guard crypt_gensalt_rn("$y$", 0, nil, 0, &setting, Int32(setting.count)) != nil else {
            throw DomainError.invalidValue("cannot make a password salt: \(String(cString: strerror(errno)))")
        }
        let salt = String(decoding: setting.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let hash = crypt(password, setting: salt) else {
            throw DomainError.invalidValue("cannot hash the password")
        }
        return hash
    }

    /// True when `password` hashes to `hash`. Compares in constant time; a malformed hash never matches.
    public static func verify(_ password: String, against hash: String) -> Bool {
        guard let again = crypt(password, setting: hash) else { return false }
        return Secret.equal(again, hash)
    }

    /// `crypt_ra`, which allocates its work area (tens of kilobytes) itself: thread-safe.
    private static func crypt(_ phrase: String, setting: String) -> String? {
        var data: UnsafeMutableRawPointer?
        var size: Int32 = 0
        defer {
            if let data {
                memset(data, 0, Int(size))
                free(data)
            }
        }
        guard let out = crypt_ra(phrase, setting, &data, &size) else { return nil }
        let text = String(cString: out)
        return text.hasPrefix("*") ? nil : text
    }
}
