import Crypto
import Foundation
import GeoKit
import Shanshui
import Synchronization

/// HTTP Basic sign-in against the user accounts (`shanshui users`), for QGIS and GDAL.
///
/// yescrypt is slow on purpose (tens of milliseconds), and QGIS sends the password with every
/// tile of requests, so a successful check is remembered for this process as a keyed SHA-256
/// of the stored hash and the password: a changed password or hash, or a disabled account,
/// takes effect on the next request because the account is read each time.
final class BasicSignIn: Sendable {
    let signIns: SignIns
    /// Why Basic is refused on this service, or nil when it is allowed.
    let refusal: String?
    private let key: String
    private let verified = Mutex<Set<String>>([])
    private static let capacity = 10_000

    /// Basic sign-in over the accounts of `signIns` (and its lockout); `refusal` (when set) is the reason every Basic attempt is refused.
    init(signIns: SignIns, refusal: String?) {
        self.signIns = signIns
        self.refusal = refusal
        key = Secret.randomHex()
    }

    /// The identity of `Basic` credentials (base64 of `name:password`).
    /// - Throws: 401 for malformed credentials, an unknown or disabled user, a wrong password, or
    ///   when Basic is refused on this service (plain HTTP on a non-loopback address).
    func identity(_ credentials: String) async throws -> Identity {
        if let refusal { throw AuthMiddleware.refused(refusal) }
        guard let data = Data(base64Encoded: credentials), let text = String(data: data, encoding: .utf8),
              let colon = text.firstIndex(of: ":") else {
            throw AuthMiddleware.refused("Basic credentials must be base64 of NAME:PASSWORD")
        }
        let name = String(text[..<colon]), password = String(text[text.index(after: colon)...])
        let refused = AuthMiddleware.refused("unknown user, wrong password, or a disabled account")
        if let user = try await signIns.accounts.store.user(name: name), !user.disabled,
           verified.withLock({ $0.contains(fingerprint(user, password)) }) {
            return Identity(name: user.name, role: user.role)
        }
        // Checked under the lockout, which counts Basic failures too: Basic cannot be used to guess around it.
        let user: User
        do {
            user = try await signIns.verify(name: name, password: password)
        } catch SignIns.Refusal.wrongCredentials {
            throw AuthMiddleware.refused("unknown user, wrong password, or a disabled account")
        } catch SignIns.Refusal.lockedOut(let wait) {
            throw SessionController.lockedOut(name, wait)
        }
        verified.withLock {
            if $0.count >= Self.capacity { $0.removeAll() }
            $0.insert(fingerprint(user, password))
        }
        return Identity(name: user.name, role: user.role)
    }

    /// The remembered form of a successful check: keyed SHA-256 of the stored hash and the password.
    private func fingerprint(_ user: User, _ password: String) -> String {
        SHA256.hex((key + "\u{0}" + user.passwordHash + "\u{0}" + password).utf8)
    }
}
