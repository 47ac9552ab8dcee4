import Foundation
import Shanshui
import ShanshuiTestSupport
import Testing

/// Web sessions, the sign-in lockout (v14) and trusted browsers (v15), the same on both stores.
@Suite("sessions and lockout over the store")
struct SignInStoreTests {
    @Test(arguments: StoreKind.available) func sessionsExpireAndLockoutCountsFailures(kind: StoreKind) async throws {
        try await Workspaces.with(kind) { workspaces in
            let store = try await workspaces.make()
            let time = try StepClock("2026-06-01T08:00:00Z")
            let accounts = Accounts(store: store, clock: time.clock), signIns = SignIns(accounts: accounts)
            try await accounts.add(name: "chen.staff", role: .viewer, password: "field password 1", personPhone: "13800000002")
            let started = try await signIns.signIn(name: "chen.staff", password: "field password 1")
            #expect(started.session.idHash == SignIns.hash(started.secret) && started.session.idHash != started.secret)
            #expect(try await store.session(idHash: started.secret) == nil, "the id itself is never stored")
            time.advance(3600)
            #expect(try await signIns.session(secret: started.secret)?.session.lastSeenAt == time.clock.now, "touched")
            #expect(try await store.session(idHash: started.session.idHash)?.lastSeenAt == time.clock.now)
            time.advance(2 * 3600)  // idle limit reached
            #expect(try await signIns.session(secret: started.secret) == nil)
            #expect(try await store.session(idHash: started.session.idHash) == nil, "an expired session is removed")

            // Five wrong passwords lock the name; the right one is then refused until the cool-down ends.
            for _ in 1...5 {
                await #expect(throws: SignIns.Refusal.wrongCredentials) { _ = try await signIns.signIn(name: "chen.staff", password: "wrong password") }
            }
            #expect(try await store.signInFailures(userName: "chen.staff")?.count == 5)
            await #expect(throws: SignIns.Refusal.lockedOut(retryAfterSeconds: 900)) {
                _ = try await signIns.signIn(name: "chen.staff", password: "field password 1")
            }
            time.advance(900)
            let again = try await signIns.signIn(name: "chen.staff", password: "field password 1")
            #expect(try await store.signInFailures(userName: "chen.staff") == nil, "a successful sign-in resets the count")
            // Disabling ends every session at once; enabling and a new password clear a lockout.
            try await accounts.setDisabled(name: "chen.staff", true)
            #expect(try await store.session(idHash: again.session.idHash) == nil)
            try await store.setSignInFailures(SignInFailures(userName: "chen.staff", count: 5, firstFailedAt: time.clock.now,
                                                             lockedUntil: time.clock.now.adding(seconds: 900)), userName: "chen.staff")
            try await accounts.setDisabled(name: "chen.staff", false)
            #expect(try await store.signInFailures(userName: "chen.staff") == nil)
            for _ in 1...5 { _ = try? await signIns.signIn(name: "chen.staff", password: "wrong password") }
            try await accounts.setPassword(name: "chen.staff", password: "field password 2")
            #expect(try await signIns.signIn(name: "chen.staff", password: "field password 2").user.personPhone == "13800000002")
        }
    }

    @Test(arguments: StoreKind.available) func aTrustedBrowserSignsInWhileStrangersHaveLockedTheName(kind: StoreKind) async throws {
        try await Workspaces.with(kind) { workspaces in
            let store = try await workspaces.make()
            let time = try StepClock("2026-06-01T08:00:00Z")
            let accounts = Accounts(store: store, clock: time.clock), signIns = SignIns(accounts: accounts)
            try await accounts.add(name: "chen.staff", role: .viewer, password: "field password 1")
            try await accounts.add(name: "li.staff", role: .viewer, password: "field password 2")
            // The first sign-in on a browser issues its device cookie; signing in with it issues none.
            let device = try #require(try await signIns.signIn(name: "chen.staff", password: "field password 1").device)
            #expect(try await store.trustedDevice(idHash: SignIns.hash(device))?.userName == "chen.staff")
            #expect(try await store.trustedDevice(idHash: device) == nil, "the id itself is never stored")
            #expect(try await signIns.signIn(name: "chen.staff", password: "field password 1", device: device).device == nil)

            // A stranger's five wrong passwords lock the name for every client without the cookie, Basic included ...
            for _ in 1...5 {
                await #expect(throws: SignIns.Refusal.wrongCredentials) { _ = try await signIns.signIn(name: "chen.staff", password: "a guess") }
            }
            let locked = SignIns.Refusal.lockedOut(retryAfterSeconds: 900)
            await #expect(throws: locked) { _ = try await signIns.signIn(name: "chen.staff", password: "field password 1") }
            await #expect(throws: locked) { _ = try await signIns.verify(name: "chen.staff", password: "field password 1") }
            // ... but not the person on their own browser, whose success leaves the name locked for the others.
            #expect(try await signIns.signIn(name: "chen.staff", password: "field password 1", device: device).device == nil)
            #expect(try await store.signInFailures(userName: "chen.staff")?.lockedUntil != nil)
            // Another user's device cookie vouches for nobody else.
            let other = try #require(try await signIns.signIn(name: "li.staff", password: "field password 2").device)
            await #expect(throws: locked) { _ = try await signIns.signIn(name: "chen.staff", password: "field password 1", device: other) }

            // Wrong passwords on the trusted browser count against that browser alone.
            time.advance(900)
            for _ in 1...5 {
                await #expect(throws: SignIns.Refusal.wrongCredentials) {
                    _ = try await signIns.signIn(name: "chen.staff", password: "a typo", device: device)
                }
            }
            #expect(try await store.trustedDevice(idHash: SignIns.hash(device))?.failures?.count == 5)
            await #expect(throws: locked) { _ = try await signIns.signIn(name: "chen.staff", password: "field password 1", device: device) }
            #expect(try await signIns.signIn(name: "chen.staff", password: "field password 1").device != nil, "the name is not locked")
            time.advance(900)
            _ = try await signIns.signIn(name: "chen.staff", password: "field password 1", device: device)
            #expect(try await store.trustedDevice(idHash: SignIns.hash(device))?.failures == nil, "a success clears the browser's count")

            // Trust runs out after 180 days: the browser is a stranger again (its record forgotten) and is given a new cookie.
            time.advance(180 * 86400)
            let renewed = try #require(try await signIns.signIn(name: "chen.staff", password: "field password 1", device: device).device)
            #expect(renewed != device)
            #expect(try await store.trustedDevice(idHash: SignIns.hash(device)) == nil)
            // A new password, or disabling the account, forgets every browser of the user.
            try await accounts.setPassword(name: "chen.staff", password: "field password 3")
            #expect(try await store.trustedDevice(idHash: SignIns.hash(renewed)) == nil)
            try await accounts.setDisabled(name: "li.staff", true)
            #expect(try await store.trustedDevice(idHash: SignIns.hash(other)) == nil)
        }
    }

    @Test(arguments: StoreKind.available) func aUserKeepsOnlyTheNewestTrustedBrowsers(kind: StoreKind) async throws {
        try await Workspaces.with(kind) { workspaces in
            let store = try await workspaces.make()
            let time = try StepClock("2026-06-01T08:00:00Z")
            var policy = SignInPolicy()
            policy.trustedDevicesPerUser = 3
            let accounts = Accounts(store: store, clock: time.clock), signIns = SignIns(accounts: accounts, policy: policy)
            try await accounts.add(name: "script.user", role: .viewer, password: "a long password")
            // A script signing in without keeping cookies is given a new device cookie each time.
            var devices: [String] = []
            for _ in 1...5 {
                devices.append(try #require(try await signIns.signIn(name: "script.user", password: "a long password").device))
                time.advance(1)
            }
            func trusted() async throws -> [Bool] {
                var out: [Bool] = []
                for d in devices { out.append(try await store.trustedDevice(idHash: SignIns.hash(d)) != nil) }
                return out
            }
            #expect(try await trusted() == [false, false, true, true, true], "only the newest three stay trusted")
            // Within one second too, the browser just trusted is always among those kept.
            for _ in 1...2 { devices.append(try #require(try await signIns.signIn(name: "script.user", password: "a long password").device)) }
            let now = try await trusted()
            #expect(now.filter { $0 }.count == 3 && now.last == true)
        }
    }
}
