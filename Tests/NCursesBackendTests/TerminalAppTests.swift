import BertKit
import Foundation
import NCursesBackend
import ScopeUI
import TestSupport
import XCTest

/// The run loop on a scripted screen and a slow fake encoder: the loop never waits for an encode,
/// the newest text wins, and quit and signals end it.
final class TerminalAppTests: XCTestCase {
    /// Plays batches of events, records frames, and quits once `done` says so.
    final class ScriptedScreen: TerminalScreen, @unchecked Sendable {
        let colorMode: ColorMode = .palette256
        var pendingSignal: Int32?
        var batches: [[InputEvent]]
        var frames: [CellBuffer] = []
        var done: (CellBuffer) -> Bool
        /// Called once, when the loop asks for more after the last batch (so it has handled them all).
        var onBatchesDone: (() -> Void)?
        /// Called once, before the second batch is handed out (the loop has handled the first).
        var beforeSecondBatch: (() -> Void)?
        var handedOut = 0
        let wake = DispatchSemaphore(value: 0)
        let started = Date()

        init(batches: [[InputEvent]], done: @escaping (CellBuffer) -> Bool) {
            self.batches = batches
            self.done = done
        }

        func nextEvents(timeout: Int32) -> [InputEvent] {
            if !batches.isEmpty {
                if handedOut == 1, let f = beforeSecondBatch {
                    beforeSecondBatch = nil
                    f()
                }
                handedOut += 1
                return batches.removeFirst()
            }
            if let f = onBatchesDone {
                onBatchesDone = nil
                f()
            }
            if let last = frames.last, done(last) { return [.key(.ctrl("c"))] }
            _ = wake.wait(timeout: .now() + .milliseconds(Int(timeout)))
            if Date().timeIntervalSince(started) > 20 { return [.key(.ctrl("c"))] }  // the test fails below
            return []
        }

        func draw(_ frame: CellBuffer, cursor: (x: Int, y: Int)?) { frames.append(frame) }
        var waker: @Sendable () -> Void { { [wake] in wake.signal() } }
        func close() {}
    }

    /// Counts encodes; each takes `delay` seconds, and the first signals `firstStarted`, then waits for `gate`
    /// (when given) to open.
    final class SlowEncoder: @unchecked Sendable {
        let lock = NSLock()
        var texts: [String] = []
        let firstStarted = DispatchSemaphore(value: 0)
        var gateTimedOut = false
        let delay: Double
        let gate: DispatchSemaphore?
        init(delay: Double, gate: DispatchSemaphore? = nil) {
            self.delay = delay
            self.gate = gate
        }

        func encode(_ request: EncodeRequest, observer: (ForwardProgress) -> ForwardStep) throws -> Encoding? {
            lock.lock()
            texts.append(request.textA)
            let first = texts.count == 1
            lock.unlock()
            if first { firstStarted.signal() }
            if first, let gate, gate.wait(timeout: .now() + 20) == .timedOut {
                lock.lock()
                gateTimedOut = true
                lock.unlock()
            }
            Thread.sleep(forTimeInterval: delay)
            let pieces = request.textA.split(separator: " ").map(String.init)
            return SyntheticEncoding.make(pieces: pieces.isEmpty ? ["x"] : pieces)
        }
    }

    func core(_ sentence: String) -> ExplorerCore {
        ExplorerCore(
            options: ExplorerOptions(
                modelName: "synthetic-bert", config: SyntheticEncoding.smallConfig, sentence: sentence,
                colorMode: .palette256))
    }

    func text(of frame: CellBuffer) -> String {
        (0..<frame.height).map { frame.line($0) }.joined(separator: "\n")
    }

    func testTypingWhileEncodesAreSlowNeverBlocksAndTheNewestTextWins() {
        // The first encode cannot finish until the loop has read every batch: a loop that waited for
        // encodes would stall here until the gate's 20 s deadline.
        let gate = DispatchSemaphore(value: 0)
        let encoder = SlowEncoder(delay: 0.05, gate: gate)
        var batches: [[InputEvent]] = [[.resize(Size(width: 80, height: 24))], [.key(.ctrl("u"))]]
        for c in "dogs bark" { batches.append([.key(.character(c))]) }
        let screen = ScriptedScreen(batches: batches) { frame in
            (0..<frame.height).contains { frame.line($0).contains("[CLS] dogs bark [SEP]") }
        }
        screen.onBatchesDone = { gate.signal() }
        // The worker's first pickup is the start-up text: the typing begins once that encode runs.
        var pickedUp = true
        screen.beforeSecondBatch = { pickedUp = encoder.firstStarted.wait(timeout: .now() + 20) == .success }
        let outcome = TerminalApp.loop(core: core("hello there"), screen: screen, encode: encoder.encode)
        XCTAssertEqual(outcome, .quit)
        XCTAssertTrue(
            screen.frames.last.map { text(of: $0).contains("[CLS] dogs bark [SEP]") } == true,
            screen.frames.last.map(text(of:)) ?? "no frame")
        XCTAssertTrue(pickedUp, "the worker never started the first encode")
        XCTAssertFalse(encoder.gateTimedOut, "the loop read all eleven batches while the first encode still ran")
        // The start-up text, then only the newest of the ten requests that came in while it ran.
        XCTAssertEqual(encoder.texts, ["hello there", "dogs bark"], "waiting requests were replaced, not queued")
    }

    func testAPendingSignalEndsTheLoop() {
        let screen = ScriptedScreen(batches: [[.resize(Size(width: 40, height: 12))]]) { _ in false }
        screen.pendingSignal = SIGTERM
        let outcome = TerminalApp.loop(core: core("hi"), screen: screen, encode: SlowEncoder(delay: 0).encode)
        XCTAssertEqual(outcome, .signal(SIGTERM))
    }

    func testAFailedEncodeIsShownAndTheLoopGoesOn() {
        struct Boom: Error, CustomStringConvertible { var description: String { "the model said no" } }
        let screen = ScriptedScreen(batches: [[.resize(Size(width: 120, height: 40))]]) { frame in
            (0..<frame.height).contains { frame.line($0).contains("the model said no") }
        }
        let outcome = TerminalApp.loop(core: core("hi"), screen: screen, encode: { _, _ in throw Boom() })
        XCTAssertEqual(outcome, .quit)
        XCTAssertTrue(
            screen.frames.last.map { text(of: $0).contains("the model said no") } == true,
            screen.frames.last.map(text(of:)) ?? "no frame")
    }
}
