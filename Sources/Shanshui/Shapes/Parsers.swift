/// The parsers of the words callers type, one per enum, shared by the CLI's options and the
/// REST API's query parameters and bodies (the kinds, zones, levels and roles parse with their
/// own `init(parsing:)`). Each error lists what is accepted.

extension CaseFilter {
    /// The statuses a listing can filter on: every case status, and `supervised`.
    public static var statusWords: [String] { CaseStatus.allCases.map(\.rawValue) + ["supervised"] }

    /// Narrows the filter to a status, or to supervised cases for `supervised`.
    /// - Throws: `DomainError.invalidValue` listing the accepted words.
    public mutating func status(parsing text: String) throws {
        if text == "supervised" { supervised = true; return }
        guard let s = CaseStatus(rawValue: text) else {
            throw DomainError.invalidValue("unknown status '\(text)'; accepted: \(Self.statusWords.joined(separator: ", "))")
        }
        status = s
    }
}

extension Verdict {
    /// The verdict words: `confirmed`, `false_positive`, `permitted`.
    public static let names = ["confirmed", "false_positive", "permitted"]

    /// A verdict from its name and the details it needs: a reason (and free text) for
    /// `false_positive`, a permit reference for `permitted`.
    /// - Throws: `DomainError.invalidValue` naming the missing detail or listing the verdicts.
    public init(parsing name: String, reason: String?, text: String?, permit: String?) throws {
        switch name {
        case "confirmed": self = .confirmed
        case "false_positive":
            guard let reason else {
                throw DomainError.invalidValue("a false_positive verdict needs a reason: \(FalsePositiveReason.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            self = .falsePositive(reason: try FalsePositiveReason(parsing: reason), text: text)
        case "permitted":
            guard let permit else { throw DomainError.invalidValue("a permitted verdict needs the permit reference") }
            self = .permitted(permit: permit)
        default: throw DomainError.invalidValue("unknown verdict '\(name)'; accepted: \(Self.names.joined(separator: ", "))")
        }
    }
}

extension Bool {
    /// `true` or `false`, as query parameters and options spell them.
    /// - Throws: `DomainError.invalidValue` otherwise.
    public init(parsingFlag text: String) throws {
        guard let b = Bool(text) else { throw DomainError.invalidValue("'\(text)' is not true or false") }
        self = b
    }
}
