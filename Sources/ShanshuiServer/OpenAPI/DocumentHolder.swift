import Synchronization

/// The OpenAPI document, set once the routes are known and read by the routes that serve it.
final class DocumentHolder: Sendable {
    private let document = Mutex(OpenAPIDocument(endpoints: []))

    /// Sets the document.
    func set(_ value: OpenAPIDocument) { document.withLock { $0 = value } }

    /// The document.
    func get() -> OpenAPIDocument { document.withLock { $0 } }
}
