import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GeoKit
import Shanshui
import ShanshuiServer
import ShanshuiTestSupport
import Testing

/// A live server over a store holding one village cell and a grid admin's token, on its own thread.
struct OneCellServer: Sendable {
    let task: Task<Void, any Error>
    let port: Int
    let token: String

    /// Loads the cell and the token into `store` and serves it on a free port.
    static func start(store: any WorkspaceStore, databasePath: String) async throws -> OneCellServer {
        var cells = GridBatch()
        cells.newCells = [GridCell(code: "321202001001", name: "一村", level: .village, parentCode: nil,
                                   geometry: .polygon(ReserveScene.square(Coordinate(119.95, 32.48), half: 0.01)))]
        try await store.commit(cells)
        let token = try await TokenService(store: store).create(name: "网格管理员", role: .gridAdmin).secret
        let (task, port) = try await serve(store: store, databasePath: databasePath)
        return OneCellServer(task: task, port: port, token: token)
    }

    /// Serves any open store on a free port, on the live servers' thread; cancel the task to stop it.
    static func serve(store: any WorkspaceStore, databasePath: String) async throws -> (task: Task<Void, any Error>, port: Int) {
        var config = ServerConfiguration(databasePath: databasePath)
        config.port = 0
        config.logLevel = .critical
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = try buildApplication(configuration: config, store: store) { continuation.yield($0) }
        let task = Task(executorPreference: ServerExecutor.shared) { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            task.cancel()
            throw StoreError.unusable("the server did not start")
        }
        return (task, port)
    }

    /// POSTs an assignment of the cell; returns the status, the Retry-After header and the problem's detail.
    @Sendable func assign() async throws -> (status: Int, retryAfter: String?, detail: String) {
        let body = JSONValue.object([("unit", "一村村委会"), ("head", "王伟:13800000001"), ("effective", "2026-07-01")])
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/api/v1/grid/cells/321202001001/assignments")!,
                                 timeoutInterval: 120)
        request.httpMethod = "POST"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = body.serializedData()
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        return (http.statusCode, http.value(forHTTPHeaderField: "Retry-After"), (try? JSONValue.parse(Array(data)))?["detail"]?.stringValue ?? "")
    }

    /// Stops the server and waits for it.
    func stop() async {
        task.cancel()
        _ = await task.result
    }
}
