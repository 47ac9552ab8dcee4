/// Errors a user can cause in the domain: each says what was wrong, where, and what to do.
public enum DomainError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A value that does not parse or is not allowed (a date, a kind, a zone name).
    case invalidValue(String)
    /// A referenced thing that does not exist (a protected area id, a cell code).
    case notFound(String)
    /// Input data that cannot be used as given (empty layer, wrong geometry type, missing CRS).
    case invalidInput(String)
    /// An operation not allowed in the current state (withdrawing a withdrawn area).
    case conflict(String)

    public var description: String {
        switch self {
        case .invalidValue(let m), .notFound(let m), .invalidInput(let m), .conflict(let m): m
        }
    }
}
