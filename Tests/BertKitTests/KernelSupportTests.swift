import Foundation
import XCTest

@testable import BertKit

/// CPU detection (which engine a machine gets) and the worker pool that splits the panel engine's work.
final class KernelSupportTests: XCTestCase {
    static let zen4Flags = """
        fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht \
        syscall nx mmxext fxsr_opt pdpe1gb rdtscp lm constant_tsc rep_good nopl xtopology nonstop_tsc cpuid \
        extd_apicid tsc_known_freq pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt \
        tsc_deadline_timer aes xsave avx f16c rdrand hypervisor lahf_lm cmp_legacy cr8_legacy abm sse4a \
        misalignsse 3dnowprefetch osvw topoext bmi1 avx2 smep bmi2 erms invpcid avx512f avx512dq adx smap \
        avx512ifma clflushopt clwb avx512cd sha_ni avx512bw avx512vl xsaveopt xsavec xgetbv1 xsaves
        """

    func testAVX512MachineRunsVectorKernels() {
        XCTAssertTrue(KernelSupport.supportsX8664V4(cpuinfo: "processor\t: 0\nflags\t\t: \(Self.zen4Flags)\n"))
    }

    func testAVX2OnlyMachineFallsBackToBLAS() {
        let avx2 = Self.zen4Flags.split(separator: " ").filter { !$0.hasPrefix("avx512") }.joined(separator: " ")
        XCTAssertFalse(KernelSupport.supportsX8664V4(cpuinfo: "processor\t: 0\nflags\t\t: \(avx2)\n"))
    }

    func testMissingOneV4FeatureFallsBackToBLAS() {
        let noVL = Self.zen4Flags.replacingOccurrences(of: " avx512vl", with: "")
        XCTAssertFalse(KernelSupport.supportsX8664V4(cpuinfo: "flags\t: \(noVL)\n"))
    }

    func testNoFlagsLineFallsBackToBLAS() {
        XCTAssertFalse(KernelSupport.supportsX8664V4(cpuinfo: "processor\t: 0\nBogoMIPS\t: 50.00\n"))
    }

    /// Records which chunks ran, and on which worker (each chunk writes only its own slots).
    final class RecordingJob: ChunkedJob {
        let hits: UnsafeMutablePointer<Int>
        let workers: UnsafeMutablePointer<Int>

        init(capacity: Int) {
            hits = .allocate(capacity: capacity)
            workers = .allocate(capacity: capacity)
        }

        deinit {
            hits.deallocate()
            workers.deallocate()
        }

        func reset(_ count: Int) {
            hits.initialize(repeating: 0, count: count)
            workers.initialize(repeating: -1, count: count)
        }

        func run(chunk: Int, worker: Int) {
            hits[chunk] += 1
            workers[chunk] = worker
        }
    }

    @available(macOS 15.0, *)
    func testPoolRunsEveryChunkExactlyOnceOnValidWorkers() {
        let job = RecordingJob(capacity: 64)
        for threads in [2, 3] {
            let pool = WorkerPool(threads: threads)
            for round in 0..<2000 {
                let count = 1 + round % 37
                job.reset(count)
                pool.parallel(count, job)
                XCTAssertEqual(
                    Array(UnsafeBufferPointer(start: job.hits, count: count)), [Int](repeating: 1, count: count),
                    "round \(round)")
                XCTAssertTrue(
                    UnsafeBufferPointer(start: job.workers, count: count).allSatisfy { (0..<threads).contains($0) })
            }
        }
    }

    /// The helpers park after idling; the next job still runs (wake-up path).
    @available(macOS 15.0, *)
    func testPoolWakesParkedHelpers() {
        let pool = WorkerPool(threads: 2, idleSeconds: 0.001)
        let job = RecordingJob(capacity: 64)
        for _ in 0..<3 {
            Thread.sleep(forTimeInterval: 0.02)
            job.reset(64)
            pool.parallel(64, job)
            XCTAssertEqual(Array(UnsafeBufferPointer(start: job.hits, count: 64)), [Int](repeating: 1, count: 64))
        }
    }

    /// BertKitSIMD is compiled for AVX-512. Any weak code symbol it defines that is not its own (a value-witness
    /// memcpy helper, a reabstraction thunk, a stdlib specialisation) may be merged by the linker with the
    /// baseline copy other modules call, and then SIGILL on CPUs without AVX-512. Checks its object files.
    func testVectorModuleDefinesNoSharedWeakCode() throws {
        let build = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent()
        var directory = build.appendingPathComponent("BertKitSIMD.build")
        if !FileManager.default.fileExists(atPath: directory.path) {
            // Inside the .xctest bundle on some layouts: walk up to the configuration folder.
            directory = build.deletingLastPathComponent().appendingPathComponent("BertKitSIMD.build")
        }
        // The objects of the module's current sources, as the build recorded them.
        let map = try Data(contentsOf: directory.appendingPathComponent("output-file-map.json"))
        let entries = try XCTUnwrap(JSONSerialization.jsonObject(with: map) as? [String: [String: String]])
        let objects = entries.values.compactMap { $0["object"] }
        XCTAssertFalse(objects.isEmpty, "no object files in \(directory.path)")
        for object in objects {
            let nm = Process()
            nm.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            nm.arguments = ["nm", "--defined-only", object]
            let pipe = Pipe()
            nm.standardOutput = pipe
            try nm.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            nm.waitUntilExit()
            XCTAssertEqual(nm.terminationStatus, 0, "nm failed on \(object)")
            let shared = output.split(separator: "\n").filter { line in
                let fields = line.split(separator: " ", maxSplits: 2)
                return fields.count == 3 && fields[1] == "W" && !fields[2].contains("11BertKitSIMD")
            }
            XCTAssertEqual(shared, [], "\(object) defines weak code other modules may link against")
        }
    }

    #if os(Linux)
    /// This process's threads: task id -> CPU ticks used so far (user + system).
    static func threadTicks() -> [String: Int] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        var result: [String: Int] = [:]
        for tid in tasks {
            guard let stat = try? String(contentsOfFile: "/proc/self/task/\(tid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { continue }
            // After "(comm)": state is field 3, utime 14, stime 15.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 13, let user = Int(fields[11]), let system = Int(fields[12]) else { continue }
            result[tid] = user + system
        }
        return result
    }

    /// The threads a new pool of `threads` starts (found by task id; waits for them to appear).
    @available(macOS 15.0, *)
    static func startPool(threads: Int, idleSeconds: Double = 0.002) -> (WorkerPool, Set<String>) {
        let before = Set(threadTicks().keys)
        let pool = WorkerPool(threads: threads, idleSeconds: idleSeconds)
        var helpers: Set<String> = []
        for _ in 0..<200 where helpers.count < threads - 1 {
            Thread.sleep(forTimeInterval: 0.005)
            helpers = Set(threadTicks().keys).subtracting(before)
        }
        return (pool, helpers)
    }

    /// An idle model costs no CPU: helpers park once their spin budget is spent.
    @available(macOS 15.0, *)
    func testIdleHelpersStopUsingCPU() {
        let (pool, helpers) = Self.startPool(threads: 2)
        XCTAssertEqual(helpers.count, 1, "helper thread did not start")
        let job = RecordingJob(capacity: 8)
        job.reset(8)
        pool.parallel(8, job)
        Thread.sleep(forTimeInterval: 0.1)
        let before = Self.threadTicks()
        Thread.sleep(forTimeInterval: 0.5)
        let after = Self.threadTicks()
        for tid in helpers {
            let used = (after[tid] ?? 0) - (before[tid] ?? 0)
            XCTAssertLessThanOrEqual(used, 2, "an idle helper used \(used) ticks in 0.5 s")
        }
        withExtendedLifetime(pool) {}
    }

    /// Releasing the pool ends its helper threads.
    @available(macOS 15.0, *)
    func testReleasedPoolsThreadsExit() {
        var (pool, helpers): (WorkerPool?, Set<String>) = Self.startPool(threads: 3)
        XCTAssertEqual(helpers.count, 2, "helper threads did not start")
        let job = RecordingJob(capacity: 8)
        job.reset(8)
        pool?.parallel(8, job)
        pool = nil
        var left = helpers
        for _ in 0..<200 where !left.isEmpty {
            Thread.sleep(forTimeInterval: 0.005)
            left = helpers.intersection(Self.threadTicks().keys)
        }
        XCTAssertEqual(left, [], "helper threads still running after the pool was released")
    }
    #endif
}
