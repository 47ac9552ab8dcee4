/// Where user accounts are kept, with password hashes only.
public protocol UserStore: Sendable {
    /// Records a new user. - Returns: its id. - Throws: `StoreError.constraint` when the name is taken.
    func addUser(_ user: User) async throws -> Int64
    /// The user with this name, disabled or not.
    func user(name: String) async throws -> User?
    /// Every user, oldest first.
    func users() async throws -> [User]
    /// Stores a changed user (role, person, disabled flag, password hash) by id.
    /// - Returns: false when there is no such user.
    func updateUser(_ user: User) async throws -> Bool
}
