import BertKit
import Foundation
import ScopeUI
import TestSupport
import XCTest

@testable import NCursesBackend

/// The explorer's encode worker with the real model: a newer request stops the running encode between layers, and
/// the prefix with the layer the screen needs is posted before the complete encoding. Orders and counts, no times:
/// each test holds the encode at a chosen layer with a semaphore.
final class EncodeWorkerTests: XCTestCase {
    /// What the test saw: layers each request's forward pass reached, and every post (request, layers in it).
    final class Log: @unchecked Sendable {
        let lock = NSLock()
        var reached: [String: [Int]] = [:]
        var posts: [(id: Int, layers: Int, complete: Bool)] = []
        weak var worker: LatestRequestWorker<EncodeRequest, TerminalApp.EncodeOutcome>?
        let finished = DispatchSemaphore(value: 0)

        func reach(_ text: String, _ layer: Int) {
            lock.lock()
            reached[text, default: []].append(layer)
            lock.unlock()
        }

        /// The waker: takes the post at once (it runs on the worker thread, right after posting).
        func woke() {
            guard let f = worker?.takeFinished(), case .success(let prepared) = f.output else { return }
            lock.lock()
            posts.append((f.id, prepared.encoding.computedLayers, prepared.encoding.isComplete))
            lock.unlock()
            if prepared.encoding.isComplete { finished.signal() }
        }
    }

    /// Holds `text`'s encode after layer `layer` until `release` is signalled (signalling `held` first).
    struct Hold: @unchecked Sendable {
        let text: String
        let layer: Int
        let held = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
    }

    func worker(model: BertModel, needed: NeededLayer, log: Log, hold: Hold?)
        -> LatestRequestWorker<EncodeRequest, TerminalApp.EncodeOutcome>
    {
        let worker = TerminalApp.encodeWorker(
            encode: { request, observer in
                try model.encode(request.textA, pair: request.textB) { progress in
                    log.reach(request.textA, progress.computedLayers)
                    if let hold, request.textA == hold.text, progress.computedLayers == hold.layer {
                        hold.held.signal()
                        hold.release.wait()
                    }
                    return observer(progress)
                }
            },
            needed: needed, waker: { log.woke() })
        log.worker = worker
        return worker
    }

    func request(_ id: Int, _ text: String) -> EncodeRequest {
        EncodeRequest(id: id, textA: text, textB: nil)
    }

    func testANewerRequestStopsTheRunningEncodeBeforeItsLastLayer() throws {
        let model = try ModelFixtures.miniLM()
        let log = Log()
        let hold = Hold(text: "the first sentence", layer: 2)
        let worker = worker(model: model, needed: NeededLayer(1), log: log, hold: hold)
        defer { worker.stop() }
        worker.submit(request(1, "the first sentence"), id: 1)
        XCTAssertEqual(hold.held.wait(timeout: .now() + 30), .success)
        worker.submit(request(2, "the second one"), id: 2)
        hold.release.signal()
        XCTAssertEqual(log.finished.wait(timeout: .now() + 30), .success)
        XCTAssertTrue(worker.waitUntilIdle(timeout: 30))
        XCTAssertEqual(
            log.reached["the first sentence"], [0, 1, 2], "stopped at the first layer boundary after the newer request")
        XCTAssertEqual(log.reached["the second one"], Array(0...6))
        XCTAssertEqual(worker.cancelled, 1)
        XCTAssertEqual(
            log.posts.map(\.id), [1, 2, 2], "the stale request's layer 1, then the new one's layer 1 and the whole")
        XCTAssertEqual(log.posts.map(\.layers), [1, 1, 6])
        XCTAssertEqual(log.posts.last?.complete, true)
    }

    func testThePrefixWithTheNeededLayerIsPostedFirstThenTheCompleteEncoding() throws {
        let model = try ModelFixtures.miniLM()
        for (needed, expected) in [(0, [0, 6]), (3, [3, 6]), (6, [6])] {
            let log = Log()
            let worker = worker(model: model, needed: NeededLayer(needed), log: log, hold: nil)
            worker.submit(request(1, "layers arrive in order"), id: 1)
            XCTAssertEqual(log.finished.wait(timeout: .now() + 30), .success)
            XCTAssertTrue(worker.waitUntilIdle(timeout: 30))
            worker.stop()
            XCTAssertEqual(log.posts.map(\.layers), expected, "needed layer \(needed)")
            XCTAssertEqual(log.posts.map(\.complete), expected.map { $0 == 6 })
            XCTAssertEqual(log.reached["layers arrive in order"], Array(0...6))
            XCTAssertEqual(worker.cancelled, 0)
        }
    }

    func testSteppingUpWhileEncodingPostsTheNewLayerWhenItArrives() throws {
        let model = try ModelFixtures.miniLM()
        let log = Log()
        let needed = NeededLayer(1)
        let hold = Hold(text: "the user steps up", layer: 2)
        let worker = worker(model: model, needed: needed, log: log, hold: hold)
        defer { worker.stop() }
        worker.submit(request(1, "the user steps up"), id: 1)
        XCTAssertEqual(hold.held.wait(timeout: .now() + 30), .success)
        needed.layer = 4  // as the run loop does after a PageDown
        hold.release.signal()
        XCTAssertEqual(log.finished.wait(timeout: .now() + 30), .success)
        XCTAssertEqual(log.posts.map(\.layers), [1, 4, 6])
    }

    func testALongInputFillsInEveryLayerAfterTheNeededOne() throws {
        let model = try ModelFixtures.miniLM()
        let long = Array(repeating: "word", count: 600).joined(separator: " ")
        let log = Log()
        let worker = worker(model: model, needed: NeededLayer(2), log: log, hold: nil)
        defer { worker.stop() }
        worker.submit(request(1, long), id: 1)
        XCTAssertEqual(log.finished.wait(timeout: .now() + 60), .success)
        XCTAssertEqual(log.posts.map(\.layers), [2, 3, 4, 5, 6], "512 tokens: each layer from the needed one")
    }
}
