import Foundation

/// One background thread that runs the newest request only: submitting while busy replaces the
/// waiting request (older ones are dropped unrun); the running one can see that it went stale (`Job.isStale`) and
/// stop early, and a result that is stale when it finishes (a newer request was submitted meanwhile) is dropped
/// too. A running request may post partial results (`Job.post`) before its final one. The UI thread never waits:
/// it submits, and later picks up the newest posted result from the mailbox.
public final class LatestRequestWorker<Request: Sendable, Output: Sendable>: @unchecked Sendable {
    /// A posted result: partial or final.
    public struct Finished {
        /// The id it was submitted with.
        public let id: Int
        /// What `work` returned or posted.
        public let output: Output
    }

    /// The request being run, as `work` sees it: whether it went stale, and a way to post partial results.
    public struct Job: @unchecked Sendable {
        /// The id it was submitted with.
        public let id: Int
        let worker: LatestRequestWorker

        /// True once a newer request was submitted (or the worker stopped): the result would be dropped, so
        /// `work` should stop at its next chance and return nil.
        public var isStale: Bool { worker.isStale(id) }

        /// Posts `output` as this request's newest result (it replaces whatever the mailbox holds) and wakes the
        /// UI; dropped, and false returned, when the request is stale.
        @discardableResult
        public func post(_ output: Output) -> Bool { worker.post(output, id: id) }
    }

    private let condition = NSCondition()
    private let work: @Sendable (Request, Job) -> Output?
    private let onFinished: @Sendable () -> Void
    // Guarded by `condition`:
    private var waiting: (id: Int, request: Request)?
    private var latestSubmitted = Int.min
    private var mailbox: Finished?
    private var stopped = false
    private var running = false
    private var droppedCount = 0
    private var cancelledCount = 0

    /// Starts the thread. `work` runs on it; `onFinished` is called there after a fresh result was
    /// posted (use it to wake the run loop).
    public convenience init(
        name: String, work: @escaping @Sendable (Request) -> Output, onFinished: @escaping @Sendable () -> Void = {}
    ) {
        self.init(name: name, cancellableWork: { request, _ in work(request) }, onFinished: onFinished)
    }

    /// Starts the thread with `work` that may post partial results and stop early when its job goes stale
    /// (returning nil: nothing more is posted for it). `onFinished` is called on the thread after each fresh post.
    public init(
        name: String, cancellableWork work: @escaping @Sendable (Request, Job) -> Output?,
        onFinished: @escaping @Sendable () -> Void = {}
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

    /// Makes every request up to `id` stale without submitting a new one: the waiting one is dropped, the running
    /// one sees `isStale` and what it returns is dropped (for work the screen no longer wants).
    public func cancel(through id: Int) {
        condition.lock()
        if waiting != nil { droppedCount += 1 }
        waiting = nil
        latestSubmitted = max(latestSubmitted, id + 1)
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

    /// How many requests stopped early because they went stale (`work` returned nil).
    public var cancelled: Int {
        condition.lock()
        defer { condition.unlock() }
        return cancelledCount
    }

    /// Lets the thread end after the request it is running (it is not waited for; it sees itself stale).
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

            let output = work(job.request, Job(id: job.id, worker: self))

            condition.lock()
            running = false
            let fresh = output != nil && job.id >= latestSubmitted && !stopped
            if let output, fresh {
                mailbox = Finished(id: job.id, output: output)
            } else if output == nil {
                cancelledCount += 1
            } else {
                droppedCount += 1
            }
            condition.broadcast()
            condition.unlock()
            if fresh { onFinished() }
        }
    }

    private func isStale(_ id: Int) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return id < latestSubmitted || stopped
    }

    private func post(_ output: Output, id: Int) -> Bool {
        condition.lock()
        let fresh = id >= latestSubmitted && !stopped
        if fresh { mailbox = Finished(id: id, output: output) }
        condition.unlock()
        if fresh { onFinished() }
        return fresh
    }
}
