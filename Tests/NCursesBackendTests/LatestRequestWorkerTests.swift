import Foundation
import NCursesBackend
import XCTest

final class LatestRequestWorkerTests: XCTestCase {
    /// Records which requests ran; the first one blocks until released.
    final class Gate: @unchecked Sendable {
        let lock = NSLock()
        var ran: [Int] = []
        let release = DispatchSemaphore(value: 0)
        let started = DispatchSemaphore(value: 0)
    }

    func testWhileBusyOnlyTheNewestWaitingRequestRunsAndTheStaleResultIsDropped() {
        let gate = Gate()
        let woke = DispatchSemaphore(value: 0)
        let worker = LatestRequestWorker<Int, String>(
            name: "test",
            work: { n in
                if n == 1 {
                    gate.started.signal()
                    gate.release.wait()
                }
                gate.lock.lock()
                gate.ran.append(n)
                gate.lock.unlock()
                return "result \(n)"
            },
            onFinished: { woke.signal() })
        defer { worker.stop() }
        worker.submit(1, id: 1)
        XCTAssertEqual(gate.started.wait(timeout: .now() + 5), .success)
        worker.submit(2, id: 2)
        worker.submit(3, id: 3)
        worker.submit(4, id: 4)
        gate.release.signal()
        XCTAssertEqual(woke.wait(timeout: .now() + 5), .success)
        XCTAssertTrue(worker.waitUntilIdle(timeout: 5))
        XCTAssertEqual(gate.ran, [1, 4], "requests 2 and 3 were replaced before they ran")
        let finished = worker.takeFinished()
        XCTAssertEqual(finished?.id, 4)
        XCTAssertEqual(finished?.output, "result 4")
        XCTAssertNil(worker.takeFinished(), "the mailbox is emptied by taking")
        XCTAssertEqual(worker.dropped, 3, "2 and 3 replaced, 1 finished stale")
    }

    func testAnIdleWorkerDeliversEveryRequest() {
        let woke = DispatchSemaphore(value: 0)
        let worker = LatestRequestWorker<String, Int>(name: "test", work: { $0.count }, onFinished: { woke.signal() })
        defer { worker.stop() }
        worker.submit("abc", id: 7)
        XCTAssertEqual(woke.wait(timeout: .now() + 5), .success)
        XCTAssertEqual(worker.takeFinished()?.output, 3)
        worker.submit("abcdef", id: 8)
        XCTAssertEqual(woke.wait(timeout: .now() + 5), .success)
        XCTAssertEqual(worker.takeFinished()?.id, 8)
    }

    func testARunningRequestSeesItWentStaleAndItsPostsAreDroppedFromThen() {
        let gate = Gate()
        let posted = DispatchSemaphore(value: 0)
        let staleSeen = DispatchSemaphore(value: 0)
        let worker = LatestRequestWorker<Int, String>(
            name: "test",
            cancellableWork: { n, job in
                if n == 1 {
                    XCTAssertFalse(job.isStale)
                    XCTAssertTrue(job.post("partial 1"), "fresh: posted")
                    gate.started.signal()
                    gate.release.wait()
                    XCTAssertTrue(job.isStale, "request 2 came in")
                    XCTAssertFalse(job.post("late partial 1"), "stale: dropped")
                    staleSeen.signal()
                    return nil
                }
                return "result \(n)"
            },
            onFinished: { posted.signal() })
        defer { worker.stop() }
        worker.submit(1, id: 1)
        XCTAssertEqual(gate.started.wait(timeout: .now() + 5), .success)
        XCTAssertEqual(posted.wait(timeout: .now() + 5), .success)
        XCTAssertEqual(worker.takeFinished()?.output, "partial 1")
        worker.submit(2, id: 2)
        gate.release.signal()
        XCTAssertEqual(staleSeen.wait(timeout: .now() + 5), .success)
        XCTAssertEqual(posted.wait(timeout: .now() + 5), .success)
        XCTAssertTrue(worker.waitUntilIdle(timeout: 5))
        let finished = worker.takeFinished()
        XCTAssertEqual(finished?.id, 2)
        XCTAssertEqual(finished?.output, "result 2")
        XCTAssertEqual(worker.cancelled, 1, "request 1 stopped early")
        XCTAssertEqual(worker.dropped, 0)
    }
}
