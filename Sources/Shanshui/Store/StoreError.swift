/// Store failures a user can meet: a missing or foreign workspace, a constraint the data broke.
public enum StoreError: Error, CustomStringConvertible, Sendable {
    case missing(String)
    case unusable(String)
    case constraint(String)

    public var description: String {
        switch self {
        case .missing(let m), .unusable(let m), .constraint(let m): m
        }
    }
}
