import BertKit
import Foundation
import NCursesBackend
import ScopeUI
import TestSupport
import XCTest

/// A long editing session keeps only what the screen shows: no old encodings, a bounded history.
final class HeapRetentionTests: XCTestCase {
    /// Weak references to every encoding the session produced.
    final class Graveyard {
        private var refs: [() -> AnyObject?] = []
        func track(_ object: AnyObject) {
            weak let w = object
            refs.append { w }
        }
        var alive: Int { refs.filter { $0() != nil }.count }
        var count: Int { refs.count }
    }

    func testHundredsOfEditsRetainOnlyTheEncodingOnScreen() throws {
        let model = try ModelFixtures.miniLM()
        var core = ExplorerCore(
            options: ExplorerOptions(
                modelName: model.name, config: model.config, sentence: "hello", colorMode: .palette256))
        let size = Size(width: 120, height: 40)
        let graveyard = Graveyard()
        func run(_ effects: [Effect]) {
            for case .encode(let request) in effects {
                // Synchronously, as the worker would: every edit's encoding reaches the screen.
                guard let encoding = try? model.encode(request.textA, pair: request.textB) else { continue }
                let prepared = PreparedEncoding(encoding)
                graveyard.track(prepared)
                _ = core.receive(prepared, request: request.id)
                _ = core.render(size: size)
            }
        }
        run(core.handle(.resize(size)))
        run(core.start())
        let words = ["the", "bank", "raised", "its", "rates", "while", "she", "sat", "by", "the", "river"]
        var edits = 0
        for round in 0..<6 {
            for word in words {
                for c in word + " " {
                    run(core.handle(.key(.character(c))))
                    edits += 1
                }
            }
            run(core.handle(.key(.ctrl("w"))))
            run(core.handle(.key(.backspace)))
            run(core.handle(.paste("pasted words \(round)")))
            run(core.handle(.key(.enter)))
            run(core.handle(.key(.ctrl("u"))))
            edits += 5
        }
        XCTAssertGreaterThan(edits, 300)
        XCTAssertGreaterThan(graveyard.count, 300, "every edit was encoded and shown")
        XCTAssertEqual(graveyard.alive, 1, "only the encoding on screen is alive, of \(graveyard.count)")
        XCTAssertLessThanOrEqual(core.state.historyA.entries.count, core.state.historyA.limit)
        XCTAssertLessThanOrEqual(core.state.historyA.bytes, core.state.historyA.byteLimit)
    }

    /// The soak of issue 8 (the heap grew from 77 to 195 MB over 10,000 edits): 10,000 edits through the core,
    /// each encoded (synthetically) and received, a sentence entered and cleared every 20 steps (43 edits). What
    /// the core retains is counted: one encoding alive, and a history at its entry limit, not one per sentence.
    func testTenThousandEditsRetainABoundedState() {
        var core = ExplorerCore(
            options: ExplorerOptions(
                modelName: "synthetic-bert", config: SyntheticEncoding.smallConfig, sentence: "hello",
                colorMode: .palette256))
        let size = Size(width: 120, height: 40)
        let graveyard = Graveyard()
        var edits = 0
        var entered = 0
        var step = 0
        func run(_ effects: [Effect]) {
            for case .encode(let request) in effects {
                let pieces = request.textA.split(separator: " ").map(String.init)
                let prepared = PreparedEncoding(SyntheticEncoding.make(pieces: pieces.isEmpty ? ["x"] : pieces))
                graveyard.track(prepared)
                _ = core.receive(prepared, request: request.id)
            }
        }
        run(core.handle(.resize(size)))
        run(core.start())
        let words = ["the", "bank", "raised", "its", "rates", "while", "she", "sat", "by", "river"]
        while edits < 10_000 {
            let word = words[edits % words.count]
            run(core.handle(.key(.character(Character(String(word.first ?? "x"))))))
            run(core.handle(.key(.character(" "))))
            edits += 2
            step += 1
            // Every 20 steps the sentence is entered and cleared, so it stays short (a few words) as a user's does.
            if step % 20 == 0 {
                // A different sentence each time, so the history cannot deduplicate it away.
                run(core.handle(.paste("sentence \(entered)")))
                run(core.handle(.key(.enter)))
                run(core.handle(.key(.ctrl("u"))))
                entered += 1
                edits += 3
            }
            if step % 500 == 0 { _ = core.render(size: size) }
        }
        _ = core.render(size: size)
        XCTAssertGreaterThan(entered, core.state.historyA.limit, "more sentences were entered than the history keeps")
        XCTAssertGreaterThan(graveyard.count, 9_000, "every edit was encoded")
        XCTAssertEqual(graveyard.alive, 1, "only the encoding on screen is alive, of \(graveyard.count)")
        let history = core.state.historyA
        XCTAssertEqual(history.entries.count, history.limit, "the history stays at its limit")
        XCTAssertLessThanOrEqual(history.bytes, history.byteLimit)
        XCTAssertTrue(history.entries.last?.hasSuffix("sentence \(entered - 1)") == true, "the newest is kept")
        XCTAssertLessThanOrEqual(core.state.historyB.entries.count, core.state.historyB.limit)
        XCTAssertLessThanOrEqual(core.state.historyC.entries.count, core.state.historyC.limit)
    }

    func testAPastedBookEnteredAgainAndAgainIsNotKeptInTheHistory() {
        var core = ExplorerCore(
            options: ExplorerOptions(
                modelName: "synthetic-bert", config: SyntheticEncoding.smallConfig, sentence: "hi",
                colorMode: .palette256))
        _ = core.handle(.resize(Size(width: 80, height: 24)))
        _ = core.start()
        let book = String(repeating: "All work and no play makes Jack a dull boy. ", count: 5_000)  // 220 kB
        for i in 0..<50 {
            _ = core.handle(.key(.ctrl("u")))
            _ = core.handle(.paste(book + "\(i)"))
            _ = core.handle(.key(.enter))
        }
        let history = core.state.historyA
        XCTAssertLessThanOrEqual(history.bytes, history.byteLimit, "history holds \(history.bytes) bytes")
        XCTAssertEqual(history.entries.last, book + "49", "the newest is still there")
    }

    func testTheWorkersMailboxHoldsOneResultAndGivesItUp() {
        let graveyard = Graveyard()
        final class Box: @unchecked Sendable {
            let id: Int
            init(_ id: Int) { self.id = id }
        }
        let worker = LatestRequestWorker<Int, Box>(name: "retention-test", work: { Box($0) })
        defer { worker.stop() }
        for i in 0..<200 {
            worker.submit(i, id: i)
            XCTAssertTrue(worker.waitUntilIdle(timeout: 10))
            if let f = worker.takeFinished() { graveyard.track(f.output) }
        }
        // The thread may hold the last one until its next pickup: one more request, untracked, flushes it.
        worker.submit(200, id: 200)
        XCTAssertTrue(worker.waitUntilIdle(timeout: 10))
        XCTAssertEqual(worker.takeFinished()?.output.id, 200)
        XCTAssertEqual(graveyard.alive, 0, "no finished result is kept once taken, of \(graveyard.count)")
    }
}
