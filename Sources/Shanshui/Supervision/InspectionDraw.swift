import GeoKit

/// One drawn target and the inspectors drawn for it, in draw order.
public struct DrawPick: Sendable, Hashable {
    public var target: String
    public var inspectors: [Inspector]

    /// Makes a pick.
    public init(target: String, inspectors: [Inspector]) {
        self.target = target
        self.inspectors = inspectors
    }
}

/// A stored double-random draw (双随机): how its targets were chosen, its canonical inputs and
/// their hash, its seed and its result, so anyone can re-run it (`inspect verify`).
public struct InspectionDraw: Sendable, Hashable {
    public var id: Int64
    /// UTC ISO 8601.
    public var createdAt: String
    public var kind: DrawTargetKind
    /// The target filter as given (`key=value` pairs, sorted), to gather the targets again.
    public var filter: [String]
    /// Where the inspector roster was read from.
    public var inspectorSource: String
    public var seed: String
    /// The canonical inputs (`DrawInputs.canonicalText`).
    public var inputs: String
    /// SHA-256 of `inputs`.
    public var inputsHash: String
    public var picks: [DrawPick]

    /// Makes a record.
    public init(id: Int64 = 0, createdAt: String, kind: DrawTargetKind, filter: [String], inspectorSource: String,
                seed: String, inputs: String, inputsHash: String, picks: [DrawPick]) {
        self.id = id
        self.createdAt = createdAt
        self.kind = kind
        self.filter = filter
        self.inspectorSource = inspectorSource
        self.seed = seed
        self.inputs = inputs
        self.inputsHash = inputsHash
        self.picks = picks
    }
}

/// The double-random draw (双随机): random targets, then random inspectors for each, never an
/// inspector who answers for the target.
///
/// Algorithm (version 1), over canonical `DrawInputs` and a `DrawRandom` seeded with the seed:
/// 1. Targets: `sample(n, of: T)` over the T targets sorted by id gives the drawn targets, in
///    draw order (all T when n ≥ T).
/// 2. For each drawn target in draw order: the eligible inspectors are those (sorted by
///    `NAME:PHONE`) that the target does not exclude (`DrawTarget.excludes`); `sample(k, of: E)`
///    over them gives its k = per-target inspectors, in draw order.
/// One generator serves both steps, so every number comes from the one seed. The same canonical
/// inputs and seed give the same draw on any machine.
public enum DoubleRandomDraw {
    /// Runs the draw.
    /// - Throws: `DomainError.conflict` naming a target with fewer eligible inspectors than needed,
    ///   `DomainError.invalidInput` when there is nothing to draw from.
    public static func run(_ inputs: DrawInputs, seed: String) throws -> [DrawPick] {
        guard !inputs.targets.isEmpty else { throw DomainError.invalidInput("no \(inputs.kind.rawValue) match the filter: nothing to draw") }
        guard !seed.isEmpty else { throw DomainError.invalidValue("give a seed (--seed), e.g. the published lottery number of the day") }
        var random = DrawRandom(seed: seed)
        let drawn = random.sample(inputs.count, of: inputs.targets.count).map { inputs.targets[$0] }
        return try drawn.map { target in
            let eligible = inputs.inspectors.filter { !target.excludes($0) }
            guard eligible.count >= inputs.perTarget else {
                throw DomainError.conflict("target \(target.id): only \(eligible.count) inspector(s) do not answer for it, \(inputs.perTarget) needed; add inspectors to the roster or lower --per-target")
            }
            return DrawPick(target: target.id, inspectors: random.sample(inputs.perTarget, of: eligible.count).map { eligible[$0] })
        }
    }

    /// Makes a draw record: canonicalises, draws and records inputs, hash and seed.
    public static func draw(_ inputs: DrawInputs, seed: String, filter: [String], inspectorSource: String,
                            at timestamp: String) throws -> InspectionDraw {
        InspectionDraw(createdAt: timestamp, kind: inputs.kind, filter: filter, inspectorSource: inspectorSource, seed: seed,
                       inputs: inputs.canonicalText, inputsHash: inputs.hash, picks: try run(inputs, seed: seed))
    }

    /// Re-runs a stored draw from its recorded inputs and seed.
    /// - Returns: nil when the hash and the picks match; otherwise what differs.
    public static func replay(_ draw: InspectionDraw) throws -> String? {
        let inputs = try DrawInputs(canonicalText: draw.inputs)
        guard inputs.canonicalText == draw.inputs, inputs.hash == draw.inputsHash else {
            return "the recorded inputs do not hash to the recorded \(draw.inputsHash.prefix(12))… (got \(inputs.hash.prefix(12))…)"
        }
        let again = try run(inputs, seed: draw.seed)
        guard again.map(\.target) == draw.picks.map(\.target) else { return "re-running the draw chooses other targets" }
        for (a, b) in zip(again, draw.picks) where a.inspectors.map(\.key) != b.inspectors.map(\.key) {
            return "re-running the draw chooses other inspectors for \(a.target)"
        }
        return nil
    }
}
