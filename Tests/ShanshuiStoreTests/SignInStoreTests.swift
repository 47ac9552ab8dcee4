import Foundation
import Shanshui
import ShanshuiTestSupport
import Testing

/// Web sessions and the sign-in lockout (v14), the same on both stores.
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
}
