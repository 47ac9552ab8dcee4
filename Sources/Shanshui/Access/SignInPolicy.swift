/// The limits of web sign-in: how long a session lives and when repeated failures lock a user out.
///
/// Defaults suit field staff on a phone: a session survives a two-hour break and lasts a working
/// day; five wrong passwords within fifteen minutes lock the name for fifteen minutes (slow enough
/// to stop guessing, short enough that a locked-out inspector is not stranded for the day). A
/// browser signed in from before is trusted for 180 days: the lockout of the name does not apply
/// to it, and its own wrong passwords lock that browser alone (`TrustedDevice`).
public struct SignInPolicy: Sendable, Hashable {
    /// A session unused this long (seconds) has ended.
    public var idleSeconds: Int64 = 2 * 3600
    /// A session this old (seconds) has ended, however busy.
    public var absoluteSeconds: Int64 = 12 * 3600
    /// Failed passwords within `failureWindowSeconds` that lock the user name.
    public var maximumFailures = 5
    public var failureWindowSeconds: Int64 = 15 * 60
    /// How long a lockout lasts (seconds).
    public var coolDownSeconds: Int64 = 15 * 60
    /// How long a browser stays trusted after a sign-in on it (seconds): the device cookie's life.
    public var trustedDeviceSeconds: Int64 = 180 * 86400
    /// The most browsers trusted for one user; a new one ends the oldest one's trust (a script
    /// signing in without keeping cookies would otherwise add one at every sign-in).
    public var trustedDevicesPerUser = 20

    /// The default limits.
    public init() {}

    /// True when `session` has ended at `now` by either limit.
    public func hasExpired(_ session: Session, at now: Timestamp) -> Bool {
        now >= session.lastSeenAt.adding(seconds: idleSeconds) || now >= session.createdAt.adding(seconds: absoluteSeconds)
    }

    /// True when `device`'s trust has run out at `now`.
    public func hasExpired(_ device: TrustedDevice, at now: Timestamp) -> Bool {
        now >= device.createdAt.adding(seconds: trustedDeviceSeconds)
    }

    /// The failures after one more failed password at `now`: a window that has passed starts
    /// again, and reaching the limit locks the name for the cool-down.
    public func failing(_ previous: SignInFailures?, name: String, at now: Timestamp) -> SignInFailures {
        var f = previous.flatMap { now < $0.firstFailedAt.adding(seconds: failureWindowSeconds) ? $0 : nil }
            ?? SignInFailures(userName: name, count: 0, firstFailedAt: now)
        f.count += 1
        if f.count >= maximumFailures { f.lockedUntil = now.adding(seconds: coolDownSeconds) }
        return f
    }

    /// Seconds until sign-in is allowed again, or nil when the name is not locked at `now`.
    public func lockedFor(_ failures: SignInFailures?, at now: Timestamp) -> Int64? {
        guard let until = failures?.lockedUntil, now < until else { return nil }
        return until.secondsSince1970 - now.secondsSince1970
    }
}
