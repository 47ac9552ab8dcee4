import Foundation

/// The change model of a scan's epoch pair, fitted once on the whole overlap and shared by every
/// protected area the scan (or one worker process of a distributed scan) detects in: each area is
/// then decided by the same model, whatever its box, and the scene is sampled once.
final class SceneModelCache: @unchecked Sendable {
    private let lock = NSLock()
    private var fitted: Result<ChangeModel, any Error>?

    /// The model, fitted by `fit` on first use (other callers wait for it); a failed fit is
    /// remembered too, since refitting the same pixels fails the same way.
    func model(_ fit: () throws -> ChangeModel) throws -> ChangeModel {
        lock.lock()
        defer { lock.unlock() }
        if let fitted { return try fitted.get() }
        let result = Result { try fit() }
        fitted = result
        return try result.get()
    }

    /// True once the model is fitted (or its fit failed) or adopted in this process.
    var isSettled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return fitted != nil
    }

    /// Takes a model another process fitted on the same pixels (a distributed scan's stored
    /// model), unless this process has one already: the same numbers, without sampling again.
    func adopt(_ model: ChangeModel) {
        lock.lock()
        defer { lock.unlock() }
        if fitted == nil { fitted = .success(model) }
    }
}
