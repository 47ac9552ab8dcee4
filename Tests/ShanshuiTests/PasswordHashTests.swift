import Shanshui
import Testing

/// yescrypt hashes through libxcrypt: salted, self-describing, verified in constant time.
@Suite("password hashes")
struct PasswordHashTests {
    @Test func hashesAreSaltedYescryptAndVerifyOnlyTheirPassword() throws {
        let a = try PasswordHash.make("山水 correct horse"), b = try PasswordHash.make("山水 correct horse")
        #expect(a.hasPrefix("$y$") && b.hasPrefix("$y$"))
        #expect(a != b, "a fresh salt each time")
        #expect(PasswordHash.verify("山水 correct horse", against: a))
        #expect(PasswordHash.verify("山水 correct horse", against: b))
        #expect(!PasswordHash.verify("山水 correct horsE", against: a))
        #expect(!PasswordHash.verify("", against: a))
        #expect(!PasswordHash.verify("anything", against: "not a hash"))
        #expect(!PasswordHash.verify("anything", against: ""))
    }
}
