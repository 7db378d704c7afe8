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
        var batchTimes: [Double] = []
        var done: (CellBuffer) -> Bool
        let wake = DispatchSemaphore(value: 0)
        let started = Date()

        init(batches: [[InputEvent]], done: @escaping (CellBuffer) -> Bool) {
            self.batches = batches
            self.done = done
        }

        func nextEvents(timeout: Int32) -> [InputEvent] {
            if !batches.isEmpty {
                batchTimes.append(Date().timeIntervalSince(started))
                return batches.removeFirst()
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

    /// Counts encodes; each takes `delay` seconds.
    final class SlowEncoder: @unchecked Sendable {
        let lock = NSLock()
        var texts: [String] = []
        let delay: Double
        init(delay: Double) { self.delay = delay }

        func encode(_ request: EncodeRequest, observer: (ForwardProgress) -> ForwardStep) throws -> Encoding? {
            lock.lock()
            texts.append(request.textA)
            lock.unlock()
            Thread.sleep(forTimeInterval: delay)
            let pieces = request.textA.split(separator: " ").map(String.init)
            return SyntheticEncoding.make(pieces: pieces.isEmpty ? ["x"] : pieces)
        }
    }

    func core(_ sentence: String) -> ExplorerCore {
        ExplorerCore(
            options: ExplorerOptions(
                modelName: "synthetic-bert", config: SyntheticEncoding.smallConfig, sentence: sentence, colorMode: .palette256))
    }

    func text(of frame: CellBuffer) -> String {
        (0..<frame.height).map { frame.line($0) }.joined(separator: "\n")
    }

    func testTypingWhileEncodesAreSlowNeverBlocksAndTheNewestTextWins() {
        let encoder = SlowEncoder(delay: 0.15)
        var batches: [[InputEvent]] = [[.resize(Size(width: 80, height: 24))], [.key(.ctrl("u"))]]
        for c in "dogs bark" { batches.append([.key(.character(c))]) }
        let screen = ScriptedScreen(batches: batches) { frame in
            (0..<frame.height).contains { frame.line($0).contains("[CLS] dogs bark [SEP]") }
        }
        let outcome = TerminalApp.loop(core: core("hello there"), screen: screen, encode: encoder.encode)
        XCTAssertEqual(outcome, .quit)
        XCTAssertTrue(screen.frames.last.map { text(of: $0).contains("[CLS] dogs bark [SEP]") } == true,
                      screen.frames.last.map(text(of:)) ?? "no frame")
        // Eleven batches went in while each encode takes 150 ms: all were read at once, not one per encode.
        XCTAssertLessThan((screen.batchTimes.last ?? 99) - (screen.batchTimes.first ?? 0), 0.15, "the loop waited for an encode")
        XCTAssertLessThan(encoder.texts.count, 6, "waiting requests were replaced, not queued: \(encoder.texts)")
        XCTAssertEqual(encoder.texts.last, "dogs bark")
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
        XCTAssertTrue(screen.frames.last.map { text(of: $0).contains("the model said no") } == true,
                      screen.frames.last.map(text(of:)) ?? "no frame")
    }
}
