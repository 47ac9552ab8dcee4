/// Store failures a user can meet: a missing or foreign workspace, a constraint the data broke.
public enum StoreError: Error, CustomStringConvertible, Sendable {
    case missing(String)
    case unusable(String)
    case constraint(String)
    /// Another writer held the database past the wait (SQLite lock, PostgreSQL lock or
    /// serialisation failure): nothing was written, and trying again shortly will do.
    case busy(String)

    public var description: String {
        switch self {
        case .missing(let m), .unusable(let m), .constraint(let m), .busy(let m): m
        }
    }
}
