import CPROJ

/// Owns a `PJ_CONTEXT` and collects what PROJ logs, so errors carry PROJ's own words
/// ("proj_create: crs not found") instead of "Unknown error (code 4096)".
final class PROJContext {
    let handle: OpaquePointer
    fileprivate var messages: [String] = []

    /// The calling thread's context.
    static var current: PROJContext { perThread.value }
    private static let perThread = ThreadLocal { PROJContext() }

    init() {
        guard let ctx = proj_context_create() else { fatalError("proj_context_create returned NULL") }
        handle = ctx
        proj_log_level(ctx, PJ_LOG_ERROR)
        proj_log_func(ctx, Unmanaged.passUnretained(self).toOpaque()) { userData, _, message in
            guard let userData, let message else { return }
            let context = Unmanaged<PROJContext>.fromOpaque(userData).takeUnretainedValue()
            context.messages.append(String(cString: message))
            if context.messages.count > 20 { context.messages.removeFirst() }
        }
    }

    deinit { proj_context_destroy(handle) }

    /// Clears collected messages before a call whose failure we want to explain.
    func reset() {
        messages.removeAll()

    }

    /// An error for a failed call: PROJ's last logged message, else its errno text.
    func error(_ what: String) -> PROJError {
        let errno = proj_context_errno(handle)
        var text = messages.last
        if text == nil, errno != 0, let s = proj_context_errno_string(handle, errno) { text = String(cString: s) }
        messages.removeAll()
        return PROJError(code: Int(errno), message: "\(what): \(text ?? "unknown PROJ error")")
    }
}

/// A failure inside PROJ: bad CRS definition, no transformation, coordinates out of domain.
public struct PROJError: Error, CustomStringConvertible, Sendable {
    /// PROJ's error number (0 when PROJ gave none).
    public var code: Int
    /// What was attempted and PROJ's message.
    public var message: String
    public var description: String { message }
}

/// Owns one `PJ` object made in a given context.
final class PJHandle {
    let pointer: OpaquePointer
    let context: PROJContext

    init(_ pointer: OpaquePointer, context: PROJContext) {
        self.pointer = pointer
        self.context = context
    }

    deinit { proj_destroy(pointer) }
}
