import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A piece of work cut into chunks that can run in any order, on any thread.
///
/// A class rather than a closure: handing a closure to another thread needs an escaping closure, whose
/// context is allocated on every call, while a job object is made once and reused.
protocol ChunkedJob: AnyObject {
    /// Runs chunk `chunk` on worker `worker` (0..<threads; for per-thread scratch).
    func run(chunk: Int, worker: Int)
}

/// Runs the chunks of a job on a fixed set of threads.
protocol ParallelRunner: AnyObject {
    /// Number of threads (workers) that may run chunks; worker 0 is the caller.
    var threads: Int { get }
    /// Runs `job` once for every chunk in 0..<count, on up to `threads` threads at once, and returns when
    /// all have finished.
    func parallel(_ count: Int, _ job: ChunkedJob)
}

/// Runs everything on the calling thread.
final class SerialRunner: ParallelRunner {
    var threads: Int { 1 }
    func parallel(_ count: Int, _ job: ChunkedJob) {
        for chunk in 0..<count { job.run(chunk: chunk, worker: 0) }
    }
}

/// Persistent helper threads for the forward pass. The caller works too; chunks are claimed one at a time
/// from an atomic counter, so when a helper is slow to start (its core is busy with another process) the
/// caller simply takes more chunks instead of waiting for it.
///
/// A forward pass hands out dozens of jobs that take tens of microseconds each at 16 tokens, so idle
/// helpers spin on the job ticket (then yield) rather than sleep on a condition variable, whose wake-up
/// alone would cost as much as a job. After `idleSeconds` without work they park on a condition variable,
/// so an idle model costs no CPU. `parallel` allocates nothing.
@available(macOS 15.0, *)
final class WorkerPool: ParallelRunner, @unchecked Sendable {
    let threads: Int
    private let state: State
    private var generation = 0

    /// Starts `threads - 1` helper threads.
    init(threads: Int, idleSeconds: Double = 0.002) {
        precondition(threads >= 1)
        self.threads = threads
        state = State(idleNanoseconds: UInt64(idleSeconds * 1e9))
        for worker in 1..<max(1, threads) {
            let state = self.state
            let thread = Thread {
                #if os(Linux)
                // Named for top -H and debuggers (pthread_setname_np is not imported; at most 15 characters).
                try? "bertkit-pool-\(worker)".write(
                    toFile: "/proc/thread-self/comm", atomically: false, encoding: .utf8)
                #endif
                state.help(worker: worker)
            }
            thread.start()
        }
    }

    deinit {
        state.stopping.store(true, ordering: .sequentiallyConsistent)
        state.ticket.add(2, ordering: .sequentiallyConsistent)
        state.wakeSleepers()
    }

    func parallel(_ count: Int, _ job: ChunkedJob) {
        if threads == 1 || count <= 1 {
            for chunk in 0..<count { job.run(chunk: chunk, worker: 0) }
            return
        }
        // Publish: the job and its counters first, then an odd (open) ticket.
        state.job = job
        state.count = count
        state.next.store(0, ordering: .relaxed)
        state.done.store(0, ordering: .relaxed)
        generation += 1
        state.ticket.store(2 * generation + 1, ordering: .sequentiallyConsistent)
        if state.sleepers.load(ordering: .sequentiallyConsistent) > 0 { state.wakeSleepers() }

        let finished = state.claimAndRun(worker: 0)
        state.done.add(finished, ordering: .releasing)
        var spins = 0
        while state.done.load(ordering: .acquiring) < count {
            spins += 1
            if spins > 4096 { sched_yield() }  // a helper holding a chunk lost its core
        }
        // Close (even ticket), then wait until no helper is still looking at the job.
        state.ticket.store(2 * generation + 2, ordering: .sequentiallyConsistent)
        while state.active.load(ordering: .sequentiallyConsistent) > 0 { sched_yield() }
        state.job = nil
    }

    /// What the caller and the helpers share.
    private final class State: @unchecked Sendable {
        let idleNanoseconds: UInt64
        /// 2g + 1 while job g is open, even while closed.
        let ticket = Atomic<Int>(0)
        /// Next chunk to claim, and chunks finished, of the open job.
        let next = Atomic<Int>(0)
        let done = Atomic<Int>(0)
        /// Helpers that may be reading the job.
        let active = Atomic<Int>(0)
        /// Helpers parked on the condition variable.
        let sleepers = Atomic<Int>(0)
        let stopping = Atomic<Bool>(false)
        /// The open job and its chunk count; written only while no helper is active.
        var job: ChunkedJob?
        var count = 0
        private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

        init(idleNanoseconds: UInt64) {
            self.idleNanoseconds = idleNanoseconds
            pthread_mutex_init(mutex, nil)
            pthread_cond_init(condition, nil)
        }

        deinit {
            pthread_cond_destroy(condition)
            pthread_mutex_destroy(mutex)
            mutex.deallocate()
            condition.deallocate()
        }

        func wakeSleepers() {
            pthread_mutex_lock(mutex)
            pthread_cond_broadcast(condition)
            pthread_mutex_unlock(mutex)
        }

        /// Runs chunks of the open job until none are left; returns how many this thread ran.
        func claimAndRun(worker: Int) -> Int {
            guard let job else { return 0 }
            var finished = 0
            while true {
                let chunk = next.wrappingAdd(1, ordering: .relaxed).oldValue
                if chunk >= count { break }
                job.run(chunk: chunk, worker: worker)
                finished += 1
            }
            return finished
        }

        /// A helper's life: wait for an open ticket it has not served, take chunks, until stopped.
        func help(worker: Int) {
            var served = 0
            while true {
                waitForTicket(after: served)
                if stopping.load(ordering: .sequentiallyConsistent) { return }
                active.add(1, ordering: .sequentiallyConsistent)
                let ticket = self.ticket.load(ordering: .sequentiallyConsistent)
                if ticket & 1 == 1 {
                    let finished = claimAndRun(worker: worker)
                    if finished > 0 { done.add(finished, ordering: .releasing) }
                }
                active.subtract(1, ordering: .sequentiallyConsistent)
                served = ticket
            }
        }

        /// Returns once the ticket is open and differs from `served` (or the pool stops): spinning first,
        /// then yielding, then parked.
        private func waitForTicket(after served: Int) {
            func ready() -> Bool {
                // Sequentially consistent: pairs with the caller's ticket store and `sleepers` load.
                let t = ticket.load(ordering: .sequentiallyConsistent)
                return (t & 1 == 1 && t != served) || stopping.load(ordering: .sequentiallyConsistent)
            }
            var spins = 0
            var start: UInt64 = 0
            while !ready() {
                spins += 1
                guard spins > 2048 else { continue }
                let now = DispatchTime.now().uptimeNanoseconds
                if start == 0 { start = now }
                if now - start < idleNanoseconds {
                    sched_yield()
                    continue
                }
                pthread_mutex_lock(mutex)
                sleepers.add(1, ordering: .sequentiallyConsistent)
                while !ready() { pthread_cond_wait(condition, mutex) }
                sleepers.subtract(1, ordering: .sequentiallyConsistent)
                pthread_mutex_unlock(mutex)
                return
            }
        }
    }
}
