import Foundation

/// One background thread that runs the newest request only: submitting while busy replaces the
/// waiting request (older ones are dropped unrun), and a result that is already stale when it
/// finishes (a newer request was submitted meanwhile) is dropped too. The UI thread never waits:
/// it submits, and later picks up the newest finished result from the mailbox.
public final class LatestRequestWorker<Request: Sendable, Output: Sendable>: @unchecked Sendable {
    /// A finished request.
    public struct Finished {
        /// The id it was submitted with.
        public let id: Int
        /// What `work` returned.
        public let output: Output
    }

    private let condition = NSCondition()
    private let work: @Sendable (Request) -> Output
    private let onFinished: @Sendable () -> Void
    // Guarded by `condition`:
    private var waiting: (id: Int, request: Request)?
    private var latestSubmitted = Int.min
    private var mailbox: Finished?
    private var stopped = false
    private var running = false
    private var droppedCount = 0

    /// Starts the thread. `work` runs on it; `onFinished` is called there after a fresh result was
    /// posted (use it to wake the run loop).
    public init(
        name: String, work: @escaping @Sendable (Request) -> Output, onFinished: @escaping @Sendable () -> Void = {}
    ) {
        self.work = work
        self.onFinished = onFinished
        let thread = Thread { [self] in loop() }
        thread.name = name
        thread.start()
    }

    /// Queues `request` under `id` (ids increase); replaces any request still waiting.
    public func submit(_ request: Request, id: Int) {
        condition.lock()
        if waiting != nil { droppedCount += 1 }
        waiting = (id, request)
        latestSubmitted = max(latestSubmitted, id)
        condition.signal()
        condition.unlock()
    }

    /// Takes the newest finished result, if one arrived since the last call.
    public func takeFinished() -> Finished? {
        condition.lock()
        defer { condition.unlock() }
        let f = mailbox
        mailbox = nil
        return f
    }

    /// How many requests were replaced before they ran or finished stale (for tests and stats).
    public var dropped: Int {
        condition.lock()
        defer { condition.unlock() }
        return droppedCount
    }

    /// Lets the thread end after the request it is running (it is not waited for).
    public func stop() {
        condition.lock()
        stopped = true
        waiting = nil
        condition.broadcast()
        condition.unlock()
    }

    /// Blocks until nothing is waiting or running, or `timeout` seconds passed; true if idle.
    /// (For tests and benchmarks; the UI never calls it.)
    public func waitUntilIdle(timeout: Double) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        while waiting != nil || running {
            if !condition.wait(until: deadline) { return false }
        }
        return true
    }

    private func loop() {
        while true {
            condition.lock()
            while waiting == nil && !stopped { condition.wait() }
            guard !stopped, let job = waiting else {
                condition.unlock()
                return
            }
            waiting = nil
            running = true
            condition.unlock()

            let output = work(job.request)

            condition.lock()
            running = false
            let fresh = job.id >= latestSubmitted
            if fresh {
                mailbox = Finished(id: job.id, output: output)
            } else {
                droppedCount += 1
            }
            condition.broadcast()
            condition.unlock()
            if fresh { onFinished() }
        }
    }
}
